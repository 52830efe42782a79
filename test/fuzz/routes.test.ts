// Every route of the API contract that reads (GET), fuzzed: path parameters, query strings,
// headers and callers of every kind. Whatever arrives, the answer is never a 5xx and an error is
// in Chinese with a stable code; nothing is written.
import { fuzzRoutes } from './suite.js';

fuzzRoutes((routeKey) => routeKey.startsWith('GET '));
