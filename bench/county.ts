// `npm run bench`: a county-scale run on the local stack (not a test).
//
// Workload: 1,000 candidates (10 township batches of 100, as a county receives them) × the 28
// departments of dinghai-2017, every department with an extract
// (about 3% of candidates have a record somewhere). The 11 automatic departments are answered by the
// checker; the 17 manual ones by their reviewers' "no records" attestation through the API — the
// same path `lianshen vet` takes for a manual department that hands in an extract.
//
// Measures, in one run and one process tree (this Node process + the DynamoDB Local JVM):
//   wallSeconds      submit (POST /batches) → the last execution SUCCEEDED
//   checksPerSecond  candidates × departments / wallSeconds
//   peakRssMb        peak RSS of Node (this process runs every handler) + the JVM
//   ceilingChecksPerSecond  what the emulators alone sustain for one check's operations:
//                    SQS SendMessage + ReceiveMessage + DeleteMessage, and the DynamoDB writes of an
//                    automatic answer (conditional PutItem verdict, TransactWriteItems of 5 audit
//                    items, UpdateItem result-sent), measured right after, same emulators, same
//                    concurrency as the stack uses
//   ratio            checksPerSecond / ceilingChecksPerSecond
//   minimalCeilingChecksPerSecond  the same for the least any design of this shape needs per
//                    check: the SQS triple and ONE conditional PutItem
//   minimalRatio     checksPerSecond / minimalCeilingChecksPerSecond
//   writeUnitsPerCandidate  DynamoDB write units as AWS bills them (local/write-meter.ts) over the
//                    whole run (submit, routing, answers, decisions, progress, API reads excluded)
//   scale            the run at 250 candidates and at BENCH_CANDIDATES (default 1,000; 5,000 adds
//                    a 1,000 run too), each in a fresh process and a fresh stack, so RSS is its own
// The top-level fields are the 1,000-candidate run's when there was one (else the largest run's).
// Writes bench/results/latest.json.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { ApiClient, fileBody } from '../cli/lib/api-client.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from '../local/env.js';
import { ensureQueueWithDlq } from '../local/sqs.js';
import { startStack } from '../local/stack.js';
import { manualAnswerer } from '../cli/lib/vet.js';
import { CANDIDATE_CSV_HEADER, RECORD_CSV_HEADER, makeIdNumber, seqFor, toCsv } from '../samples/people.js';
import { candidateIdFor } from '../shared/domain/ids.js';
import { builtInPolicy } from '../shared/adapters/files/policy-files.js';

const CANDIDATES = Number(process.env['BENCH_CANDIDATES'] ?? 1000);
/** Set by the parent for a child that runs one size. */
const ONE_SIZE = process.env['BENCH_ONE_SIZE'];
/** BENCH_SIZES (comma-separated) replaces the sizes, e.g. `BENCH_SIZES=30` for a quick try. */
const SIZES = (
  process.env['BENCH_SIZES']?.split(',').map(Number) ?? [...new Set([250, ...(CANDIDATES > 1000 ? [1000] : []), CANDIDATES])]
).sort((a, b) => a - b);
const RECORD_SHARE = 0.03;
/** DynamoDB Local's JVM as the published figures ran it (the children inherit it); set the variable to change it. */
process.env['LIANSHEN_DYNAMODB_JAVA_OPTS'] ??= '-XX:+UseSerialGC -Xms64m -Xmx512m';
const POLICY = builtInPolicy('dinghai-2017');
const DEPARTMENTS = POLICY.departments.length;
/** A county's candidates arrive as one batch per township (here 10 × 100). */
const TOWNSHIPS = [
  { code: 'changguo', name: '昌国街道' },
  { code: 'huannan', name: '环南街道' },
  { code: 'chengdong', name: '城东街道' },
  { code: 'jiefang', name: '解放街道' },
  { code: 'yancang', name: '盐仓街道' },
  { code: 'lincheng', name: '临城街道' },
  { code: 'baiquan', name: '白泉镇' },
  { code: 'ganlan', name: '干览镇' },
  { code: 'jintang', name: '金塘镇' },
  { code: 'cengang', name: '岑港街道' },
] as const;
const OUT = fileURLToPath(new URL('./results/', import.meta.url));

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '海燕',
  '志强',
  '晓东',
  '春梅',
  '国庆',
];
const POSTS = [
  '党组织书记',
  '村(居)委会主任',
  '村(居)委会委员',
  '村(居)委会委员',
  '监督委员会委员',
  '党组织委员',
  '村(居)委会副主任',
  '监督委员会主任',
  '村(居)委会委员',
  '党组织副书记',
];

