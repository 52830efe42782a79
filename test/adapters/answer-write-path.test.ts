// The answer write path on DynamoDB Local: what an automatic check sends (counted at the client),
// and 28 departments answering one candidate at once from 28 processes with clients of their own.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDynamoRepositories } from '../../shared/adapters/dynamo/index.js';
import { keys } from '../../shared/adapters/dynamo/keys.js';
import { createIdCrypto } from '../../shared/adapters/id-crypto.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { auditTrail } from '../../shared/app/audit-trail.js';
import { checkTask, readForChecks, type TaskMessage } from '../../shared/app/check-task.js';
import { decideCandidate } from '../../shared/app/decide.js';
import type { Repositories } from '../../shared/app/ports.js';
import { recordDecision } from '../../shared/app/record-decision.js';
import { sealedEvents } from '../../shared/domain/audit/answers.js';
import { SealedAnswers } from '../../shared/domain/audit/events.js';
import { ensureTable, javaMajorVersion, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { itemBytes } from '../../local/write-meter.js';
import { missingTool } from '../support/tools.js';
import { seedCampaignAndBatch } from '../functions/pipeline-fixtures.js';

const noJava = missingTool('Java 17 (for DynamoDB Local)', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');
const KEY_MATERIAL = 'test-key-material-0123456789abcdef';
const TABLE = 'lianshen-answers-test';
const POLICY = builtInPolicy('dinghai-2017');
const WORKER = fileURLToPath(new URL('./workers/department-answer.ts', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const Marshalled = z.object({ sk: z.object({ S: z.string() }) }).loose();
/** The sort key a single-item write targets, from its marshalled Key or Item. */
function sortKeyOf(input: Record<string, unknown>): string | undefined {
  return Marshalled.safeParse(input['Key'] ?? input['Item']).data?.sk.S;
}

const WorkerResult = z.object({ department: z.string(), checked: z.string(), answered: z.string() });

/** Starts one worker; `ready` settles once it is up and waiting, `go()` lets it answer. */
function startWorker(args: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const done = new Promise<z.infer<typeof WorkerResult>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady();
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(WorkerResult.parse(JSON.parse(last)));
      else reject(new Error(`worker for ${String(args['department'])} exited ${String(code)}: ${err.slice(-2000)}`));
    });
  });
  return { ready, done, go: () => child.stdin.end('go\n') };
}

