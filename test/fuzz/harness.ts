// The fuzz suite's world: every route of the API contract (shared/api ROUTE_CONTRACT), served by
// the route table of the function infra maps it to (infra/routes.ts), over a freshly seeded
// in-memory store per input, with Step Functions and SQS mocked. A request is generated from the
// route's own schemas, so a route added to the contract is fuzzed without an edit here; a new
// API function needs one line in ROUTE_TABLES (a test says so).
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { ROUTES } from '../../infra/routes.js';
import { ErrorBody, FileRejected, ROUTE_CONTRACT, type RouteContract } from '../../shared/api/index.js';
import type { FunctionName } from '../../functions/manifest.js';
import { batchesRoutes } from '../../shared/adapters/http/batches-routes.js';
import { sfnExecutions } from '../../shared/adapters/sfn/executions.js';
import { httpHandler, type Routes } from '../../shared/adapters/http/middleware.js';
import { orgdeptRoutes } from '../../shared/adapters/http/orgdept-routes.js';
import { recordsRoutes } from '../../shared/adapters/http/records-routes.js';
import type { HttpResult } from '../../shared/adapters/http/responses.js';
import { reviewsRoutes } from '../../shared/adapters/http/reviews-routes.js';
import { accountsRoutes } from '../../shared/adapters/http/accounts-routes.js';
import type { ApiDeps } from '../../shared/adapters/http/deps.js';
import { fastHasher, type memoryIdentity } from '../adapters/memory-accounts.js';
import { memoryExportJobs } from '../adapters/memory-export-jobs.js';
import { newStoredAccount } from '../../shared/adapters/identity/local.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import type { StoredAccount, StoredPolicy } from '../../shared/app/ports.js';
import type { Decision } from '../../shared/domain/model.js';
import { taskIdFor } from '../../shared/domain/ids.js';
import { type MemoryRepositories, memoryRepositories } from '../adapters/memory-repositories.js';
import { checkResponse } from '../functions/api/contract.js';
import { claimsFor, type EventInput, httpEvent, lambdaContext } from '../functions/api/http-events.js';
import { apiDeps, CAMPAIGN, candidateIdFor, powertools, sampleRow, seedBatch, seedCampaign, seedTask } from '../functions/api/support.js';
import {
  type BodyInput,
  bodyInput,
  fromSchema,
  hostileString,
  jsonSchemaOf,
  type Mode,
  stringRecord,
  type Vocabulary,
} from './arbitraries.js';

/** Fixed by default so CI is deterministic; FUZZ_SEED and FUZZ_RUNS explore. fast-check prints the seed of a failure. */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** A route that takes no path, query or body varies only by caller and headers: a few inputs exhaust it. */
export function takesNothing(routeKey: string): boolean {
  const c = CONTRACT[routeKey];
  return c?.params === undefined && c?.query === undefined && c?.body === undefined;
}

/** Only files come back (templates): each success builds a workbook, so fewer inputs; the class still gets its 200. */
function answersOnlyFiles(routeKey: string): boolean {
  const kinds = Object.values(CONTRACT[routeKey]?.responses ?? {}).flat();
  return kinds.length > 0 && kinds.every((k) => 'file' in k);
}

/** Requests per caller when looking for the callers a route admits; a workbook per success makes file routes dear. */
export function probesFor(routeKey: string): number {
  return answersOnlyFiles(routeKey) ? 2 : 6;
}

export function runsFor(routeKey: string): number {
  if (takesNothing(routeKey)) return Math.min(FUZZ_RUNS, Object.keys(CALLERS).length);
  return answersOnlyFiles(routeKey) ? Math.min(FUZZ_RUNS, 60) : FUZZ_RUNS;
}

const STATE_MACHINE_ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:lianshen-candidate-review';
export const sfnMock = mockClient(SFNClient);
export const sqsMock = mockClient(SQSClient);