interface Person {
  name: string;
  sex: '男' | '女';
  birth: string;
  idNumber: string;
  village: string;
  post: string;
  political: string;
}

function people(n: number): Person[] {
  const out: Person[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < n; i++) {
    const sex: '男' | '女' = i % 2 === 0 ? '男' : '女';
    const year = 1966 + ((i * 7) % 34);
    const month = 1 + ((i * 5) % 12);
    const day = 1 + ((i * 11) % 28);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const idNumber = makeIdNumber(birth, seqFor(sex, i % 500));
    if (seen.has(idNumber)) continue;
    seen.add(idNumber);
    out.push({
      name: `${SURNAMES[i % SURNAMES.length] ?? '王'}${GIVEN[(i * 3) % GIVEN.length] ?? '伟'}`,
      sex,
      birth,
      idNumber,
      village: `第${Math.floor(out.length / 10) + 1}村`,
      post: POSTS[out.length % 10] ?? '村(居)委会委员',
      political: i % 3 === 0 ? '群众' : '中共党员',
    });
  }
  return out;
}

function batchCsv(ps: Person[], township: string): string {
  return toCsv([
    CANDIDATE_CSV_HEADER,
    ...ps.map((p, i) => [
      String(i + 1),
      p.name,
      p.sex,
      '汉族',
      p.idNumber,
      p.birth.slice(0, 7),
      '高中',
      p.political,
      township,
      p.village,
      p.post,
      '初步人选',
      '否',
    ]),
  ]);
}

/** About 3% of candidates get one record, each in one of the automatic departments. */
function extracts(ps: Person[]): Map<string, string[][]> {
  const auto = POLICY.departments.filter((d) => d.mode === 'auto');
  const rows = new Map<string, string[][]>(POLICY.departments.map((d) => [d.code, []]));
  const every = Math.round(1 / RECORD_SHARE);
  ps.forEach((p, i) => {
    if (i % every !== 0) return;
    const d = auto[(i / every) % auto.length];
    if (!d) return;
    const category = d.categories[0] ?? '失信被执行人';
    rows.get(d.code)?.push([d.name, p.idNumber, p.name, category, '2024-03-01', '2024-09-01', '已撤销', `定测〔2024〕${i}号`, '']);
  });
  return rows;
}

/** Bytes as whole MB. */
const mb = (bytes: number) => Math.round(bytes / 1048576);

function rssOfPid(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The JVM under this process (the DynamoDB Local watchdog shell's child). */
function jvmPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.includes('DynamoDBLocal.jar')) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const parentStat = readFileSync(`/proc/${ppid}/stat`, 'utf8');
      const grandparent = Number(parentStat.slice(parentStat.lastIndexOf(')') + 2).split(' ')[1]);
      if (grandparent === process.pid) pids.push(Number(entry));
    } catch {
      // process gone
    }
  }
  return pids;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await fn(item);
      }
    }),
  );
}

