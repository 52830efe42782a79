// `lianshen vet`: one batch through the whole local pipeline, from the command line.
//
// 1. Checks the inputs with the domain import (errors in Chinese with row and column) before
//    anything starts.
// 2. Finds the stack running for the data folder (stack.json), or starts one as a child process
//    whose department timeout is --wait, so silence turns into `overdue` by the end of the wait.
// 3. Through the API, as the people who would do it: the organization department creates a
//    campaign; each department with a file in --records uploads it; the township submits the batch.
// 4. Departments whose policy mode is manual but which have a file in --records answer through the
//    reviewer API (as that department), using the domain's own matching — exactly what a reviewer
//    holding that extract would do. A task with a match hint (same ID, another name) is left for a
//    human, as the checker leaves it.
// 5. Waits (progress on stderr), then collects decisions, conflicts, the audit digest and the
//    report files.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  ATTESTATION_STATEMENT,
  AttestResponse,
  AuditTrail,
  BatchDetail,
  ErrorBody,
  FileRejected,
  Inbox,
  PolicyDetail,
  PolicyVersions,
  TaskCard,
  UploadPolicyResponse,
} from '../../shared/api/index.js';
import { citeText } from '../../shared/app/reports/labels.js';
import { maskIdNumber } from '../../shared/domain/idcard.js';
import { batchDigest } from '../../shared/domain/audit/merkle.js';
import type { ImportError } from '../../shared/domain/import/errors.js';
import { parseBatch, parseRecords, parseUnits } from '../../shared/adapters/files/uploads.js';
import { unitKey, unitRegistry } from '../../shared/domain/units.js';
import { matchRecords } from '../../shared/domain/import/records.js';
import type { Citation, Department, Policy, RecordRow } from '../../shared/domain/model.js';
import { builtInPolicy, builtInPolicyIds, readPolicyFile } from '../../shared/adapters/files/policy-files.js';
import { candidateIdFor } from '../../shared/domain/ids.js';
import { SAMPLE_CAMPAIGN } from '../../samples/sample-county.js';
import { createLocalTokens, type LocalTokens } from '../../local/auth.js';
import { ApiCallError, ApiClient, fileBody } from './api-client.js';
import { spawnStack, type SpawnedStack } from '../../local/spawn.js';
import { DEFAULT_DATA_DIR, findRunningStack, type StackInfo } from '../../local/stack.js';

export class VetInputError extends Error {
  override name = 'VetInputError';
  constructor(
    message: string,
    readonly problems: Array<{ file: string; errors: ImportError[] }> = [],
  ) {
    super(message);
  }
}

export interface VetOptions {
  batch: string;
  policy: string;
  electionDate: string;
  records: string;
  relatives?: string;
  /** The campaign's 行政区划 list (乡镇(街道), 乡镇代码, 村(社区), 类型): the batch must keep to it, and units get their kinds. */
  units?: string;
  /** Seconds to wait for answers; a stack started here gives departments exactly this long. */
  waitSeconds: number;
  outDir?: string;
  dataDir?: string;
  /** A stack started here runs in demo mode (the demo accounts): `lianshen demo`. */
  demo?: boolean;
  /** Relative paths start here. */
  cwd?: string;
  onProgress?: (p: VetProgress) => void;
  log?: (line: string) => void;
}

export interface VetProgress {
  decided: number;
  total: number;
  answered: number;
  asked: number;
  elapsedSeconds: number;
  waitSeconds: number;
}

export interface VetReason {
  category: string;
  severity: string;
  department: string;
  documentNumber: string | null;
  eligibleFrom: string | null;
  citation: Citation;
}

export interface VetCandidate {
  name: string;
  idNumber: string;
  village: string;
  post: string;
  decision: 'cleared' | 'disqualified' | 'referred' | 'incomplete';
  reasons: VetReason[];
  warnings: Array<{ rule: string; message: string; citation: Citation }>;
  /** Departments without an answer (incomplete). */
  unanswered: string[];
  /** True when no decision was recorded before the wait ended (departments still pending). */
  pending: boolean;
}

export interface VetResult {
  batchId: string;
  policy: { id: string; version: string };
  digest: string;
  candidates: VetCandidate[];
  conflicts: Array<{ village: string; relation: string; candidates: [string, string]; resolution: string; citation: string }>;
}

