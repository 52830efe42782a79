// Sources of the CloudFront Functions (runtime cloudfront-js-2.0) in front of the portal. Kept as
// plain strings so that tests can run them in Node; written in ES5 so they run on either runtime.
import { API_PATH_PREFIX } from './routes.js';

if (!/^\/[a-z]+$/.test(API_PATH_PREFIX)) throw new Error(`API_PATH_PREFIX ${API_PATH_PREFIX} cannot be embedded in a regex`);

/**
 * Viewer request on `/api/*`: `/api/batches/b1` → `/batches/b1`, so that the HTTP API sees the
 * paths of infra/routes.ts (its route keys are what the handlers dispatch on). The query string is
 * a separate field of the event and passes through untouched.
 */
export const STRIP_API_PREFIX_SOURCE = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\\${API_PATH_PREFIX}\\//, '/');
  return request;
}
`;

/**
 * Viewer request on the S3 default behaviour: a path whose last segment has no dot is a portal
 * route (`/batches/b1`, `/reviews`), answered with index.html; files (`/assets/x.js`,
 * `/config.json`) pass through. This replaces distribution-wide custom error responses, which
 * would also turn the API's 403/404 into a 200 index.html.
 */
export const SPA_ROUTING_SOURCE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
`;