export function resetMocks(): void {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:fuzz`, startDate: new Date() });
  sfnMock.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
  sfnMock.on(StopExecutionCommand).resolves({ stopDate: new Date() });
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries?: Array<{ Id?: string }> }) => ({
    Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })),
    Failed: [],
  }));
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
}

type Deps = ApiDeps & { repos: MemoryRepositories; identity: ReturnType<typeof memoryIdentity> };

/** Thousands of requests: metrics off (they would print an EMF line each); read at construction only. */
function quietMetrics(): Metrics {
  const previous = process.env['POWERTOOLS_METRICS_DISABLED'];
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
  try {
    return new Metrics({ serviceName: 'api-fuzz', namespace: 'lianshen-test' });
  } finally {
    if (previous === undefined) delete process.env['POWERTOOLS_METRICS_DISABLED'];
    else process.env['POWERTOOLS_METRICS_DISABLED'] = previous;
  }
}

const quiet = { ...powertools, metrics: quietMetrics() };

/** The route table of each API function, built as its Lambda entry builds it. */
export const ROUTE_TABLES: Partial<Record<FunctionName, (deps: Deps) => Routes>> = {
  batchesApi: (deps) => {
    let ids = 0;
    return batchesRoutes({
      ...deps,
      sqs: new SQSClient({ region: 'cn-north-1' }),
      intakeQueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-intake',
      newBatchId: () => `bfuzz${++ids}`,
      executions: sfnExecutions(new SFNClient({ region: 'cn-north-1' }), STATE_MACHINE_ARN),
      exports: {
        jobs: memoryExportJobs(),
        queue: { enqueue: async () => undefined },
        store: {
          put: async () => undefined,
          downloadUrl: async () => ({ url: '/local-exports/x', expiresAt: '2026-04-10T02:05:00.000Z' }),
        },
      },
    });
  },
  recordsApi: (deps) => recordsRoutes(deps),
  reviewsApi: (deps) => reviewsRoutes({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }),
  orgdeptApi: (deps) => orgdeptRoutes({ ...deps, executions: sfnExecutions(new SFNClient({ region: 'cn-north-1' }), STATE_MACHINE_ARN) }),
  accountsApi: (deps) => accountsRoutes(deps),
};

const CONTRACT: Readonly<Record<string, RouteContract>> = ROUTE_CONTRACT;

/** The function infra sends each contract route to: the route's class in this suite. */
export function functionOf(routeKey: string): FunctionName | undefined {
  return ROUTES.find((r) => `${r.method} ${r.path}` === routeKey)?.fn;
}

export const ROUTE_KEYS: readonly string[] = Object.keys(CONTRACT);

// ------------------------------------------------------------ the seeded world

const BATCH = 'b-changguo-1';
// Not the people of the generated files: a valid upload must be new to the campaign to be accepted.
const PEOPLE = [
  sampleRow(1, '王建国', '330902197008153512'),
  sampleRow(2, '李秀英', '330902198203044420'),
  sampleRow(3, '陈海峰', '330902199111224576'),
  sampleRow(4, '周丽萍', '330902198001011620'),
];
export const CANDIDATE_IDS = PEOPLE.map((_, i) => candidateIdFor(BATCH, i + 1));
const [C0 = '', C1 = '', C2 = '', C3 = ''] = CANDIDATE_IDS;

function decision(candidateId: string, outcome: Decision['outcome'], reasons: Decision['reasons'] = []): Decision {
  return {
    campaignId: CAMPAIGN.id,
    candidateId,
    policy: { id: 'dinghai-2017', version: '1.0.0' },
    outcome,
    reasons,
    warnings: [],
    unanswered: outcome === 'incomplete' ? [{ department: 'petitions', status: 'overdue' }] : [],
    referenceDate: '2026-05-20',
    decidedAt: '2026-04-09T00:00:00.000Z',
  };
}

/** The password every seeded account has (currentPassword's hint). */
const SEEDED_PASSWORD = 'Haishan-2027';

/**
 * Accounts of the callers (sub = login name, so POST /me/password finds its own), a second court
 * reviewer, a locked and a disabled one: hashed once, copied into each world.
 */
const seededAccounts: Promise<StoredAccount[]> = Promise.all(
  [
    ['org-1', 'orgdept'],
    ['user-changguo', 'township:changguo'],
    ['reviewer-court', 'department:court'],
    ['reviewer-court-2', 'department:court'],
    ['locked.one', 'department:petitions'],
    ['disabled.one', 'township:duting'],
  ].map(async ([username = '', role = '']) => {
    const account = await newStoredAccount(fastHasher, {
      username,
      displayName: username,
      phone: '+8613812345678',
      role,
      password: SEEDED_PASSWORD,
      mustChangePassword: false,
      at: '2026-04-01T00:00:00.000Z',
      createdBy: 'seed',
    });
    if (username === 'locked.one') return { ...account, failedAttempts: 5, lockedAt: '2026-04-08T00:00:00.000Z', locked: true };
    if (username === 'disabled.one') return { ...account, status: 'disabled' as const };
    return { ...account, sub: username };
  }),
);

/** A later version of the campaign's policy, stored as an upload would store it (for the diff and the switch). */
const SHIPPED = builtInPolicy('dinghai-2017');
const storedPolicies: Promise<StoredPolicy[]> = (async () => {
  const repos = memoryRepositories();
  const later = { ...SHIPPED, version: '2.1.0', name: `${SHIPPED.name}（修订）` };
  await repos.policies.put(later, { storedAt: '2026-03-15T00:00:00.000Z', storedBy: 'org-1' });
  const stored = await repos.policies.get(later.id, later.version);
  return stored === undefined ? [] : [stored];
})();

/** A campaign, one batch of four, open, hinted and answered review tasks, decided and referred candidates, an extract, accounts, a stored policy version. */
export async function seededWorld(): Promise<Deps> {
  const deps = { ...apiDeps(memoryRepositories({ storedPolicies: await storedPolicies })), powertools: quiet };
  const { repos } = deps;
  for (const account of await seededAccounts) await deps.identity.store.create(account);
  // Pinned to the shipped version, so a switch to the stored one is a real change.
  await seedCampaign(repos, { ...CAMPAIGN, policyVersion: SHIPPED.version });
  await seedBatch(repos, { rows: PEOPLE });
  await seedTask(repos, C0, 'court');
  await seedTask(repos, C1, 'court', { hints: [{ category: '刑事处罚', recordName: '李秀' }] });
  await seedTask(repos, C0, 'petitions', { deadline: '2026-04-01T00:00:00.000Z' });
  await seedTask(repos, C2, 'court');
  const by = { kind: 'reviewer' as const, id: 'reviewer-court' };
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId: C2,
    department: 'court',
    status: 'clear',
    findings: [],
    answeredBy: by,
    answeredAt: '2026-04-05T00:00:00.000Z',
    source: 'portal',
  });
  await repos.tasks.markAnswered(C2, 'court', by, '2026-04-05T00:00:00.000Z');
  await repos.decisions.put(decision(C0, 'cleared'), BATCH);
  await repos.decisions.put(
    decision(C1, 'disqualified', [
      {
        category: '刑事处罚',
        severity: 'bar',
        department: 'court',
        documentNumber: '（2019）浙0902刑初12号',
        eligibleFrom: '2027-03-01',
        citation: { file: '001_450a4215c6f8d83b.txt', quote: '对被判处刑罚或者刑满释放(或缓刑期满)未满5年的' },
      },
    ]),
    BATCH,
  );
  await repos.decisions.put(
    decision(C3, 'referred', [
      {
        category: '扰乱公共秩序',
        severity: 'concern',
        department: 'petitions',
        documentNumber: null,
        eligibleFrom: null,
        citation: { file: '001_450a4215c6f8d83b.txt', quote: '六不宜' },
      },
    ]),
    BATCH,
  );
  await repos.audit.append({
    candidateId: C0,
    actor: { kind: 'system', id: 'pipeline' },
    at: '2026-04-09T00:00:00.000Z',
    type: 'decided',
    data: {
      outcome: 'cleared',
      version: 1,
      digest: 'd'.repeat(64),
      policy: { id: 'dinghai-2017', version: '1.0.0' },
      referenceDate: '2026-05-20',
      reasons: [],
      unanswered: [],
    },
  });
  await repos.extracts.replace({
    department: 'discipline',
    campaignId: CAMPAIGN.id,
    rows: [],
    filename: 'records.csv',
    uploadedBy: 'reviewer-discipline',
    uploadedAt: '2026-04-03T00:00:00.000Z',
  });
  return deps;
}

/** Strings of the seeded world and its policy that the schemas' rules accept: they take a request past validation. */
export const WORLD_STRINGS: readonly string[] = [
  CAMPAIGN.id,
  'c2027',
  'changguo',
  'duting',
  'court',
  'petitions',
  'discipline',
  'organisation',
  'nowhere',
  'constructor',
  'dinghai-2017',
  'county-2017',
  BATCH,
  ...CANDIDATE_IDS,
  ...CANDIDATE_IDS.flatMap((c) => [taskIdFor(c, 'court'), taskIdFor(c, 'petitions')]),
  '2026-05-20',
  '2026-04-01',
  '2020-03-01',
  '2027-02-28',
  '以上人员经查无记录',
  '刑事处罚',
  '扰乱公共秩序',
  '党纪处分',
  '2026年村社组织换届',
  '定海区',
  '昌国街道',
  '维持提名，理由充分。',
  '（2019）浙0902刑初12号',
  'reviewer-court',
  'reviewer-petitions',
  'key-00000001',
  'json',
  'xlsx',
  'publicity',
  'open',
  'answered',
  'overdue',
];

const TASK_IDS = CANDIDATE_IDS.flatMap((c) => [taskIdFor(c, 'court'), taskIdFor(c, 'petitions')]);
const DEPARTMENTS = ['court', 'petitions', 'discipline', 'organisation', 'nowhere'];

/** Field names (and `segment.param` of paths) that name things of the seeded world. */
export const WORLD_HINTS: Readonly<Record<string, readonly string[]>> = {
  'campaigns.id': [CAMPAIGN.id, 'c2027'],
  'batches.id': [BATCH, 'b-duting-1'],
  'candidates.id': [C0, C1, C3, C2],
  'reviews.id': TASK_IDS,
  'departments.code': DEPARTMENTS,
  campaignId: [CAMPAIGN.id, 'c2027'],
  department: DEPARTMENTS,
  township: ['changguo', 'duting', 'nowhere'],
  taskIds: TASK_IDS,
  policyId: ['dinghai-2017', 'county-2017', 'constructor'],
  id: ['c2027', CAMPAIGN.id, 'new-campaign'],
  policyVersion: ['2.0.0', '2.1.0'],
  'policies.id': ['dinghai-2017', 'county-2017', 'nowhere'],
  'versions.version': ['2.0.0', '2.1.0', '9.9.9'],
  version: ['2.1.0', '2.0.0'],
  reason: ['换用新版政策，经区委组织部研究同意。'],
  'holidays.year': ['2027', '2026', '2017'],
  source: ['国务院办公厅关于2027年部分节假日安排的通知'],
  holidays: ['2027-01-01', '2027-02-11', '2027-02-12'],
  workdays: ['2027-02-06', '2027-02-20'],
  'accounts.id': ['reviewer-court-2', 'locked.one', 'disabled.one', 'user-changguo', 'org-1', 'nobody.here'],
  username: ['new.reviewer', 'reviewer-court-2'],
  displayName: ['张海燕', '王立新'],
  phone: ['13812345678', '+86 139 1234 5678'],
  role: ['department:court', 'township:changguo', 'orgdept', 'department:nowhere'],
  currentPassword: [SEEDED_PASSWORD, 'not-the-password'],
  newPassword: ['Zhoushan#2028a', 'Dinghai-2028-xy', 'short'],
  mode: ['replace', 'add'],
  assignee: ['reviewer-court-2', 'reviewer-petitions'],
  category: ['刑事处罚', '失信被执行人', '扰乱公共秩序', '党纪处分'],
  startDate: ['2020-03-01', '2019-03-01', '2026-04-01'],
  endDate: ['2022-03-01', '2027-02-28'],
  electionDate: ['2026-05-20', '2027-03-15'],
  referenceDate: ['2026-05-20', '2027-03-15'],
  justification: ['维持提名，理由充分。', '经研判不宜提名为候选人。'],
  name: ['2027年村社组织换届', '昌国街道'],
  jurisdiction: ['定海区'],
  code: ['changguo', 'duting'],
};

// ------------------------------------------------------------ callers

type Claims = EventInput['claims'];

/** Callers of every kind, and ones no route should accept. */
export const CALLERS: Readonly<Record<string, Claims>> = {
  orgdept: claimsFor(['orgdept'], 'org-1'),
  township: claimsFor(['township:changguo'], 'user-changguo'),
  otherTownship: claimsFor(['township:duting'], 'user-duting'),
  unknownTownship: claimsFor(['township:nowhere'], 'user-nowhere'),
  court: claimsFor(['department:court'], 'reviewer-court'),
  petitions: claimsFor(['department:petitions'], 'reviewer-petitions'),
  discipline: claimsFor(['department:discipline'], 'reviewer-discipline'),
  twoDepartments: claimsFor(['department:court', 'department:petitions'], 'reviewer-two'),
  unknownDepartment: claimsFor(['department:nowhere'], 'reviewer-nowhere'),
  townshipAndDepartment: claimsFor(['township:changguo', 'department:court'], 'user-both'),
  noGroups: claimsFor([], 'user-plain'),
  oddGroups: { sub: 'user-odd', 'cognito:groups': '[township:Changguo department: orgdept2 township:../x]', scope: 'lianshen/api' },
  emptySub: { sub: '', 'cognito:groups': ['orgdept'] },
  noClaims: {},
  noAuthorizer: null,
};

export const callerName = fc.constantFrom(...Object.keys(CALLERS));

// ------------------------------------------------------------ requests

export interface FuzzRequest {
  caller: string;
  params: Record<string, string>;
  query: Record<string, string> | undefined;
  headers: Record<string, string>;
  body: BodyInput;
  base64Body: boolean;
}

const headerArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'Idempotency-Key': fc.oneof(
        { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/) },
        { weight: 1, arbitrary: hostileString },
      ),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=gbk', ''),
    },
    { requiredKeys: [] },
  )
  .map((h) => ({ ...h }));

function paramNames(routeKey: string): string[] {
  return [...routeKey.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

export interface RouteArbitraries {
  /** Requests whose every part has its schema's shape (for finding the callers a route admits). */
  shaped: fc.Arbitrary<FuzzRequest>;
  /** Any request: shaped, mutated, hostile. */
  any: fc.Arbitrary<FuzzRequest>;
}

export function routeArbitraries(routeKey: string, vocab: Vocabulary): RouteArbitraries {
  const contract = CONTRACT[routeKey];
  const names = paramNames(routeKey);
  const paramsSchema = contract?.params === undefined ? undefined : jsonSchemaOf(contract.params);
  const querySchema = contract?.query === undefined ? undefined : jsonSchemaOf(contract.query);
  const bodySchema = contract?.body === undefined ? undefined : jsonSchemaOf(contract.body);
  const validBody = bodySchema === undefined ? undefined : fromSchema(bodySchema, vocab);
  const shapedParams = stringRecordShaped(paramsSchema, vocab, names, 'shaped', routeKey);
  const shapedQuery = querySchema === undefined ? fc.constant(undefined) : stringRecordShaped(querySchema, vocab, [], 'shaped');
  const goodBody = bodySchema === undefined ? undefined : fromSchema(bodySchema, vocab, 'valid');
  const shaped = fc.record({
    caller: callerName,
    params: stringRecordShaped(paramsSchema, vocab, names, 'valid', routeKey),
    query: querySchema === undefined ? fc.constant(undefined) : stringRecordShaped(querySchema, vocab, [], 'valid'),
    headers: headerArb,
    body: goodBody === undefined ? fc.constant<BodyInput>({ kind: 'none' }) : goodBody.map((value): BodyInput => ({ kind: 'json', value })),
    base64Body: fc.constant(false),
  });
  const any = fc.record({
    caller: callerName,
    params: fc.oneof({ weight: 3, arbitrary: shapedParams }, { weight: 1, arbitrary: stringRecord(paramsSchema, vocab, names) }),
    query: fc.oneof(
      { weight: 3, arbitrary: shapedQuery },
      { weight: 1, arbitrary: stringRecord(querySchema, vocab, []).map((q): Record<string, string> | undefined => q) },
    ),
    headers: headerArb,
    body: bodyInput(validBody),
    base64Body: fc.constantFrom(false, false, false, true),
  });
  return { shaped, any };
}

/** Path parameters (hinted by the segment before each: `campaigns.id`) or a query, of the schema's shape. */
function stringRecordShaped(
  schema: ReturnType<typeof jsonSchemaOf> | undefined,
  vocab: Vocabulary,
  names: readonly string[],
  mode: Mode,
  routeKey = '',
) {
  const props = schema?.['properties'];
  const model: Record<string, fc.Arbitrary<string>> = {};
  const keys = [...new Set([...names, ...(typeof props === 'object' && props !== null ? Object.keys(props) : [])])];
  for (const key of keys) {
    const sub: unknown = typeof props === 'object' && props !== null ? Reflect.get(props, key) : undefined;
    const segment = new RegExp(`/([^/{}]+)/\\{${key}\\}`).exec(routeKey)?.[1];
    const hint = segment === undefined ? key : `${segment}.${key}`;
    model[key] =
      typeof sub === 'object' && sub !== null
        ? fromSchema({ ...sub }, vocab, mode, hint).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
        : fc.constantFrom(...vocab.strings);
  }
  const required = schema?.['required'];
  const requiredKeys = keys.filter((k) => names.includes(k) || (Array.isArray(required) && required.includes(k)));
  return fc.record(model, { requiredKeys }).map((r) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) if (typeof v === 'string') out[k] = v;
    return out;
  });
}

/** The API Gateway event of a request; built by hand where the test helper would choke (lone surrogates). */
export function eventOf(routeKey: string, req: FuzzRequest) {
  const text = req.body.kind === 'none' ? undefined : req.body.kind === 'raw' ? req.body.text : JSON.stringify(req.body.value);
  const event = httpEvent({
    routeKey,
    ...(req.query === undefined ? {} : { query: req.query }),
    headers: req.headers,
    claims: CALLERS[req.caller] ?? null,
    ...(text === undefined ? {} : { rawBody: req.base64Body ? Buffer.from(text, 'utf8').toString('base64') : text }),
  });
  event.isBase64Encoded = req.base64Body && text !== undefined;
  event.pathParameters = { ...req.params };
  let rawPath = routeKey.split(' ')[1] ?? '/';
  for (const [k, v] of Object.entries(req.params)) rawPath = rawPath.replace(`{${k}}`, safeEncode(v));
  event.rawPath = rawPath;
  event.requestContext.http.path = rawPath;
  return event;
}

function safeEncode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v;
  }
}

// ------------------------------------------------------------ running and judging one request

export interface Outcome {
  res: HttpResult;
  /** The store or the accounts changed. */
  wrote: boolean;
  /** Something besides an account's failure count and lock changed. */
  wroteBesidesFailures: boolean;
  sent: number;
}

/** Refusals that count a wrong password towards the lock: they write that, and only that. */
const COUNTS_FAILURES = new Set(['PASSWORD_WRONG', 'ACCOUNT_LOCKED']);

/** Runs one request against a fresh world and reports what it answered and whether anything changed. */
export async function run(routeKey: string, req: FuzzRequest): Promise<Outcome> {
  const fn = functionOf(routeKey);
  const table = fn === undefined ? undefined : ROUTE_TABLES[fn];
  if (table === undefined) throw new Error(`${routeKey}: no route table for function ${fn ?? '(none in infra/routes.ts)'}`);
  const deps = await seededWorld();
  const handler = httpHandler(table(deps), quiet);
  const accounts = deps.identity.store;
  const before = {
    repos: deps.repos.snapshot(),
    accounts: accounts.snapshot(),
    besidesFailures: accounts.snapshot({ besidesFailures: true }),
  };
  const calls = sfnMock.calls().length + sqsMock.calls().length;
  const res = await handler(eventOf(routeKey, req), lambdaContext);
  const sent = sfnMock.calls().length + sqsMock.calls().length - calls;
  const reposChanged = deps.repos.snapshot() !== before.repos;
  return {
    res,
    wrote: reposChanged || accounts.snapshot() !== before.accounts,
    wroteBesidesFailures: reposChanged || accounts.snapshot({ besidesFailures: true }) !== before.besidesFailures,
    sent,
  };
}

const CJK = /[\u4e00-\u9fff]/;

function parsed(res: HttpResult): unknown {
  try {
    return JSON.parse(typeof res.body === 'string' ? res.body : '');
  } catch {
    throw new Error(`${res.statusCode} with a body that is not JSON: ${String(res.body).slice(0, 200)}`);
  }
}

/** Throws unless the response keeps the promises: no 5xx, errors in Chinese with a code, nothing written or sent on refusal. */
export function judge(routeKey: string, { res, wrote, wroteBesidesFailures, sent }: Outcome): void {
  const body = () => String(res.body).slice(0, 300);
  if (res.statusCode >= 500) throw new Error(`${routeKey} answered ${res.statusCode}: ${body()}`);
  checkResponse(routeKey, res);
  if (res.statusCode < 400) return;
  const value = parsed(res);
  const error = ErrorBody.safeParse(value);
  if (!error.success) throw new Error(`${routeKey} → ${res.statusCode}: not a Chinese error with a code: ${body()}`);
  if (res.statusCode === 422 && typeof value === 'object' && value !== null && 'errors' in value) {
    const file = FileRejected.parse(value);
    for (const e of file.errors) {
      if (!CJK.test(e.message) || e.code === '')
        throw new Error(`${routeKey} → 422: a file error without Chinese or code: ${JSON.stringify(e)}`);
      if (e.row >= 1 && (e.sheet === undefined || e.sheet === ''))
        throw new Error(`${routeKey} → 422: a cell error names no sheet: ${JSON.stringify(e)}`);
    }
  }
  if (COUNTS_FAILURES.has(error.data.code) ? wroteBesidesFailures : wrote)
    throw new Error(`${routeKey} refused with ${res.statusCode} (${error.data.code}) but changed the store or the accounts`);
  if (sent > 0) throw new Error(`${routeKey} refused with ${res.statusCode} (${error.data.code}) but called AWS ${sent} time(s)`);
}

/**
 * Requests of the route's shape that reached its logic: those answered 2xx, else those the route
 * itself refused (404, 409, 422), else any that got past authentication and authorization.
 * Fuzzing from these callers and paths gets past the door.
 */
export async function admitted(routeKey: string, shaped: fc.Arbitrary<FuzzRequest>, perCaller = 8): Promise<FuzzRequest[]> {
  const tiers: FuzzRequest[][] = [[], [], []];
  const samples = fc.sample(shaped, { numRuns: perCaller, seed: FUZZ_SEED });
  for (const req of Object.keys(CALLERS).flatMap((caller) => samples.map((r) => ({ ...r, caller })))) {
    const { statusCode } = (await run(routeKey, req)).res;
    if (statusCode < 300) tiers[0]?.push(req);
    else if (statusCode === 404 || statusCode === 409 || statusCode === 422) tiers[1]?.push(req);
    else if (statusCode !== 401 && statusCode !== 403 && statusCode !== 400) tiers[2]?.push(req);
  }
  return tiers.find((t) => t.length > 0) ?? [];
}
