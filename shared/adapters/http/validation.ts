// zod parsing of request parts, with Chinese messages that name the offending field.
import type { z } from 'zod';
import { badRequest } from './errors.js';

export type RequestPart = 'body' | 'query' | 'path';

const PART_LABEL: Record<RequestPart, string> = {
  body: '请求内容有误',
  query: '查询参数有误',
  path: '路径参数有误',
};

const TYPE_LABEL: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  array: '列表',
  object: '对象',
};

const HAS_CJK = /[\u4e00-\u9fff]/;

type Path = ReadonlyArray<PropertyKey>;

/** `findings[0].category` for people. */
export function displayPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** `findings.0.category` for programs (the `field` of a 400). */
export function fieldPath(path: Path): string {
  return path.map(String).join('.');
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(' 或 ');
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return '必填';
      return `应为${TYPE_LABEL[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `应为 ${quoteAll(issue.values)}`;
    case 'invalid_union': {
      if (input === undefined) return '必填';
      // A union that says what it takes (e.g. a file inline or by upload) says it in Chinese.
      if (HAS_CJK.test(issue.message)) return issue.message;
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
      return options.length > 0 ? `应为 ${quoteAll(options)}` : '格式不正确';
    }
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `长度不能少于 ${issue.minimum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少需要 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `长度不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'invalid_format':
      return HAS_CJK.test(issue.message) ? issue.message : '格式不正确';
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    default:
      return HAS_CJK.test(issue.message) ? issue.message : '无效';
  }
}

/** Parses one part of the request; the first issue becomes a 400 naming its field. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw badRequest(PART_LABEL[part]);
  // A union that failed inside one branch: report the innermost issue, it names the real field.
  const inner = innermost(issue);
  const where = displayPath(inner.path);
  const subject = where === '' ? (part === 'body' ? '请求体' : part === 'query' ? '查询参数' : '路径参数') : where;
  return throwIssue(part, subject, fieldPath(inner.path), describeIssue(inner), issueCode(inner));
}

/** A rule's own stable code (the text rule sets one), else the generic one. */
function issueCode(issue: z.core.$ZodIssue): string {
  const params: unknown = 'params' in issue ? issue.params : undefined;
  if (typeof params === 'object' && params !== null && 'code' in params && typeof params.code === 'string') return params.code;
  return 'INVALID_REQUEST';
}

function throwIssue(part: RequestPart, subject: string, field: string, text: string, code = 'INVALID_REQUEST'): never {
  throw badRequest(`${PART_LABEL[part]}：${subject} ${text}`, { field, in: part, code });
}

function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code === 'invalid_union' && issue.errors.length === 1) {
    const [branch] = issue.errors;
    const first = branch?.[0];
    if (first !== undefined) return innermost({ ...first, path: [...issue.path, ...first.path] });
  }
  return issue;
}