export interface VetRun {
  result: VetResult;
  campaignId: string;
  /** Human-readable lines per candidate (Chinese reason texts from the API). */
  details: Array<{ seq: number; reasons: string[]; warnings: string[]; unanswered: string }>;
  files: string[];
  outDir: string;
  stack: { startedHere: boolean; info: StackInfo };
  /** Departments answered here through the reviewer API (manual mode with a file in --records). */
  reviewerAnswers: number;
  extracts: Array<{ department: string; name: string; mode: string; rows: number; filename: string }>;
}

interface Extract {
  department: Department;
  filename: string;
  bytes: Uint8Array;
  rows: RecordRow[];
}

const EXTRACT_EXT = new Set(['.csv', '.xlsx']);
/** Tasks per attestation: what fits one API call well within the function's 29 s. */
const ATTEST_PAGE = 100;

function readFile(path: string): { bytes: Uint8Array; filename: string } {
  if (!existsSync(path) || !statSync(path).isFile()) throw new VetInputError(`找不到文件：${path}`);
  return { bytes: new Uint8Array(readFileSync(path)), filename: basename(path) };
}

/** The department of an extract: its 部门 column, else (header-only) the file name. */
function departmentOf(policy: Policy, filename: string, rows: RecordRow[]): Department | ImportError {
  const names = new Set(rows.map((r) => r.department));
  if (names.size > 1) {
    return {
      row: 0,
      column: '部门',
      value: [...names].join('、'),
      code: 'DEPARTMENT_MIXED',
      message: `一个文件只能是一个部门的记录，但"部门"列出现了 ${[...names].join('、')}`,
    };
  }
  const [name] = names;
  if (name !== undefined) {
    const d = policy.departments.find((x) => x.name === name);
    if (d) return d;
  }
  const stem = basename(filename, extname(filename));
  const d = policy.departments.find((x) => x.code === stem.toLowerCase()) ?? policy.departments.find((x) => stem.includes(x.name));
  if (d) return d;
  return {
    row: 0,
    column: '部门',
    value: filename,
    code: 'DEPARTMENT_UNKNOWN',
    message:
      '只有表头（无记录），无法从"部门"列判断是哪个部门。请把文件命名为部门编号（如 public-security.csv）或包含部门名称（如 区公安分局.csv）。',
  };
}

/**
 * Where --policy points: a policy file (checked here, uploaded through POST /policies and pinned),
 * a built-in policy, or a policy stored on the stack (read through the API once it runs).
 */
export type PolicySource =
  | { kind: 'file'; policy: Policy; file: { bytes: Uint8Array; filename: string } }
  | { kind: 'builtIn'; policy: Policy }
  | { kind: 'stored'; id: string };

const POLICY_FILE = /\.(xlsx|xlsm|yaml|yml|json)$/i;

export async function resolvePolicySource(opts: Pick<VetOptions, 'policy' | 'cwd'>): Promise<PolicySource> {
  const path = resolve(opts.cwd ?? process.cwd(), opts.policy);
  if (POLICY_FILE.test(opts.policy) || (existsSync(path) && statSync(path).isFile())) {
    const file = readFile(path);
    const result = await readPolicyFile(file);
    if (!result.ok) throw new VetInputError(`政策文件 ${file.filename} 未通过校验`, [{ file: file.filename, errors: result.errors }]);
    return { kind: 'file', policy: result.policy, file };
  }
  if (builtInPolicyIds().includes(opts.policy)) return { kind: 'builtIn', policy: builtInPolicy(opts.policy) };
  if (/^[a-z0-9-]{1,64}$/.test(opts.policy)) return { kind: 'stored', id: opts.policy };
  throw new VetInputError(`--policy 应为政策编号（如 ${builtInPolicyIds().join('、')}）或政策文件（.xlsx、.yaml、.json）：${opts.policy}`);
}

export interface BatchInputs {
  candidates: { bytes: Uint8Array; filename: string };
  relatives?: { bytes: Uint8Array; filename: string };
  units?: { bytes: Uint8Array; filename: string };
  township: string;
  /** The township's code from the 行政区划 list, when one is given. */
  townshipCode?: string;
  count: number;
  /** In file order: position i + 1 gives the candidate id (candidateIdFor). */
  people: Array<{ name: string; idNumber: string }>;
}

