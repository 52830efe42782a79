// Both upload formats through every route that takes a file (any body with a `contentBase64`
// field): CSV in UTF-8, UTF-8 with BOM, GBK, UTF-16 and bytes of no encoding, with ragged rows,
// broken quotes, formula cells and huge cells; .xlsx that is real with wrong headers or wrong cell
// types, truncated, flipped or not a zip at all. A file is refused in Chinese with a code, its
// cell errors name sheet, row and column, nothing is written and nothing is queued.
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonSchemaOf, type Vocabulary } from './arbitraries.js';
import { anyFile, base64, type FileKind, type FuzzFile, workbookPool } from './files.js';
import { admitted, FUZZ_RUNS, FUZZ_SEED, type FuzzRequest, judge, resetMocks, ROUTE_KEYS, routeArbitraries, run } from './harness.js';
import { ROUTE_CONTRACT, type RouteContract } from '../../shared/api/index.js';
import { vocabulary } from './vocabulary.js';
import { anyPolicyFile, policyWorkbookPool } from './policy-files.js';

const CONTRACT: Readonly<Record<string, RouteContract>> = ROUTE_CONTRACT;
const RUNS = Math.max(FUZZ_RUNS, 250);

const takesFile = (routeKey: string): boolean => {
  const body = CONTRACT[routeKey]?.body;
  return body !== undefined && JSON.stringify(jsonSchemaOf(body)).includes('"contentBase64"');
};
const UPLOAD_ROUTES = ROUTE_KEYS.filter(takesFile);

let vocab: Vocabulary;
type UploadKind = FileKind | 'policy';
let files: Record<UploadKind, fc.Arbitrary<FuzzFile>>;

const KINDS: readonly UploadKind[] = ['candidates', 'records', 'units', 'holidays', 'policy'];

/** What the route reads: its files are mostly of that kind, so the fuzz gets past the headers into the cells. */
function kindOf(routeKey: string): UploadKind {
  if (routeKey === 'POST /policies') return 'policy';
  if (routeKey.includes('/records')) return 'records';
  if (routeKey === 'POST /campaigns' || routeKey.endsWith('/units')) return 'units';
  if (routeKey.includes('/holidays')) return 'holidays';
  return 'candidates';
}

const holdsFile = (value: unknown): boolean => JSON.stringify(value ?? null).includes('"contentBase64"');

/** A request that carries a file: an optional file field left out would leave nothing to fuzz. */
const carriesFile = (req: FuzzRequest): boolean => req.body.kind === 'json' && holdsFile(req.body.value);

/**
 * The request with only the body's required fields and its file: optional fields that exclude a
 * file (JSON days beside a holiday file, townships beside a units file) would keep it from the reader.
 */
function fileOnly(routeKey: string, req: FuzzRequest): FuzzRequest {
  const body = CONTRACT[routeKey]?.body;
  const value = req.body.kind === 'json' ? req.body.value : undefined;
  if (body === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return req;
  const required = jsonSchemaOf(body)['required'];
  const keep = (key: string, v: unknown) => (Array.isArray(required) && required.includes(key)) || holdsFile(v);
  return { ...req, body: { kind: 'json', value: Object.fromEntries(Object.entries(value).filter(([k, v]) => keep(k, v))) } };
}

beforeAll(async () => {
  vocab = await vocabulary();
  const of = async (kind: FileKind) => anyFile(kind, await workbookPool(kind));
  const [candidates, records, units, holidays, policyPool] = await Promise.all([
    of('candidates'),
    of('records'),
    of('units'),
    of('holidays'),
    policyWorkbookPool(),
  ]);
  files = { candidates, records, units, holidays, policy: anyPolicyFile(policyPool) };
});
beforeEach(resetMocks);

/** The body with every file in it replaced by `file`. */
function withFile(value: unknown, file: FuzzFile): unknown {
  if (Array.isArray(value)) return value.map((v) => withFile(v, file));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withFile(v, file);
  if ('contentBase64' in out) Object.assign(out, { filename: file.filename, contentBase64: base64(file) });
  return out;
}

describe('fuzzing uploads', () => {
  it('finds the routes that take files', () => {
    expect(UPLOAD_ROUTES).toEqual(expect.arrayContaining(['POST /batches', 'POST /departments/{code}/records', 'POST /policies']));
  });

  for (const routeKey of UPLOAD_ROUTES) {
    it(`${routeKey} refuses bad CSV and xlsx in Chinese with a code and sheet/row/column, writing nothing (${RUNS} files)`, async () => {
      const { shaped } = routeArbitraries(routeKey, vocab);
      const withFiles = fc
        .oneof(
          shaped,
          shaped.map((req) => fileOnly(routeKey, req)),
        )
        .filter(carriesFile);
      const reached = await admitted(routeKey, withFiles, 12);
      expect(reached.length, `${routeKey}: no caller got past authorization`).toBeGreaterThan(0);
      const kind = kindOf(routeKey);
      const other = fc.constantFrom(...KINDS.filter((k) => k !== kind)).chain((k) => files[k]);
      const file = fc.oneof({ weight: 4, arbitrary: files[kind] }, { weight: 1, arbitrary: other });
      const request = fc
        .tuple(fc.constantFrom(...reached), file)
        .map(
          ([ctx, f]): FuzzRequest =>
            ctx.body.kind === 'json' ? { ...ctx, body: { kind: 'json', value: toJson(withFile(ctx.body.value, f)) } } : ctx,
        );
      await fc.assert(
        fc.asyncProperty(request, async (req) => judge(routeKey, await run(routeKey, req))),
        { numRuns: RUNS, seed: FUZZ_SEED },
      );
    });
  }
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return null;
}
