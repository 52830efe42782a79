// A policy written as data (YAML or JSON, already parsed into plain values by
// shared/adapters/files/policy-files.ts), validated all or nothing: the schema first, then the
// consistency rules. Every error names the file (`sheet`), the key path (`column`, e.g.
// categories[3].citation.quote) and, when the reader knows it, the line (`row`; 0 otherwise).
import type { z } from 'zod';
import { Policy } from '../model.js';
import { policyProblems, type PolicyPath } from '../policies/check.js';
import { finishErrors, importError, type ImportError, type ImportErrorCode } from './errors.js';

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: ImportError[] };

/** categories[3].citation.quote */
export function formatPolicyPath(path: PolicyPath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

/** The codes the workbook reader gives the same mistakes, so a mistake has one code whatever the file. */
function codeOfIssue(issue: z.core.$ZodIssue): ImportErrorCode {
  const last = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
  switch (last) {
    case 'quote':
      return 'POLICY_QUOTE_EMPTY';
    case 'clause':
      return 'POLICY_CLAUSE_EMPTY';
    case 'severity':
    case 'effect':
      return 'POLICY_SEVERITY_INVALID';
    case 'mode':
      return 'POLICY_MODE_INVALID';
    case 'slaDays':
      return 'POLICY_SLA_INVALID';
    case 'educationBelow':
    case 'minEducation':
      return 'POLICY_EDUCATION_UNKNOWN';
    case 'posts':
      return 'POLICY_POST_UNKNOWN';
    case 'relations':
      return 'POLICY_RELATION_UNKNOWN';
    case 'between':
      return 'POLICY_BODY_UNKNOWN';
    case 'unitKinds':
      return 'POLICY_UNIT_KIND_UNKNOWN';
    case 'givesWay':
      return 'POLICY_GIVES_WAY_INVALID';
    case 'anchor':
      return 'POLICY_WINDOW_NO_ANCHOR';
    case 'id':
      return issue.path.length === 1 ? 'POLICY_ID_INVALID' : 'POLICY_SCHEMA';
    case 'code':
      return 'POLICY_CODE_INVALID';
    case 'date':
    case 'bornBefore':
      return 'DATE_FORMAT';
    default:
      return 'POLICY_SCHEMA';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '缺少这一项。' : `类型不对：应为${typeName(issue.expected)}。`;
    case 'invalid_value':
      return `只能是 ${issue.values.map((v) => JSON.stringify(v)).join('、')} 之一。`;
    case 'too_small':
      return issue.origin === 'array'
        ? `至少要有 ${String(issue.minimum)} 项。`
        : issue.origin === 'string'
          ? '不能为空。'
          : `不能小于 ${String(issue.minimum)}。`;
    case 'unrecognized_keys':
      return `不认识的项：${issue.keys.join('、')}。`;
    case 'invalid_union':
      return '写法不对：请对照 docs/policy.schema.json。';
    default:
      return `写法不对：${issue.message}`;
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: '文字',
    number: '数字',
    int: '整数',
    boolean: 'true 或 false',
    array: '列表',
    object: '对象',
  };
  return names[expected] ?? expected;
}

/** The value at a path, as the error shows it. */
function valueAt(data: unknown, path: PolicyPath): string {
  let node: unknown = data;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return '';
    node = Reflect.get(node, part);
  }
  if (node === undefined) return '';
  const text = typeof node === 'string' ? node : JSON.stringify(node);
  return [...text].length > 100 ? `${[...text].slice(0, 100).join('')}…` : text;
}

/**
 * A policy from plain data. `lineOf` gives the line of a key path in the file, where the reader
 * can tell (YAML); errors without one carry row 0.
 */
export function validatePolicyData(data: unknown, filename: string, lineOf: (path: PolicyPath) => number = () => 0): PolicyResult {
  const err = (code: ImportErrorCode, path: PolicyPath, message: string): ImportError =>
    importError(code, lineOf(path), formatPolicyPath(path), valueAt(data, path), message, filename);
  const parsed = Policy.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return err(codeOfIssue(issue), path, describeIssue(issue));
    });
    return { ok: false, errors: finishErrors(errors) };
  }
  const problems = policyProblems(parsed.data);
  if (problems.length > 0) return { ok: false, errors: finishErrors(problems.map((p) => err(p.code, p.path, p.message))) };
  return { ok: true, policy: parsed.data };
}