/** The township batch, validated before anything starts. */
export async function readBatchInputs(opts: VetOptions): Promise<BatchInputs> {
  const cwd = opts.cwd ?? process.cwd();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.electionDate) || Number.isNaN(Date.parse(`${opts.electionDate}T00:00:00Z`))) {
    throw new VetInputError(`--election-date 应为 YYYY-MM-DD，例如 2027-03-28（收到 "${opts.electionDate}"）`);
  }
  const candidates = readFile(resolve(cwd, opts.batch));
  const relatives = opts.relatives ? readFile(resolve(cwd, opts.relatives)) : undefined;
  const units = opts.units ? readFile(resolve(cwd, opts.units)) : undefined;
  const unitList = units ? await parseUnits(units) : undefined;
  if (units && unitList && !unitList.ok)
    throw new VetInputError(`${units.filename} 未通过校验`, [{ file: units.filename, errors: unitList.errors }]);
  const registry = unitList?.ok ? unitRegistry({ townships: unitList.townships }) : undefined;
  const parsed = await parseBatch({ candidates, ...(relatives ? { relatives } : {}), ...(registry ? { units: registry } : {}) });
  if (!parsed.ok) throw new VetInputError(`${candidates.filename} 未通过校验`, [{ file: candidates.filename, errors: parsed.errors }]);
  const townships = [...new Set(parsed.candidates.map((c) => c.township))];
  if (townships.length !== 1 || townships[0] === undefined) {
    throw new VetInputError(`一个批次只能来自一个乡镇（街道），${candidates.filename} 含有：${townships.join('、')}。请按乡镇分别提交。`);
  }
  return {
    candidates,
    ...(relatives ? { relatives } : {}),
    ...(units ? { units } : {}),
    township: townships[0],
    ...(townshipCodeIn(unitList, townships[0]) ?? {}),
    count: parsed.candidates.length,
    people: parsed.candidates.map((c) => ({ name: c.name, idNumber: c.idNumber })),
  };
}

/** The department extracts of --records, validated against the policy. */
export async function readExtracts(opts: VetOptions, policy: Policy): Promise<Extract[]> {
  const cwd = opts.cwd ?? process.cwd();
  const dir = resolve(cwd, opts.records);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new VetInputError(`--records 应为文件夹：${opts.records}`);
  const problems: Array<{ file: string; errors: ImportError[] }> = [];
  const extracts: Extract[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (f.startsWith('.') || f.startsWith('~$') || !EXTRACT_EXT.has(extname(f).toLowerCase())) continue;
    const file = readFile(join(dir, f));
    const r = await parseRecords(file, policy);
    if (!r.ok) {
      problems.push({ file: f, errors: r.errors });
      continue;
    }
    const department = departmentOf(policy, f, r.rows);
    if ('row' in department) {
      problems.push({ file: f, errors: [department] });
      continue;
    }
    const dup = extracts.find((e) => e.department.code === department.code);
    if (dup) {
      problems.push({
        file: f,
        errors: [
          {
            row: 0,
            column: '部门',
            value: department.name,
            code: 'DEPARTMENT_DUPLICATE',
            message: `与 ${dup.filename} 都是 ${department.name} 的记录：每个部门只能有一个文件`,
          },
        ],
      });
      continue;
    }
    extracts.push({ department, filename: f, bytes: file.bytes, rows: r.rows });
  }
  if (problems.length > 0) throw new VetInputError('部门记录文件未通过校验', problems);
  return extracts;
}

/** Checks everything that can be checked without the stack: the policy (unless stored there), the batch, the extracts. */
async function readVetInputs(opts: VetOptions): Promise<{ source: PolicySource; batch: BatchInputs; extracts: Extract[] | undefined }> {
  const source = await resolvePolicySource(opts);
  const batch = await readBatchInputs(opts);
  const extracts = source.kind === 'stored' ? undefined : await readExtracts(opts, source.policy);
  return { source, batch, extracts };
}

