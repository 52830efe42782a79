// Policy files: YAML and JSON (the shipped policies in policies/, uploads) read into a validated
// Policy, with every error placed on its key path and line. The built-in policies are the YAML
// files of the policies/ folder, read once per process: beside the bundled handler in Lambda
// (infra copies the folder into every function's asset), at the repository root otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { importError } from '../../domain/import/errors.js';
import { validatePolicyBook } from '../../domain/import/policy-book.js';
import { type PolicyResult, validatePolicyData } from '../../domain/import/policy-data.js';
import type { Policy } from '../../domain/model.js';
import type { PolicyPath } from '../../domain/policies/check.js';
import { MAX_FILE_BYTES, readBook, type UploadedFile } from './read-book.js';

export type { PolicyResult };

function fileError(
  file: string,
  code: 'FILE_EMPTY' | 'FILE_TOO_LARGE' | 'FILE_FORMAT' | 'FILE_ENCODING' | 'POLICY_SYNTAX',
  message: string,
  row = 0,
) {
  return { ok: false as const, errors: [importError(code, row, '', '', message, file)] };
}

interface ParsedText {
  data: unknown;
  lineOf: (path: PolicyPath) => number;
  errors: Array<{ line: number; message: string }>;
}

/** YAML (of which JSON is a subset) with a line for every key path. */
function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // The nearest node that exists on the path (a missing key is reported where its parent is).
  const lineOf = (path: PolicyPath): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 0;
  };
  const errors = doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] ?? '' }));
  return { data: errors.length === 0 ? doc.toJS() : undefined, lineOf, errors };
}

/** A policy written in YAML: syntax errors with their line, then the schema and the consistency rules. */
export function parsePolicyYaml(text: string, filename: string): PolicyResult {
  const parsed = parseText(text);
  if (parsed.errors.length > 0) {
    return {
      ok: false,
      errors: parsed.errors.map((e) =>
        importError('POLICY_SYNTAX', e.line, '', '', `YAML 写法有误（第${e.line}行）：${e.message}`, filename),
      ),
    };
  }
  return validatePolicyData(parsed.data, filename, parsed.lineOf);
}

/** V8 quotes the text around a JSON syntax error ("Unexpected token '}', ..."version": }" is not valid JSON"). */
function jsonErrorLine(text: string, message: string): number {
  const m = /Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  if (m === null || m[2] === undefined) return 0;
  const at = text.indexOf(m[2]);
  if (at < 0) return 0;
  const offset = at + Math.max(0, m[2].lastIndexOf(m[1] ?? ''));
  return text.slice(0, offset).split('\n').length;
}

/** A policy written in JSON (the same shape as the YAML, docs/policy.schema.json), read strictly. */
export function parsePolicyJson(text: string, filename: string): PolicyResult {
  const located = parseText(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const line = located.errors[0]?.line ?? jsonErrorLine(text, e instanceof Error ? e.message : '');
    return fileError(filename, 'POLICY_SYNTAX', `JSON 写法有误${line === 0 ? '' : `（第${line}行）`}：请检查括号、引号和逗号。`, line);
  }
  return validatePolicyData(data, filename, located.lineOf);
}

function extension(filename: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Any policy file: the Excel workbook (read with the upload reader and its size and unpacked-size
 * budget), .yaml/.yml or .json. All or nothing, every error with its place.
 */
export async function readPolicyFile(file: UploadedFile): Promise<PolicyResult> {
  const magic = (m: readonly number[]) => m.every((b, i) => file.bytes[i] === b);
  const ext = extension(file.filename);
  if (magic(ZIP) || magic(OLE) || ext === 'xlsx' || ext === 'xlsm' || ext === 'xls') {
    return validatePolicyBook({ filename: file.filename, read: await readBook(file) });
  }
  return readPolicyText(file);
}

/** A policy in YAML or JSON. */
export function readPolicyText(file: UploadedFile): PolicyResult {
  if (file.bytes.length === 0) return fileError(file.filename, 'FILE_EMPTY', '文件是空的（0 字节）。');
  if (file.bytes.length > MAX_FILE_BYTES) return fileError(file.filename, 'FILE_TOO_LARGE', '文件超过 10 MB 的上限。');
  const ext = extension(file.filename);
  if (ext !== 'yaml' && ext !== 'yml' && ext !== 'json') {
    return fileError(file.filename, 'FILE_FORMAT', `不支持 .${ext} 文件：政策请用 Excel 模板（.xlsx），或 .yaml / .json 文件。`);
  }
  const text = decodeUtf8(file.bytes);
  if (text === undefined) return fileError(file.filename, 'FILE_ENCODING', '文件不是 UTF-8 编码，请另存为 UTF-8 后再上传。');
  return ext === 'json' ? parsePolicyJson(text, file.filename) : parsePolicyYaml(text, file.filename);
}

// ---------------------------------------------------------------- the built-in policies

/** policies/ beside the bundled handler (Lambda), else at the repository root (source). */
export function builtInPoliciesDir(): string {
  const candidates = [new URL('./policies/', import.meta.url), new URL('../../../policies/', import.meta.url)];
  const found = candidates.map((u) => fileURLToPath(u)).find((dir) => existsSync(dir));
  if (found === undefined)
    throw new Error(`the built-in policies folder is missing (looked in ${candidates.map((u) => u.pathname).join(', ')})`);
  return found;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Every policies/<id>.yaml, validated (a broken file stops the program with its errors), by id. */
export function loadBuiltInPolicies(dir: string = builtInPoliciesDir()): Policy[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return files.map((f) => {
    const result = parsePolicyYaml(readFileSync(join(dir, f), 'utf8'), f);
    if (!result.ok) {
      throw new Error(
        `invalid built-in policy ${f}:\n${result.errors.map((e) => `  ${e.column || '-'} (line ${e.row}): ${e.code} ${e.message}`).join('\n')}`,
      );
    }
    if (`${result.policy.id}.yaml` !== f) throw new Error(`policies/${f} holds policy ${result.policy.id}: name the file after the id`);
    return deepFreeze(result.policy);
  });
}

let cached: readonly Policy[] | undefined;

/** The built-in policies, read once per process. */
export function builtInPolicies(): readonly Policy[] {
  cached ??= Object.freeze(loadBuiltInPolicies());
  return cached;
}

export function builtInPolicyIds(): string[] {
  return builtInPolicies().map((p) => p.id);
}

/** The built-in policy with this id; throws (in Chinese, for the CLI and tests) on an unknown id. */
export function builtInPolicy(id: string): Policy {
  const policy = builtInPolicies().find((p) => p.id === id);
  if (policy === undefined) throw new Error(`未知的政策编号「${id}」,可选:${builtInPolicyIds().join('、')}`);
  return policy;
}