/** Raw emulator throughput for one check's operations, as checks per second. */
async function ceiling(
  stack: Awaited<ReturnType<typeof startStack>>,
): Promise<{ sqsPerSecond: number; ddbPerSecond: number; checksPerSecond: number; putPerSecond: number; minimalPerSecond: number }> {
  const sqs = stack.sqs.client;
  const q = await ensureQueueWithDlq(sqs, 'lianshen-bench-ceiling', 30);
  const N = 3000;
  const body = JSON.stringify({
    campaignId: 'bench',
    candidateId: 'bench-0001',
    department: 'court',
    taskToken: 'x'.repeat(120),
    timeoutSeconds: 432000,
  });
  let t = Date.now();
  await mapLimit([...Array(N).keys()], 50, async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body }));
  });
  let received = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (received < N) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const msgs = r.Messages ?? [];
        if (msgs.length === 0) continue;
        received += msgs.length;
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: q.url,
            Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
    }),
  );
  const sqsPerSecond = N / ((Date.now() - t) / 1000);

  const ddb = new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const M = 1500;
  t = Date.now();
  await mapLimit([...Array(M).keys()], 16, async (i) => {
    const pk = { S: `BENCH#${i}` };
    await ddb.send(
      new PutItemCommand({
        TableName: TABLE_NAME,
        Item: { pk, sk: { S: 'VERDICT#court' }, status: { S: 'clear' }, answeredAt: { S: new Date().toISOString() } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { pk, sk: { S: 'EVENT#0000000001' }, event: { S: 'x'.repeat(400) } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { pk, sk: { S: 'EVENT#0000000002' }, event: { S: 'x'.repeat(400) } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { pk, sk: { S: 'AUDITHEAD' }, seq: { N: '2' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: TABLE_NAME, Item: { pk, sk: { S: 'DEDUPE#dispatched' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: TABLE_NAME, Item: { pk, sk: { S: 'DEDUPE#answered' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    await ddb.send(
      new UpdateItemCommand({
        TableName: TABLE_NAME,
        Key: { pk, sk: { S: 'VERDICT#court' } },
        UpdateExpression: 'SET resultSentAt = :at',
        ExpressionAttributeValues: { ':at': { S: new Date().toISOString() } },
      }),
    );
  });
  const ddbPerSecond = M / ((Date.now() - t) / 1000);
  // The least a check of this shape must write: one conditional PutItem of its answer.
  t = Date.now();
  await mapLimit([...Array(M).keys()], 16, async (i) => {
    await ddb.send(
      new PutItemCommand({
        TableName: TABLE_NAME,
        Item: {
          pk: { S: `BENCHMIN#${i}` },
          sk: { S: 'VERDICT#court' },
          status: { S: 'clear' },
          answeredAt: { S: new Date().toISOString() },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  });
  const putPerSecond = M / ((Date.now() - t) / 1000);
  ddb.destroy();
  // Both emulators share the same CPUs: a check needs both, one after the other.
  const combined = (dynamo: number) => 1 / (1 / sqsPerSecond + 1 / dynamo);
  return { sqsPerSecond, ddbPerSecond, checksPerSecond: combined(ddbPerSecond), putPerSecond, minimalPerSecond: combined(putPerSecond) };
}

async function runOne(candidates: number): Promise<RunResult> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const stack = await startStack({ mode: 'memory', log, meterWriteUnits: true });
  const sfn = new SFNClient({ endpoint: stack.urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const as = async (username: string, groups: string[]) =>
      new ApiClient(stack.urls.http, await stack.auth.issueToken({ username, groups }));
    const orgdept = await as('orgdept', ['orgdept']);
    const campaignId = `bench-${Date.now().toString(36)}`;
    await orgdept.post('/campaigns', {
      id: campaignId,
      name: '县级规模基准测试',
      jurisdiction: POLICY.jurisdiction,
      policyId: POLICY.id,
      electionDate: '2027-03-28',
      townships: [...TOWNSHIPS],
    });
    const ps = people(candidates);
    const records = extracts(ps);
    const clients = new Map<string, ApiClient>();
    const clientFor = async (code: string) => {
      const known = clients.get(code);
      if (known) return known;
      const c = await as(`dept-${code}`, [`department:${code}`]);
      clients.set(code, c);
      return c;
    };
    for (const d of POLICY.departments) {
      const rows = records.get(d.code) ?? [];
      await (await clientFor(d.code)).post(`/departments/${d.code}/records`, {
        campaignId,
        ...fileBody(new Uint8Array(Buffer.from(toCsv([RECORD_CSV_HEADER, ...rows]))), `${d.code}.csv`),
      });
    }
    const withRecords = [...records.values()].reduce((n, r) => n + r.length, 0);
    log(`campaign ${campaignId}: ${ps.length} candidates, ${DEPARTMENTS} department extracts (${withRecords} records)`);

    const started = Date.now();
    // 30 minutes for 1,000 candidates, more in proportion for a larger run.
    const timeLimitMs = 30 * 60_000 * Math.max(1, ps.length / 1000);
    const peopleById = new Map<string, { name: string; idNumber: string }>();
    const per = Math.ceil(ps.length / TOWNSHIPS.length);
    await mapLimit([...TOWNSHIPS.entries()], 2, async ([t, township]) => {
      const mine = ps.slice(t * per, (t + 1) * per);
      if (mine.length === 0) return;
      const client = await as(`township-${township.code}`, [`township:${township.code}`]);
      const body = { campaignId, candidates: fileBody(new Uint8Array(Buffer.from(batchCsv(mine, township.name))), `${township.code}.csv`) };
      // A 5xx (the API function's timeout on a busy machine) is retried with the same
      // Idempotency-Key: the API finishes a half-written batch instead of writing a second one.
      for (let attempt = 1; ; attempt++) {
        const r = await client.request('POST', '/batches', body, { 'idempotency-key': `${campaignId}-${township.code}` });
        if (r.status === 201 || r.status === 200) {
          const { batchId } = z.object({ batchId: z.string() }).parse(r.body);
          for (const [i, p] of mine.entries()) peopleById.set(candidateIdFor(batchId, i + 1), { name: p.name, idNumber: p.idNumber });
          return;
        }
        if (r.status < 500 || attempt >= 5) throw new Error(`POST /batches → ${r.status}: ${JSON.stringify(r.body)}`);
        log(`  POST /batches (${township.code}) → ${r.status}, retrying with the same Idempotency-Key`);
      }
    });
    log(`  ${TOWNSHIPS.length} township batches submitted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const manual = POLICY.departments.filter((d) => d.mode === 'manual').map((d) => ({ department: d, rows: [] }));
    const answer = manualAnswerer({ campaignId, extracts: manual, people: peopleById, clientFor });

    let peakRss = 0;
    // The main thread's V8 heap at its largest (live objects and not yet collected ones): most of the Node RSS.
    let peakHeapUsed = 0;
    let peakHeapTotal = 0;
    // The parts apart as well: the Node process (handlers, Step Functions engine, fauxqs) and DynamoDB Local's JVM.
    let peakJvmRss = 0;
    const sampleRss = () => {
      const node = process.resourceUsage().maxRSS / 1024;
      const jvm = jvmPids().reduce((sum, pid) => sum + rssOfPid(pid), 0);
      peakJvmRss = Math.max(peakJvmRss, jvm);
      peakRss = Math.max(peakRss, node + jvm);
      const heap = process.memoryUsage();
      peakHeapUsed = Math.max(peakHeapUsed, heap.heapUsed);
      peakHeapTotal = Math.max(peakHeapTotal, heap.heapTotal);
    };
    let succeeded = 0;
    let failed = 0;
    let lastLog = 0;
    let lastAnswer = 0;
    while (succeeded + failed < ps.length) {
      // Reviewers look at their inboxes every few seconds (each look lists the whole inbox).
      if (Date.now() - lastAnswer > 3000) {
        lastAnswer = Date.now();
        await answer();
      }
      const all: ExecutionListItem[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.sfn.stateMachineArn, maxResults: 1000, nextToken }));
        all.push(...(page.executions ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const ours = all.filter((e) => e.name?.startsWith(campaignId));
      succeeded = ours.filter((e) => e.status === 'SUCCEEDED').length;
      failed = ours.filter((e) => e.status !== 'SUCCEEDED' && e.status !== 'RUNNING').length;
      sampleRss();
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        const heap = process.memoryUsage();
        log(
          `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${succeeded}/${ps.length} decided${failed ? `, ${failed} failed` : ''}, ${JSON.stringify(stack.sfn.service.stats())}, main heap ${mb(heap.heapUsed)}/${mb(heap.heapTotal)} MB`,
        );
      }
      if (Date.now() - started > timeLimitMs) throw new Error(`bench did not finish within ${timeLimitMs / 60_000} minutes`);
      if (succeeded + failed < ps.length) await new Promise((r) => setTimeout(r, 1000));
    }
    const wallSeconds = (Date.now() - started) / 1000;
    sampleRss();
    const checks = ps.length * DEPARTMENTS;
    const checksPerSecond = checks / wallSeconds;
    log(
      `pipeline: ${checks} checks in ${wallSeconds.toFixed(1)} s = ${checksPerSecond.toFixed(0)} checks/s; measuring the emulators' ceiling…`,
    );
    const written = stack.writeMeter?.reading() ?? { units: 0, requests: {}, byKind: {}, reads: {} };
    const c = await ceiling(stack);
    sampleRss();
    return {
      candidates: ps.length,
      departments: DEPARTMENTS,
      wallSeconds: Number(wallSeconds.toFixed(2)),
      checksPerSecond: Number(checksPerSecond.toFixed(1)),
      peakRssMb: Math.round(peakRss),
      ceilingChecksPerSecond: Number(c.checksPerSecond.toFixed(1)),
      ratio: Number((checksPerSecond / c.checksPerSecond).toFixed(3)),
      minimalCeilingChecksPerSecond: Number(c.minimalPerSecond.toFixed(1)),
      minimalRatio: Number((checksPerSecond / c.minimalPerSecond).toFixed(3)),
      writeUnitsPerCandidate: Number((written.units / ps.length).toFixed(1)),
      detail: {
        ceilingConditionalPutsPerSecond: Number(c.putPerSecond.toFixed(1)),
        peakNodeRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        peakJvmRssMb: Math.round(peakJvmRss),
        peakMainHeapUsedMb: mb(peakHeapUsed),
        peakMainHeapTotalMb: mb(peakHeapTotal),
        writeRequests: written.requests,
        // Per candidate, by operation and item kind, largest first: where the write units go.
        writeUnitsByKind: Object.fromEntries(
          Object.entries(written.byKind)
            .sort(([, a], [, b]) => b.units - a.units)
            .map(([kind, t]) => [
              kind,
              { requests: Number((t.requests / ps.length).toFixed(2)), units: Number((t.units / ps.length).toFixed(2)) },
            ]),
        ),
        // Read requests per candidate, by operation and what they read, largest first (the reviewers' looks included).
        readRequestsByKind: Object.fromEntries(
          Object.entries(written.reads)
            .sort(([, a], [, b]) => b - a)
            .map(([kind, n]) => [kind, Number((n / ps.length).toFixed(2))]),
        ),
        loadAverageAtEnd: Number((loadavg()[0] ?? 0).toFixed(2)),
        ceilingSqsTriplesPerSecond: Number(c.sqsPerSecond.toFixed(1)),
        ceilingDynamoWriteSetsPerSecond: Number(c.ddbPerSecond.toFixed(1)),
        recordsInExtracts: withRecords,
        failedExecutions: failed,
        cpus: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
        node: process.version,
        measuredAt: new Date().toISOString(),
      },
    };
  } finally {
    sfn.destroy();
    await stack.stop();
  }
}

type RunResult = z.infer<typeof RunResult>;
const RunResult = z.object({
  candidates: z.number(),
  departments: z.number(),
  wallSeconds: z.number(),
  checksPerSecond: z.number(),
  peakRssMb: z.number(),
  ceilingChecksPerSecond: z.number(),
  ratio: z.number(),
  minimalCeilingChecksPerSecond: z.number(),
  minimalRatio: z.number(),
  writeUnitsPerCandidate: z.number(),
  detail: z.record(z.string(), z.unknown()),
});

/** One size in a fresh process (peak RSS is per process), its result as the last stdout line. */
function runChild(candidates: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_ONE_SIZE: String(candidates) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the ${candidates}-candidate run exited with ${code}`));
      try {
        resolve(RunResult.parse(JSON.parse(out.trim().split('\n').pop() ?? '')));
      } catch (err) {
        reject(err);
      }
    });
  });
}

async function main(): Promise<void> {
  if (ONE_SIZE !== undefined) {
    process.stdout.write(`${JSON.stringify(await runOne(Number(ONE_SIZE)))}\n`);
    // The handler modules' SDK clients (one per module, as in a Lambda sandbox) outlive the stack.
    process.exit(0);
  }
  const runs: RunResult[] = [];
  for (const size of SIZES) {
    process.stderr.write(`— ${size} candidates —\n`);
    runs.push(await runChild(size));
  }
  const largest = runs[runs.length - 1];
  if (largest === undefined) throw new Error('no run');
  const first = runs[0] ?? largest;
  // The headline is the issue's target size (1,000) when it ran; the others are in `scale`.
  const headline = runs.find((r) => r.candidates === 1000) ?? largest;
  const result = {
    ...headline,
    scale: {
      runs: runs.map((r) => ({
        candidates: r.candidates,
        wallSeconds: r.wallSeconds,
        checksPerSecond: r.checksPerSecond,
        peakRssMb: r.peakRssMb,
        minimalRatio: r.minimalRatio,
        writeUnitsPerCandidate: r.writeUnitsPerCandidate,
      })),
      // Linear growth is 1 per unit of batch size: wall time per candidate at the largest size over the smallest.
      wallGrowthPerCandidate: Number((largest.wallSeconds / largest.candidates / (first.wallSeconds / first.candidates)).toFixed(2)),
    },
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!existsSync(join(OUT, 'latest.json'))) throw new Error('could not write the result');
}

await main();