describe.skipIf(noJava)('answers on DynamoDB Local', () => {
  let ddb: DynamoDbLocal | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  let repos: Repositories;
  let candidateIds: string[] = [];
  const sent: Sent[] = [];
  /** What a check needs, with every callback accepted. */
  const checkDeps = () => ({
    repos,
    now: () => new Date('2026-11-10T02:00:00.000Z'),
    metrics: { count: () => undefined },
    log: { info: () => undefined, warn: () => undefined },
    pause: async () => undefined,
    callbacks: { succeed: async () => 'sent' as const, fail: async () => 'sent' as const },
  });

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ port: await freePort(), cacheDir: '.cache' });
    const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    // Every command this client sends, as DynamoDB receives it (after the document marshalling).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = z.record(z.string(), z.unknown()).safeParse(args.input);
        sent.push({ command: context.commandName ?? '?', input: input.success ? input.data : {} });
        return next(args);
      },
      { step: 'build', name: 'countCommands' },
    );
    await ensureTable(client, TABLE);
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    repos = createDynamoRepositories({ doc, tableName: TABLE, crypto: createIdCrypto(KEY_MATERIAL) });
    candidateIds = await seedCampaignAndBatch(repos);
    // An empty extract ("no records") for every automatic department.
    for (const d of POLICY.departments.filter((dep) => dep.mode === 'auto')) {
      await repos.extracts.replace({
        department: d.code,
        rows: [],
        filename: `${d.code}.csv`,
        uploadedBy: 'u',
        uploadedAt: '2026-11-01T00:00:00.000Z',
      });
    }
  });

  afterAll(async () => {
    doc?.destroy();
    await ddb?.stop();
  });

  it('an automatic check writes its answer with its audit event in one conditional PutItem, and writes no chain head or chain event', async () => {
    const candidateId = candidateIds[1] ?? '';
    const succeeded: string[] = [];
    sent.length = 0;
    const outcome = await checkTask(
      {
        repos,
        now: () => new Date('2026-11-10T02:00:00.000Z'),
        metrics: { count: () => undefined },
        log: { info: () => undefined, warn: () => undefined },
        pause: async () => undefined,
        callbacks: {
          succeed: async (token) => {
            succeeded.push(token);
            return 'sent';
          },
          fail: async () => 'sent',
        },
      },
      {
        campaignId: 'c1',
        candidateId,
        department: 'court',
        taskToken: 'token-court',
        timeoutSeconds: 86400,
        dueAt: '2026-11-11T02:00:00.000Z',
      },
    );
    expect(outcome).toBe('answered');
    expect(succeeded).toEqual(['token-court']);
    const writes = sent.filter((s) => WRITES.has(s.command));
    // One conditional PutItem on the verdict and nothing else: no transaction, no chain head, and
    // the confirmation (resultSentAt/resultSentFor) rides on the same put, a day before the deadline.
    expect(writes.map((w) => w.command)).toEqual(['PutItemCommand']);
    expect(writes[0]?.input['ConditionExpression']).toBe('attribute_not_exists(pk)');
    expect(sortKeyOf(writes[0]?.input ?? {})).toBe('VERDICT#court');
    expect(await repos.audit.head(candidateId)).toBeUndefined();
    const stored = await repos.verdicts.get(candidateId, 'court');
    expect(stored?.event).toMatchObject({ type: 'answered', data: { department: 'court', result: 'clear', source: 'extract' } });
    expect(stored).toMatchObject({ resultSentAt: '2026-11-10T02:00:00.000Z', confirmedOnPut: true });
  });

  it('a check for a reviewer opens the task with its dispatch event in one write, and writes no chain head or chain event', async () => {
    const candidateId = candidateIds[2] ?? '';
    sent.length = 0;
    const outcome = await checkTask(checkDeps(), {
      campaignId: 'c1',
      candidateId,
      department: 'petitions',
      taskToken: 'token-petitions',
      timeoutSeconds: 86400,
    });
    expect(outcome).toBe('queuedForReview');
    const writes = sent.filter((s) => WRITES.has(s.command));
    expect(writes.map((w) => [w.command, sortKeyOf(w.input)])).toEqual([['UpdateItemCommand', 'TASK#petitions']]);
    expect(await repos.audit.head(candidateId)).toBeUndefined();
    expect(await repos.tasks.dispatchEvents(candidateId)).toMatchObject([
      { type: 'dispatched', data: { department: 'petitions', mode: 'manual' } },
    ]);
  });

  it('the chain head holds only where the chain ends, and a chain whose head still carries its whole last event goes on', async () => {
    const chain = 'head-shape-0001';
    const actor = { kind: 'system', id: 'test' } as const;
    const first = await repos.audit.append({
      candidateId: chain,
      type: 'failed',
      actor,
      at: '2026-11-02T00:00:00.000Z',
      data: { error: 'one' },
    });
    if (first.event === undefined) throw new Error('not appended');
    const firstEvent = first.event;
    const head = (await doc?.send(new GetCommand({ TableName: TABLE, Key: keys.auditHead(chain) })))?.Item;
    expect(Object.keys(head ?? {}).sort()).toEqual(['entity', 'hash', 'pk', 'recent', 'seq', 'sk']);
    expect(head).toMatchObject({ seq: 0, hash: firstEvent.hash });
    // A head written before heads were slimmed: the whole last event beside seq and hash.
    await doc?.send(new PutCommand({ TableName: TABLE, Item: { ...head, last: firstEvent } }));
    const fresh = createDynamoRepositories({
      doc: doc ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: TABLE,
      crypto: createIdCrypto(KEY_MATERIAL),
    });
    const second = await fresh.audit.append({
      candidateId: chain,
      type: 'failed',
      actor,
      at: '2026-11-03T00:00:00.000Z',
      data: { error: 'two' },
    });
    expect(second).toMatchObject({ appended: true, event: { seq: 1, prevHash: firstEvent.hash } });
    const trail = await auditTrail({ repos: fresh }, { chainId: chain });
    if ('kind' in trail) throw new Error(trail.message);
    expect(trail.verification).toMatchObject({ ok: true });
  });

  it('a dedupe key is remembered on the chain head, with no item of its own, so a repeat from another process appends nothing', async () => {
    const chain = 'dedupe-head-0001';
    const actor = { kind: 'system', id: 'test' } as const;
    const ev = (error: string) => ({ candidateId: chain, type: 'failed' as const, actor, at: '2026-11-02T00:00:00.000Z', data: { error } });
    const other = () =>
      createDynamoRepositories({
        doc: doc ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
        tableName: TABLE,
        crypto: createIdCrypto(KEY_MATERIAL),
      });
    expect(await repos.audit.append(ev('one'), { dedupeKey: 'failed:one' })).toMatchObject({ appended: true });
    // A second process (its own repositories, no remembered head) retrying the same append.
    expect(await other().audit.append(ev('one'), { dedupeKey: 'failed:one' })).toEqual({ appended: false });
    // The same key twice in one call appends once.
    const twice = await other().audit.appendAll([
      { input: ev('two'), dedupeKey: 'failed:two' },
      { input: ev('two'), dedupeKey: 'failed:two' },
    ]);
    expect(twice.map((e) => e?.seq)).toEqual([1, undefined]);
    const items = await doc?.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.auditHead(chain).pk },
      }),
    );
    expect((items?.Items ?? []).map((i) => String(i['sk'])).filter((sk) => sk.startsWith('DEDUPE#'))).toEqual([]);
    // The newest 64 keys (8 bytes each) stay remembered in a head under 1 KB (2 units inside a transaction).
    const longKey = (i: number) => `failed:k${i}:${'0'.repeat(40)}`;
    for (let i = 0; i < 70; i++) await repos.audit.append(ev(`k${i}`), { dedupeKey: longKey(i) });
    const head = (await doc?.send(new GetCommand({ TableName: TABLE, Key: keys.auditHead(chain) })))?.Item ?? {};
    expect(z.instanceof(Uint8Array).parse(head['recent'])).toHaveLength(64 * 8);
    expect(itemBytes(marshall(head))).toBeLessThan(1024);
    expect(await other().audit.append(ev('k6'), { dedupeKey: longKey(6) })).toEqual({ appended: false });
    // The oldest ones are forgotten: past the window a key appends again.
    expect(await other().audit.append(ev('k5'), { dedupeKey: longKey(5) })).toMatchObject({ appended: true });
    const trail = await auditTrail({ repos: other() }, { chainId: chain });
    if ('kind' in trail) throw new Error(trail.message);
    expect(trail.verification).toMatchObject({ ok: true, count: 73 });
  });

  it('a chain begun with dedupe marker items keeps using them, so a key it used before is still refused', async () => {
    const chain = 'dedupe-marker-0001';
    const actor = { kind: 'system', id: 'test' } as const;
    const ev = (error: string) => ({ candidateId: chain, type: 'failed' as const, actor, at: '2026-11-02T00:00:00.000Z', data: { error } });
    const first = await repos.audit.append(ev('one'), { dedupeKey: 'failed:one' });
    if (first.event === undefined) throw new Error('not appended');
    // As the chain was stored before heads remembered keys: a head without `recent`, a marker for the key.
    await doc?.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...keys.auditHead(chain), entity: 'AuditHead', seq: first.event.seq, hash: first.event.hash },
      }),
    );
    await doc?.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...keys.auditDedupe(chain, 'failed:one'), entity: 'AuditDedupe', seq: first.event.seq, expiresAt: 2_000_000_000 },
      }),
    );
    const fresh = createDynamoRepositories({
      doc: doc ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: TABLE,
      crypto: createIdCrypto(KEY_MATERIAL),
    });
    expect(await fresh.audit.append(ev('one'), { dedupeKey: 'failed:one' })).toEqual({ appended: false });
    expect(await fresh.audit.append(ev('two'), { dedupeKey: 'failed:two' })).toMatchObject({ appended: true, event: { seq: 1 } });
    const marker = await doc?.send(new GetCommand({ TableName: TABLE, Key: keys.auditDedupe(chain, 'failed:two') }));
    expect(marker?.Item).toMatchObject({ seq: 1 });
    const head = (await doc?.send(new GetCommand({ TableName: TABLE, Key: keys.auditHead(chain) })))?.Item;
    expect(head).not.toHaveProperty('recent');
  });

  it('28 departments answering one candidate at once from 28 processes all land, the decision seals all 28, and one altered byte is named', async () => {
    const endpoint = ddb?.endpoint ?? '';
    const candidateId = candidateIds[0] ?? '';
    const workers = POLICY.departments.map((d) =>
      startWorker({ endpoint, tableName: TABLE, keyMaterial: KEY_MATERIAL, campaignId: 'c1', candidateId, department: d.code }),
    );
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const results = await Promise.all(workers.map((w) => w.done));
    expect(results.map((r) => r.answered).sort()).toEqual(POLICY.departments.map(() => 'answered'));
    expect(results.filter((r) => r.checked === 'answered')).toHaveLength(POLICY.departments.filter((d) => d.mode === 'auto').length);

    const verdicts = await repos.verdicts.listByCandidate(candidateId);
    expect(verdicts.map((v) => v.event?.data['department']).sort()).toEqual(POLICY.departments.map((d) => d.code).sort());

    const batchId = 'b-one';
    const deps = { repos, metrics: { count: () => undefined }, now: () => new Date() };
    const decision = await decideCandidate(deps, { campaignId: 'c1', batchId, candidateId });
    expect(decision.outcome).toBe('cleared');
    await recordDecision(deps, { campaignId: 'c1', batchId, candidateId, decision });

    const trail = await auditTrail({ repos }, { chainId: candidateId });
    if ('kind' in trail) throw new Error(trail.message);
    // 28 answers and the 16 review tasks' dispatches, all off the chain until the decision sealed them.
    const manual = POLICY.departments.filter((d) => d.mode === 'manual').length;
    expect(trail.verification).toMatchObject({ ok: true, answers: 28 + manual, sealed: 28 + manual });
    expect(trail.events.map((e) => e.type)).toEqual(['decided']);
    const decided = trail.events.find((e) => e.type === 'decided');
    const seal = SealedAnswers.parse(decided?.data['answers']);
    expect(
      sealedEvents(seal)
        .filter((e) => e.type === 'answered')
        .map((e) => e.department),
    ).toEqual(POLICY.departments.map((d) => d.code).sort());

    // One byte of one sealed answer changed in the table (its time, one second later).
    const key = keys.verdict(candidateId, 'petitions');
    const item = (await doc?.send(new GetCommand({ TableName: TABLE, Key: key })))?.Item;
    const At = z.object({ event: z.object({ at: z.string() }).loose() }).loose();
    const parsed = At.parse(item);
    const at = parsed.event.at;
    const changed = `${at.slice(0, 18)}${at[18] === '9' ? '8' : '9'}${at.slice(19)}`;
    await doc?.send(new PutCommand({ TableName: TABLE, Item: { ...parsed, event: { ...parsed.event, at: changed } } }));
    const after = await auditTrail({ repos }, { chainId: candidateId });
    if ('kind' in after) throw new Error(after.message);
    expect(after.verification).toMatchObject({ ok: false, problem: 'altered', answer: { department: 'petitions' } });
    expect(after.answers[after.verification.ok ? -1 : after.verification.index]).toMatchObject({ type: 'answered', at: changed });
  }, 120_000);

  it('a batch of ten checks reads its candidates, verdicts and extract rows in one BatchGetItem each and the campaign once, and each check reads nothing of its own', async () => {
    const departments = POLICY.departments.filter((d) => d.mode === 'auto' && d.code !== 'court').slice(0, 5);
    const messages: TaskMessage[] = [candidateIds[1] ?? '', candidateIds[2] ?? ''].flatMap((candidateId) =>
      departments.map((d) => ({
        campaignId: 'c1',
        candidateId,
        department: d.code,
        taskToken: `token-${candidateId}-${d.code}`,
        timeoutSeconds: 86400,
        dueAt: '2026-11-11T02:00:00.000Z',
      })),
    );
    expect(messages).toHaveLength(10);
    sent.length = 0;
    const deps = checkDeps();
    const reads = await readForChecks(deps, messages);
    const outcomes = await Promise.all(messages.map((m) => checkTask(deps, m, reads)));
    expect(outcomes).toEqual(messages.map(() => 'answered'));
    const keysRead = (s: Sent) =>
      z
        .array(Marshalled)
        .parse(z.record(z.string(), z.object({ Keys: z.array(z.unknown()) }).loose()).parse(s.input['RequestItems'])[TABLE]?.Keys ?? [])
        .map((k) => k.sk.S);
    const batchGets = sent.filter((s) => s.command === 'BatchGetItemCommand').map(keysRead);
    expect(batchGets).toContainEqual(['DOSSIER', 'DOSSIER']);
    expect(batchGets.find((k) => k.every((sk) => sk.startsWith('VERDICT#')))).toHaveLength(10);
    const gets = sent.filter((s) => s.command === 'GetItemCommand').map((s) => sortKeyOf(s.input));
    expect(gets.filter((sk) => sk === 'DOSSIER' || sk?.startsWith('VERDICT#'))).toEqual([]);
    expect(gets.filter((sk) => sk === 'META').length).toBeLessThanOrEqual(1);
    // Each department's extract is looked up once for the batch, not once a message.
    expect(batchGets.filter((k) => k.every((sk) => sk.startsWith('EXTRACT#')))).toHaveLength(departments.length);
    // So are the batch's persons in each extract: one BatchGetItem of both, no Query a person.
    expect(batchGets.filter((k) => k.length === 2 && k.every((sk) => sk.startsWith('*#')))).toHaveLength(departments.length);
    expect(sent.filter((s) => s.command === 'QueryCommand' && JSON.stringify(s.input).includes('#REC#'))).toEqual([]);
    expect(
      sent
        .filter((s) => s.command === 'PutItemCommand')
        .map((s) => sortKeyOf(s.input))
        .sort(),
    ).toEqual(messages.map((m) => `VERDICT#${m.department}`).sort());
  });
  it('a batch of checks for reviewers reads its candidates’ withdrawals in one BatchGetItem, and a withdrawn one opens no task', async () => {
    const manual = POLICY.departments.find((d) => d.mode === 'manual' && d.code !== 'petitions')?.code ?? '';
    const [withdrawn = '', kept = ''] = [candidateIds[1], candidateIds[2]];
    await repos.changes.withdraw({
      campaignId: 'c1',
      candidateId: withdrawn,
      township: 't-1',
      reason: '本人申请退出',
      withdrawnBy: 'u-township',
      withdrawnAt: '2026-11-09T00:00:00.000Z',
    });
    const messages: TaskMessage[] = [withdrawn, kept].map((candidateId) => ({
      campaignId: 'c1',
      candidateId,
      department: manual,
      taskToken: `token-${candidateId}-${manual}`,
      timeoutSeconds: 86400,
    }));
    sent.length = 0;
    const deps = checkDeps();
    const reads = await readForChecks(deps, messages);
    expect(await Promise.all(messages.map((m) => checkTask(deps, m, reads)))).toEqual(['withdrawn', 'queuedForReview']);
    const withdrawalReads = sent.filter((s) => JSON.stringify(s.input).includes('WITHDRAWAL'));
    expect(withdrawalReads.map((s) => s.command)).toEqual(['BatchGetItemCommand']);
    expect(await repos.tasks.get(withdrawn, manual)).toBeUndefined();
    expect((await repos.tasks.get(kept, manual))?.status).toBe('open');
  });
});
