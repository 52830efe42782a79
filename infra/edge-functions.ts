// Source of the CloudFront Function (runtime cloudfront-js-2.0) in front of the portal where
// CloudFront has functions (not in China). Kept as a plain string so that tests can run it in
// Node; written in ES5 so it runs on either runtime.

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
