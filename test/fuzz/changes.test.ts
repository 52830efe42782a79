// Every route of the API contract that changes something (not GET), fuzzed: bodies of the route's
// own schema and mutations of them (missing, extra and mistyped fields, hostile strings, deep
// nesting, raw text, base64 bodies), path parameters, headers and callers of every kind. The answer
// is never a 5xx, an error is in Chinese with a stable code, and a refusal writes nothing and calls
// no AWS service.
import { fuzzRoutes } from './suite.js';

fuzzRoutes((routeKey) => !routeKey.startsWith('GET '));