/** The latest version of a policy stored on the stack. */
async function storedPolicy(client: ApiClient, id: string): Promise<Policy> {
  const listed = await client.request('GET', `/policies/${encodeURIComponent(id)}`);
  if (listed.status === 404)
    throw new VetInputError(`未知的政策编号 "${id}"：内置政策有 ${builtInPolicyIds().join('、')}，本地环境中也没有上传过这个政策。`);
  if (listed.status !== 200) throw new ApiCallError(listed.status, listed.body, `GET /policies/${id}`);
  const latest = PolicyVersions.parse(listed.body).versions.at(-1);
  if (latest === undefined) throw new VetInputError(`政策 ${id} 没有任何版本`);
  return PolicyDetail.parse(await client.get(`/policies/${encodeURIComponent(id)}/versions/${latest.version}`)).policy;
}

/** POST /policies with the file: a new version, or the same content again; anything else stops vet. */
async function uploadPolicyFile(
  client: ApiClient,
  file: { bytes: Uint8Array; filename: string },
  log: (line: string) => void,
): Promise<void> {
  const r = await client.request('POST', '/policies', { file: fileBody(file.bytes, file.filename) });
  if (r.status === 201 || r.status === 200) {
    const body = UploadPolicyResponse.parse(r.body);
    log(`${r.status === 201 ? '已上传政策' : '政策已在本地环境中（内容相同）'} ${body.policy.id} 版本 ${body.policy.version}`);
    return;
  }
  const rejected = FileRejected.safeParse(r.body);
  if (r.status === 422 && rejected.success)
    throw new VetInputError(rejected.data.message, [{ file: file.filename, errors: rejected.data.errors }]);
  const error = ErrorBody.safeParse(r.body);
  if (r.status === 409 && error.success) throw new VetInputError(error.data.message);
  throw new ApiCallError(r.status, r.body, 'POST /policies');
}

/**
 * Answers, as each manual department's reviewer, the open tasks of one campaign from that
 * department's extract: candidates the extract says nothing about by attestation ("以上人员经查
 * 无记录", one statement per page of tasks), candidates with records one answer each with the
 * findings the domain's matching gives. Tasks with a match hint are left for a human. Returns how
 * many tasks it answered; call it again as new tasks arrive.
 */
export function manualAnswerer(opts: {
  campaignId: string;
  extracts: ReadonlyArray<Pick<Extract, 'department' | 'rows'>>;
  /** Candidate id → the person as submitted. */
  people: ReadonlyMap<string, { name: string; idNumber: string }>;
  clientFor: (department: string) => Promise<ApiClient>;
}): () => Promise<number> {
  // Tasks answered, or deliberately left for a human (a hint): never looked at again.
  const done = new Set<string>();
  const one = async (e: Pick<Extract, 'department' | 'rows'>): Promise<number> => {
    let answered = 0;
    const client = await opts.clientFor(e.department.code);
    const listed = await client.request('GET', `/reviews?status=open&department=${e.department.code}`);
    // A busy stack may time a request out: the tasks are still open, the next round retries.
    if (listed.status !== 200) return 0;
    const inbox = Inbox.parse(listed.body);
    const fresh = inbox.items.filter((i) => i.campaignId === opts.campaignId && !done.has(i.taskId));
    const clear: string[] = [];
    for (const item of fresh) {
      if (item.hintCount > 0) {
        done.add(item.taskId);
        continue;
      }
      if (e.rows.length === 0) {
        clear.push(item.taskId);
        continue;
      }
      let person = opts.people.get(item.candidateId);
      if (!person || maskIdNumber(person.idNumber) !== item.candidate.idMasked) {
        const card = await client.request('GET', `/reviews/${encodeURIComponent(item.taskId)}`);
        if (card.status !== 200) continue;
        const parsed = TaskCard.parse(card.body);
        if (parsed.hints.length > 0 || parsed.answer !== null) {
          done.add(item.taskId);
          continue;
        }
        person = parsed.candidate;
      }
      const { findings, hints } = matchRecords(person, e.rows);
      if (hints.length > 0) {
        done.add(item.taskId); // a human must look at it
        continue;
      }
      if (findings.length === 0) {
        clear.push(item.taskId);
        continue;
      }
      const r = await client.request('POST', `/reviews/${encodeURIComponent(item.taskId)}/answer`, { result: 'findings', findings });
      if (r.status >= 200 && r.status < 300) {
        done.add(item.taskId);
        answered += 1;
      }
    }
    // One signed statement per page of tasks, as a reviewer would sign what the screen shows.
    for (let i = 0; i < clear.length; i += ATTEST_PAGE) {
      const taskIds = clear.slice(i, i + ATTEST_PAGE);
      const r = await client.request('POST', '/reviews/attest', {
        statement: ATTESTATION_STATEMENT,
        department: e.department.code,
        taskIds,
      });
      const body = AttestResponse.safeParse(r.body);
      if (r.status !== 200 || !body.success) continue;
      for (const id of [...body.data.answered, ...body.data.repeated, ...body.data.late]) done.add(id);
      answered += body.data.answered.length + body.data.repeated.length;
    }
    return answered;
  };
  return async () => {
    let total = 0;
    // Two departments at a time: each attestation already answers its tasks in parallel.
    const queue = [...opts.extracts];
    await Promise.all(
      [0, 1].map(async () => {
        for (let e = queue.shift(); e !== undefined; e = queue.shift()) total += await one(e);
      }),
    );
    return total;
  };
}

