import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { buildProgram } from '../../cli/main.js';
import { builtInPolicyIds } from '../../shared/adapters/files/policy-files.js';
import { CANDIDATE_HEADERS, RECORD_HEADERS, UNIT_HEADERS } from '../../shared/domain/import/spec.js';
import { fileAnchorLog } from '../../shared/adapters/anchors/file.js';
import { answerEvent, sealAnswers } from '../../shared/domain/audit/answers.js';
import { appendEvent } from '../../shared/domain/audit/chain.js';
import { parseUnits } from '../../shared/adapters/files/uploads.js';
import { run, sampleChain, tempDir, writeJson } from './helpers.js';

describe('the program', () => {
  it('registers one command per module in cli/commands', async () => {
    const { readdirSync } = await import('node:fs');
    const modules = readdirSync(new URL('../../cli/commands/', import.meta.url))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -'.ts'.length))
      .sort();
    const { program } = await buildProgram({ stdout: () => {}, stderr: () => {} });
    expect(program.commands.map((c) => c.name()).sort()).toEqual(modules);
    expect(modules).toEqual(
      expect.arrayContaining(['demo', 'policies', 'start', 'template', 'validate', 'validate-records', 'verify', 'vet']),
    );
  });

  it('exits 2 for no command or an unknown command, 0 for --help', async () => {
    expect((await run([])).code).toBe(2);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('frobnicate');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate-records');
  });
});

describe('lianshen policies', () => {
  it('lists the four policies with versions, department and category counts (--json)', async () => {
    const { code, stdout } = await run(['policies', '--json']);
    expect(code).toBe(0);
    const list = z
      .array(
        z.object({
          id: z.string(),
          version: z.string().min(1),
          departments: z.number().int().positive(),
          categories: z.object({ total: z.number(), bar: z.number(), concern: z.number() }),
        }),
      )
      .parse(JSON.parse(stdout));
    expect(list.map((p) => p.id)).toEqual(builtInPolicyIds());
    expect(list.find((p) => p.id === 'dinghai-2017')?.departments).toBe(28);
    for (const p of list) expect(p.categories.bar + p.categories.concern).toBe(p.categories.total);
  });

  it('prints a table naming every policy id', async () => {
    const { code, stdout } = await run(['policies']);
    expect(code).toBe(0);
    for (const id of builtInPolicyIds()) expect(stdout).toContain(id);
  });
});

