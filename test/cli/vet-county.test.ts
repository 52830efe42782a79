// `lianshen vet --policy <workbook>` for a county that ships nowhere else: 青溪县's own 负面清单,
// written in the template, uploaded by vet and pinned; the decisions cite its document and clauses,
// and vetting again with the stored id gives the same decisions. The CLI runs against a stack
// started here for a data folder of its own (vet finds it through stack.json, as it would `npm start`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startStack, type Stack } from '../../local/stack.js';
import { REPO_ROOT, run } from './helpers.js';

const COUNTY = 'test/fixtures/county';
const WORKBOOK = `${COUNTY}/青溪县负面清单.xlsx`;
const TITLE = '《青溪县2027年村(社区)“两委”换届候选人资格联审工作方案》';

const Citation = z.object({ document: z.string(), clause: z.string(), quote: z.string() });
const Result = z.object({
  policy: z.object({ id: z.string(), version: z.string() }),
  candidates: z.array(
    z.object({
      name: z.string(),
      decision: z.string(),
      pending: z.boolean(),
      reasons: z.array(z.object({ category: z.string(), severity: z.string(), department: z.string(), citation: Citation })),
      warnings: z.array(z.object({ rule: z.string(), citation: Citation })),
    }),
  ),
});

let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lianshen-vet-county-'));
  stack = await startStack({ mode: 'memory', dataDir, log: () => undefined });
});

afterAll(async () => {
  await stack?.stop();
});

async function vet(policy: string) {
  const out = mkdtempSync(join(tmpdir(), 'lianshen-vet-out-'));
  const args = ['vet', `${COUNTY}/候选人名册.csv`, '--policy', policy, '--election-date', '2027-04-18', '--records', `${COUNTY}/records`];
  const result = await run([...args, '--data-dir', dataDir, '--out', out, '--wait', '120', '--json'], REPO_ROOT);
  expect(result.code, result.stderr).toBe(0);
  return { stderr: result.stderr, result: Result.parse(JSON.parse(result.stdout)) };
}

const decisions = (r: z.infer<typeof Result>) => Object.fromEntries(r.candidates.map((c) => [c.name, c.decision]));

describe('lianshen vet with the policy workbook of 青溪县', () => {
  let fromFile: Awaited<ReturnType<typeof vet>>;

  beforeAll(async () => {
    fromFile = await vet(WORKBOOK);
  }, 240_000);

  it('uploads the workbook, pins its version and decides every candidate under it', () => {
    expect(fromFile.stderr).toContain('已上传政策 qingxi-2027 版本 1.0.0');
    expect(fromFile.result.policy).toEqual({ id: 'qingxi-2027', version: '1.0.0' });
    expect(fromFile.result.candidates.every((c) => !c.pending)).toBe(true);
    expect(decisions(fromFile.result)).toEqual({
      陈志刚: 'cleared',
      赵丽华: 'cleared',
      钱国强: 'disqualified',
      孙德明: 'disqualified',
      周红梅: 'referred',
      吴建军: 'referred',
      郑小燕: 'cleared',
      王磊: 'cleared',
      冯海: 'referred',
    });
  });

  it('gives reasons that cite the uploaded document, its clauses and their verbatim words', () => {
    const by = new Map(fromFile.result.candidates.map((c) => [c.name, c]));
    const reason = (name: string) => by.get(name)?.reasons.map((r) => [r.category, r.department, r.citation.clause, r.citation.quote]);
    expect(reason('钱国强')).toEqual([['刑事处罚', 'court', '三(一)1', '因故意犯罪受过刑事处罚，刑满释放或者缓刑期满未满5年的']]);
    expect(reason('孙德明')).toEqual([['党纪政务处分', 'discipline', '三(一)2', '受到党纪处分或者政务处分，尚在影响期内的']]);
    expect(reason('周红梅')).toEqual([['违法占地建房', 'natural-resources', '三(二)2', '违法违规占地建房，至今尚未整改到位的']]);
    // The status exception of 违反计划生育 (已处罚到位) refers instead of barring, on its own clause's words.
    expect(reason('吴建军')).toEqual([
      ['违反计划生育', 'health', '三(一)6', '已经处理到位、群众认可的，由乡镇党委研究提出意见，报县委组织部研判'],
    ]);
    expect(reason('冯海')).toEqual([['组织煽动非正常上访', 'petitions', '三(二)1', '近3年内组织、煽动群众非正常上访，扰乱社会秩序的']]);
    // 提示 does not change the decision but is shown, cited.
    expect(by.get('郑小燕')?.warnings.map((w) => w.citation.clause)).toEqual(['三(三)']);
    for (const c of fromFile.result.candidates) {
      for (const r of [...c.reasons, ...c.warnings]) expect(r.citation.document).toBe(TITLE);
    }
  });

  it('gives the same decisions, reasons and citations with the stored id, and the same upload is no new version', async () => {
    const again = await vet(WORKBOOK);
    expect(again.stderr).toContain('政策已在本地环境中（内容相同） qingxi-2027 版本 1.0.0');
    const fromId = await vet('qingxi-2027');
    for (const other of [again, fromId]) {
      expect(other.result.policy).toEqual(fromFile.result.policy);
      expect(other.result.candidates.map((c) => [c.name, c.decision, c.reasons, c.warnings])).toEqual(
        fromFile.result.candidates.map((c) => [c.name, c.decision, c.reasons, c.warnings]),
      );
    }
  }, 240_000);
});