// API responses are read with the contract's schemas (shared/api): the CLI cannot drift from the routes.

function townshipCodeIn(list: Awaited<ReturnType<typeof parseUnits>> | undefined, name: string): { townshipCode: string } | undefined {
  const code = list?.ok ? list.townships.find((t) => unitKey(t.name) === unitKey(name))?.code : undefined;
  return code === undefined ? undefined : { townshipCode: code };
}

function townshipCode(name: string): string {
  const sample = SAMPLE_CAMPAIGN.townships.find((t) => t.name === name);
  return sample ? sample.code : `t-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
}

export async function runVet(opts: VetOptions): Promise<VetRun> {
  const log = opts.log ?? (() => undefined);
  const inputs = await readVetInputs(opts);
  const dataDir = resolve(opts.cwd ?? process.cwd(), opts.dataDir ?? DEFAULT_DATA_DIR);

  let spawned: SpawnedStack | undefined;
  let info = findRunningStack(dataDir);
  if (info) {
    log(`使用已在运行的本地环境：${info.urls.http}（数据目录 ${dataDir}）`);
  } else {
    log(`启动本地环境（数据目录 ${dataDir}，部门答复时限 ${opts.waitSeconds} 秒）…`);
    spawned = await spawnStack({ dataDir, departmentTimeoutSeconds: opts.waitSeconds, ...(opts.demo === true ? { demo: true } : {}) });
    info = spawned.info;
  }
  try {
    return await vetInputsOnStack(opts, inputs, info, createLocalTokens({ dir: join(dataDir, 'auth') }), log, spawned !== undefined);
  } finally {
    if (spawned) {
      log('停止本地环境…');
      await spawned.stop();
    }
  }
}

/** vet against a stack already at hand (tests use the in-process stack). */
export async function vetOnStack(opts: VetOptions, target: { info: StackInfo; auth: LocalTokens }): Promise<VetRun> {
  const inputs = await readVetInputs(opts);
  return vetInputsOnStack(opts, inputs, target.info, target.auth, opts.log ?? (() => undefined), false);
}

async function vetInputsOnStack(
  opts: VetOptions,
  read: Awaited<ReturnType<typeof readVetInputs>>,
  info: StackInfo,
  auth: LocalTokens,
  log: (line: string) => void,
  startedHere: boolean,
): Promise<VetRun> {
  const base = info.urls.http;
  const as = async (username: string, groups: string[]) => new ApiClient(base, await auth.issueToken({ username, groups }));
  const orgdept = await as('orgdept', ['orgdept']);
  const { source } = read;
  const policy = source.kind === 'stored' ? await storedPolicy(orgdept, source.id) : source.policy;
  if (source.kind === 'file') await uploadPolicyFile(orgdept, source.file, log);
  const inputs = { ...read.batch, extracts: read.extracts ?? (await readExtracts(opts, policy)) };
  const tCode = inputs.townshipCode ?? townshipCode(inputs.township);
  const township = await as(`township-${tCode}`, [`township:${tCode}`]);

  // A campaign of its own, pinned to exactly this version: this batch's extracts apply to it alone.
  const campaignId = `vet-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
  await orgdept.post('/campaigns', {
    id: campaignId,
    name: `lianshen vet ${inputs.candidates.filename}`,
    jurisdiction: policy.jurisdiction,
    policyId: policy.id,
    policyVersion: policy.version,
    electionDate: opts.electionDate,
    // With a 行政区划 list the server gives the township the same code the list does (given or generated from the name).
    ...(inputs.units
      ? { units: fileBody(inputs.units.bytes, inputs.units.filename) }
      : { townships: [{ code: tCode, name: inputs.township }] }),
  });
  log(`换届工作 ${campaignId}（政策 ${policy.id} ${policy.version}，选举日 ${opts.electionDate}）`);

  const deptClients = new Map<string, ApiClient>();
  const deptClient = async (code: string) => {
    const known = deptClients.get(code);
    if (known) return known;
    const c = await as(`dept-${code}`, [`department:${code}`]);
    deptClients.set(code, c);
    return c;
  };
  for (const e of inputs.extracts) {
    const client = await deptClient(e.department.code);
    const r = await client.request('POST', `/departments/${e.department.code}/records`, { campaignId, ...fileBody(e.bytes, e.filename) });
    if (r.status === 422) {
      const errors = FileRejected.safeParse(r.body);
      throw new VetInputError(`${e.filename} 未通过校验`, [{ file: e.filename, errors: errors.success ? errors.data.errors : [] }]);
    }
    if (r.status < 200 || r.status >= 300) throw new ApiCallError(r.status, r.body, `上传 ${e.filename}`);
  }
  log(
    `已上传 ${inputs.extracts.length} 个部门的记录文件；其余 ${policy.departments.length - inputs.extracts.length} 个部门等待审查人员答复`,
  );

  // A 5xx (the API function's timeout on a busy machine) is retried with the same Idempotency-Key:
  // the API finishes a half-written batch rather than writing a second one.
  const batchBody = {
    campaignId,
    candidates: fileBody(inputs.candidates.bytes, inputs.candidates.filename),
    ...(inputs.relatives ? { relatives: fileBody(inputs.relatives.bytes, inputs.relatives.filename) } : {}),
  };
  let submitted = await township.request('POST', '/batches', batchBody, { 'idempotency-key': `${campaignId}-batch` });
  for (let attempt = 2; submitted.status >= 500 && attempt <= 4; attempt++) {
    log(`提交批次失败（${submitted.status}），用同一幂等键重试…`);
    submitted = await township.request('POST', '/batches', batchBody, { 'idempotency-key': `${campaignId}-batch` });
  }
  if (submitted.status === 422) {
    const errors = FileRejected.safeParse(submitted.body);
    throw new VetInputError(`${inputs.candidates.filename} 未通过校验`, [
      { file: inputs.candidates.filename, errors: errors.success ? errors.data.errors : [] },
    ]);
  }
  if (submitted.status !== 201 && submitted.status !== 200) throw new ApiCallError(submitted.status, submitted.body, 'POST /batches');
  const batchId = z.object({ batchId: z.string() }).parse(submitted.body).batchId;
  log(`已提交批次 ${batchId}：${inputs.count} 名候选人`);

  // Manual departments holding a file answer through the reviewer API.
  const manualWithFile = inputs.extracts.filter((e) => e.department.mode === 'manual');
  const people = new Map(inputs.people.map((p, i) => [candidateIdFor(batchId, i + 1), p]));
  const answerManual = manualAnswerer({ campaignId, extracts: manualWithFile, people, clientFor: deptClient });
  let reviewerAnswers = 0;

  // Wait for decisions.
  const started = Date.now();
  const ownTimeout = info.departmentTimeoutSeconds;
  // When departments time out within the wait, give the decisions a moment to land afterwards.
  const graceMs = ownTimeout !== null && ownTimeout <= opts.waitSeconds ? 90_000 : 0;
  const deadline = started + opts.waitSeconds * 1000 + graceMs;
  let view: BatchDetail | undefined;
  const pause = () => new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(1000, inputs.count * 10))));
  for (;;) {
    if (manualWithFile.length > 0) reviewerAnswers += await answerManual();
    const read = await township.request('GET', `/batches/${batchId}`);
    if (read.status !== 200) {
      // A busy stack may time the read out; try again until the deadline.
      if (Date.now() > deadline) throw new ApiCallError(read.status, read.body, `GET /batches/${batchId}`);
      await pause();
      continue;
    }
    view = BatchDetail.parse(read.body);
    const decided = view.candidates.filter((c) => c.decision !== null).length;
    const asked = view.candidates.reduce((n, c) => n + c.progress.total, 0);
    const answered = view.candidates.reduce((n, c) => n + c.progress.answered + c.progress.overdue + c.progress.declined, 0);
    opts.onProgress?.({
      decided,
      total: view.candidates.length,
      answered,
      asked,
      elapsedSeconds: Math.round((Date.now() - started) / 1000),
      waitSeconds: opts.waitSeconds,
    });
    const allDecided = decided === view.candidates.length && view.candidates.length > 0;
    if ((allDecided && view.checks !== null) || Date.now() > deadline) break;
    // After the wait, only keep going while the stack's own timeouts are still turning silence into overdue.
    if (Date.now() > started + opts.waitSeconds * 1000 && graceMs === 0) break;
    // Reading a big batch's view is itself work for the stack: poll it less often.
    await pause();
  }

  // Audit digest over every candidate's chain head.
  const heads: Array<{ candidateId: string; head: string }> = [];
  for (const c of view.candidates) {
    const audit = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(c.candidateId)}/audit`));
    if (audit.verification.ok && audit.verification.head) heads.push({ candidateId: c.candidateId, head: audit.verification.head });
  }

  const result: VetResult = {
    batchId,
    policy: { id: policy.id, version: policy.version },
    digest: batchDigest(heads),
    candidates: view.candidates.map((c) => ({
      name: c.name,
      idNumber: c.idNumberMasked.includes('*') ? c.idNumberMasked : maskIdNumber(c.idNumberMasked),
      village: c.village,
      post: c.post,
      decision: c.decision?.finalStatus ?? 'incomplete',
      reasons: (c.decision?.reasons ?? []).map((r) => ({
        category: r.category,
        severity: r.severity,
        department: r.department,
        documentNumber: r.documentNumber,
        eligibleFrom: r.eligibleFrom,
        citation: r.citation,
      })),
      warnings: (c.decision?.warnings ?? []).map((w) => ({ rule: w.rule, message: w.message, citation: w.citation })),
      unanswered: c.decision ? c.decision.unanswered.map((u) => u.department) : [],
      pending: c.decision === null,
    })),
    conflicts: (view.checks?.conflicts ?? []).map((k) => ({
      village: k.village,
      relation: k.relation,
      candidates: [k.candidates[0]?.name ?? '', k.candidates[1]?.name ?? ''],
      resolution: k.resolution ?? '',
      citation: k.citation ? citeText(k.citation) : '',
    })),
  };
  const details = view.candidates.map((c) => ({
    seq: c.seq,
    reasons: (c.decision?.reasons ?? []).map((r) => r.text ?? `${r.category}（${r.department}）`),
    warnings: (c.decision?.warnings ?? []).map((w) => w.text ?? w.message),
    unanswered:
      c.decision === null
        ? `尚有 ${c.progress.total - c.progress.answered} 个部门未答复（等待中）`
        : c.decision.finalStatus === 'incomplete'
          ? (c.decision.unansweredText ?? '')
          : '',
  }));

  // Report files.
  const outDir = resolve(opts.cwd ?? process.cwd(), opts.outDir ?? join('out', `vet-${batchId}`));
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const save = (name: string, bytes: Uint8Array | string) => {
    const path = join(outDir, name);
    writeFileSync(path, bytes);
    files.push(path);
  };
  save('vet-result.json', `${JSON.stringify(result, null, 2)}\n`);
  const fetchFile = async (client: ApiClient, path: string, name: string) => {
    const r = await client.request('GET', path);
    if (r.status === 200) save(name, r.bytes);
    else log(`未能下载 ${name}（${r.status}）`);
  };
  await fetchFile(township, `/batches/${batchId}/feedback?format=xlsx`, '反馈名单.xlsx');
  await fetchFile(orgdept, `/campaigns/${campaignId}/report?format=xlsx`, '资格联审结果.xlsx');
  await fetchFile(orgdept, `/campaigns/${campaignId}/report?format=json`, 'report.json');
  await fetchFile(orgdept, `/campaigns/${campaignId}/report?format=publicity`, '公示名单.html');

  return {
    result,
    campaignId,
    details,
    files,
    outDir,
    stack: { startedHere, info },
    reviewerAnswers,
    extracts: inputs.extracts.map((e) => ({
      department: e.department.code,
      name: e.department.name,
      mode: e.department.mode,
      rows: e.rows.length,
      filename: e.filename,
    })),
  };
}