describe('lianshen verify', () => {
  const VerifyJson = z.object({ ok: z.boolean(), index: z.number().nullable().optional(), problem: z.string().optional() });

  it('passes an intact chain and prints its head and count', async () => {
    const chain = sampleChain();
    const file = writeJson(tempDir(), 'audit.json', chain);
    const { code, stdout } = await run(['verify', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('4 个事件');
    expect(stdout).toContain(chain[3]!.hash);
  });

  it('names the first tampered event and exits 1', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'audit.json', sampleChain());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"status": "clear"', '"status": "findings"'));
    const human = await run(['verify', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('事件 #2（seq 2）');
    expect(human.stdout).toContain('被篡改');
    const json = await run(['verify', file, '--json']);
    expect(json.code).toBe(1);
    expect(VerifyJson.parse(JSON.parse(json.stdout))).toMatchObject({ ok: false, index: 2, problem: 'altered' });
  });

  it('detects a dropped last event against the head stored in the file or given with --head', async () => {
    const chain = sampleChain();
    const dir = tempDir();
    const withHead = writeJson(dir, 'with-head.json', { events: chain.slice(0, 3), head: chain[3]!.hash });
    const fromFile = await run(['verify', withHead]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toContain('有事件被删除');
    const bare = writeJson(dir, 'bare.json', chain.slice(0, 3));
    expect((await run(['verify', bare])).code).toBe(0);
    expect((await run(['verify', bare, '--head', chain[3]!.hash])).code).toBe(1);
    const anchored = await run(['verify', bare, '--head', chain[2]!.hash.toUpperCase()]);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toContain('与锚定值一致');
  });

  it('checks the departments’ answer events of a trail file against the decision that sealed them, naming the department', async () => {
    const answers = ['court', 'petitions'].map((department) =>
      answerEvent({
        candidateId: 'cand-0009',
        actor: { kind: 'auto', id: 'extract:g1' },
        at: '2026-03-02T09:30:00.000Z',
        data: { department, result: 'clear', source: 'extract', findings: [] },
      }),
    );
    const decided = appendEvent(undefined, {
      candidateId: 'cand-0009',
      type: 'decided',
      actor: { kind: 'system', id: 'workflow' },
      at: '2026-03-06T00:00:00.000Z',
      data: { outcome: 'cleared', version: 1, answers: sealAnswers(answers) },
    });
    const dir = tempDir();
    const file = writeJson(dir, 'trail.json', { candidateId: 'cand-0009', events: [decided], answers });
    const ok = await run(['verify', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('部门答复 2 条，其中 2 条已由联审结论封存');
    const removed = await run(['verify', writeJson(dir, 'removed.json', { events: [decided], answers: answers.slice(0, 1) })]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('有事件被删除：部门答复 #1（petitions）');
    const altered = writeJson(dir, 'altered.json', { events: [decided], answers });
    writeFileSync(altered, readFileSync(altered, 'utf8').replace('"result": "clear"', '"result": "findings"'));
    const named = await run(['verify', altered]);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('被篡改：部门答复 #0');
  });

  it('detects reordered events', async () => {
    const [a, b, c, d] = sampleChain();
    const file = writeJson(tempDir(), 'audit.json', [a, c, b, d]);
    const { code, stdout } = await run(['verify', file]);
    expect(code).toBe(1);
    expect(stdout).toContain('顺序被调换');
  });

  it('treats a file that is not JSON or not a chain as failed verification (exit 1)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '[{"candidateId":');
    expect((await run(['verify', 'broken.json'], dir)).code).toBe(1);
    writeFileSync(join(dir, 'object.json'), '{"nope":true}');
    expect((await run(['verify', 'object.json'], dir)).code).toBe(1);
  });

  it('checks a chain against the anchor file and names the anchor a rewritten chain contradicts', async () => {
    const dir = tempDir();
    const chain = sampleChain();
    const log = fileAnchorLog(join(dir, 'anchors.jsonl'));
    await log.append({
      kind: 'batch',
      subject: 'b-1',
      at: '2026-03-01T09:00:00.000Z',
      heads: [{ chain: 'cand-0001', head: chain[3]!.hash, count: 4 }],
    });
    const intact = await run(['verify', writeJson(dir, 'audit.json', chain), '--data-dir', dir]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('与锚定记录一致：1 条锚定记录含此链');

    // Rewritten whole with a new answer: consistent in itself, but not with the anchor.
    const forged: typeof chain = [];
    for (const e of chain) {
      const data = e.type === 'answered' ? { department: 'court', status: 'findings' } : e.data;
      forged.push(appendEvent(forged.at(-1), { candidateId: e.candidateId, type: e.type, actor: e.actor, at: e.at, data }));
    }
    const forgedFile = writeJson(dir, 'forged.json', forged);
    expect((await run(['verify', forgedFile])).code).toBe(0);
    const caught = await run(['verify', forgedFile, '--anchors', join(dir, 'anchors.jsonl')]);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain('锚定记录 #0（批次 b-1 完成时的锚定）不符');

    await log.append({
      kind: 'report',
      subject: 'camp',
      at: '2026-03-02T09:00:00.000Z',
      heads: [{ chain: 'cand-0001', head: chain[3]!.hash, count: 4 }],
    });
    writeFileSync(join(dir, 'anchors.jsonl'), readFileSync(join(dir, 'anchors.jsonl'), 'utf8').replace('"b-1"', '"b-2"'));
    const edited = await run(['verify', join(dir, 'audit.json'), '--data-dir', dir]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('锚定记录文件 anchors.jsonl 已被改动');
  });

  it('exits 2 for a missing file or a malformed --head', async () => {
    const missing = await run(['verify', 'nowhere.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件');
    const file = writeJson(tempDir(), 'audit.json', sampleChain());
    expect((await run(['verify', file, '--head', 'abc'])).code).toBe(2);
    expect((await run(['verify', file, '--count', '-1'])).code).toBe(2);
  });
});

async function sheetNames(path: string): Promise<Map<string, ExcelJS.Worksheet>> {
  const workbook = new ExcelJS.Workbook();
  const bytes = readFileSync(path);
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return new Map(workbook.worksheets.map((ws) => [ws.name, ws]));
}

function headerRow(ws: ExcelJS.Worksheet | undefined): string[] | undefined {
  const values: unknown = ws?.getRow(1).values;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : undefined;
}

describe('lianshen template', () => {
  it('writes a candidate template that Excel (exceljs) can read, with the 候选人 sheet and its headers', async () => {
    const dir = tempDir();
    const { code, stdout } = await run(['template', '--out', 'batch.xlsx'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('batch.xlsx');
    const sheets = await sheetNames(join(dir, 'batch.xlsx'));
    expect(headerRow(sheets.get('候选人'))).toEqual([...CANDIDATE_HEADERS]);
  });

  it('writes a record-extract template for a policy with --records --policy', async () => {
    const dir = tempDir();
    const { code } = await run(['template', '--records', '--policy', 'dinghai-2017', '--out', 'records.xlsx'], dir);
    expect(code).toBe(0);
    const sheets = await sheetNames(join(dir, 'records.xlsx'));
    expect(headerRow(sheets.get('部门记录'))).toEqual([...RECORD_HEADERS]);
  });

  it('writes the 行政区划 list template with --units, which reads back as an (example-only) list', async () => {
    const dir = tempDir();
    const { code, stdout } = await run(['template', '--units', '--out', 'units.xlsx'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('行政区划名单模板');
    const sheets = await sheetNames(join(dir, 'units.xlsx'));
    expect(headerRow(sheets.get('行政区划'))).toEqual([...UNIT_HEADERS]);
    const read = await parseUnits({ bytes: new Uint8Array(readFileSync(join(dir, 'units.xlsx'))), filename: 'units.xlsx' });
    expect(read.ok ? [] : read.errors.map((e) => e.code)).toEqual(['EXAMPLE_ROW', 'EXAMPLE_ROW']);
  });

  it('does not overwrite an existing file unless --force is given', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'batch.xlsx'), 'keep me');
    const refused = await run(['template', '--out', 'batch.xlsx'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'batch.xlsx'), 'utf8')).toBe('keep me');
    expect((await run(['template', '--out', 'batch.xlsx', '--force'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'batch.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it.each([
    [['template'], 'out'],
    [['template', '--out', 'x.csv'], '.xlsx'],
    [['template', '--records', '--out', 'x.xlsx'], '--policy'],
    [['template', '--policy', 'dinghai-2017', '--out', 'x.xlsx'], '--records'],
    [['template', '--records', '--policy', 'nope', '--out', 'x.xlsx'], '未知的政策编号'],
    [['template', '--units', '--records', '--out', 'x.xlsx'], '--units'],
  ])('exits 2 for %j and writes nothing', async (argv, message) => {
    const dir = tempDir();
    const { code, stderr } = await run(argv, dir);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});
