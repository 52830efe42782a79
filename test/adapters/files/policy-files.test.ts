import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { repoPath } from '../../../infra/paths.js';
import {
  builtInPolicies,
  builtInPolicy,
  loadBuiltInPolicies,
  parsePolicyYaml,
  readPolicyText,
} from '../../../shared/adapters/files/policy-files.js';
import { EXAMPLE_POLICY, examplePolicy } from '../../support/policies.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('policy files in YAML and JSON', () => {
  it('reads a valid policy from either', () => {
    expect(readPolicyText({ filename: 'example.yaml', bytes: bytes(stringify(EXAMPLE_POLICY)) })).toEqual({
      ok: true,
      policy: examplePolicy(),
    });
    expect(readPolicyText({ filename: 'example.json', bytes: bytes(JSON.stringify(EXAMPLE_POLICY)) })).toEqual({
      ok: true,
      policy: examplePolicy(),
    });
  });

  it('names the file, the key path and the line of each error, with the codes the workbook uses', () => {
    const broken = {
      ...EXAMPLE_POLICY,
      categories: [
        { ...EXAMPLE_POLICY.categories[0], severity: 'forbidden' },
        { ...EXAMPLE_POLICY.categories[1], citation: { document: '《示例》', clause: '二', quote: '' } },
      ],
    };
    const text = stringify(broken);
    const result = parsePolicyYaml(text, 'county.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sheet: 'county.yaml',
          column: 'categories[0].severity',
          code: 'POLICY_SEVERITY_INVALID',
          value: 'forbidden',
          row: lineOf('severity: forbidden'),
        }),
        expect.objectContaining({
          sheet: 'county.yaml',
          column: 'categories[1].citation.quote',
          code: 'POLICY_QUOTE_EMPTY',
          row: lineOf('quote: ""'),
        }),
      ]),
    );
    expect(result.errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
  });

  it('places consistency problems (no department answers a category) on their path', () => {
    const orphan = { ...EXAMPLE_POLICY, departments: [{ ...EXAMPLE_POLICY.departments[0], categories: ['刑事处罚', '拖欠集体租金'] }] };
    const result = parsePolicyYaml(stringify(orphan), 'p.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.code, e.column, e.value])).toEqual([
      ['POLICY_CATEGORY_UNANSWERED', 'categories[1].label', '党纪处分'],
    ]);
  });

  it('reports YAML syntax and duplicate keys with their line, and refuses other formats and encodings', () => {
    const syntax = readPolicyText({ filename: 'p.yaml', bytes: bytes('id: a\nid: b\nname: [unclosed\n') });
    expect(syntax.ok ? [] : syntax.errors.map((e) => e.code)).toContain('POLICY_SYNTAX');
    expect(syntax.ok ? [] : syntax.errors.map((e) => e.row)).toContain(2);
    const json = readPolicyText({ filename: 'p.json', bytes: bytes('{"id": "a",\n "version": }') });
    expect(json.ok ? [] : json.errors.map((e) => [e.code, e.row])).toEqual([['POLICY_SYNTAX', 2]]);
    expect(readPolicyText({ filename: 'p.txt', bytes: bytes('x') })).toMatchObject({ ok: false, errors: [{ code: 'FILE_FORMAT' }] });
    expect(readPolicyText({ filename: 'p.yaml', bytes: new Uint8Array([0xc3, 0x28]) })).toMatchObject({
      ok: false,
      errors: [{ code: 'FILE_ENCODING' }],
    });
    expect(readPolicyText({ filename: 'p.yaml', bytes: new Uint8Array() })).toMatchObject({ ok: false, errors: [{ code: 'FILE_EMPTY' }] });
  });
});

describe('the built-in policies (policies/*.yaml)', () => {
  it('are the four shipped policies, by id, frozen', () => {
    expect(builtInPolicies().map((p) => p.id)).toEqual(['county-2017', 'dinghai-2017', 'duting-2015', 'xiannvshan-2021']);
    const p = builtInPolicy('dinghai-2017');
    expect(Object.isFrozen(p) && Object.isFrozen(p.categories[0])).toBe(true);
    expect(() => builtInPolicy('nowhere-2020')).toThrow(/未知的政策编号「nowhere-2020」.*dinghai-2017/);
  });

  it('stop the program with every error of a broken file, and with a file not named after its id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianshen-policies-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'county-2017.yaml'),
      readFileSync(repoPath('policies/county-2017.yaml'), 'utf8').replace('severity: bar', 'severity: maybe'),
    );
    expect(() => loadBuiltInPolicies(dir)).toThrow(
      /county-2017\.yaml[\s\S]*categories\[0\]\.severity \(line \d+\): POLICY_SEVERITY_INVALID/,
    );
    writeFileSync(join(dir, 'county-2017.yaml'), readFileSync(repoPath('policies/duting-2015.yaml'), 'utf8'));
    expect(() => loadBuiltInPolicies(dir)).toThrow(/holds policy duting-2015/);
  });
});
