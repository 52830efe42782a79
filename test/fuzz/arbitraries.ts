// Generators of request parts for the fuzz suite, derived from the API contract's zod schemas
// (through their JSON Schema, so a route added to ROUTE_CONTRACT is covered without an edit here),
// and the hostile values every part is also tried with.
import fc from 'fast-check';
import { z } from 'zod';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that pass the common string rules: ids of the seeded world, codes, dates, names, statements. */
export interface Vocabulary {
  strings: readonly string[];
  /**
   * Known-good values by field name, or by `segment.param` for a path parameter (the path segment
   * before it: `campaigns.id`); a field without a hint draws from `strings`.
   */
  hints: Readonly<Record<string, readonly string[]>>;
  /** How a file field (`contentBase64`) is filled: base64 of a file. */
  fileContent: fc.Arbitrary<string>;
  /** How a file name field is filled. */
  fileName: fc.Arbitrary<string>;
  /** Files that would be accepted (base64), and their names, for bodies that should get through. */
  validFileContent: fc.Arbitrary<string>;
  validFileName: fc.Arbitrary<string>;
}

/** `shaped`: the schema's shape with free strings too; `valid`: known-good strings wherever one fits. */
export type Mode = 'shaped' | 'valid';

/** Strings that broke, or could break, something: the text rule, dates, numbers as text, paths, prototypes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t',
  '海山\u0001社区',
  '海山社区\u202eexe.txt',
  '\ud800测',
  '测\udc00',
  '\ud83d',
  '\u0000',
  '\u007f\u0085',
  '\ufeff',
  '\ufffe',
  '\u2028\u2029',
  '𠀀𪚥',
  '👨‍👩‍👧',
  'ｃ２０２６',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '-1e309',
  '0x10',
  '2027-02-30',
  '2027-13-45',
  '0000-00-00',
  '2999-01-01',
  '1899-12-31',
  '2026-5-20',
  '2026-05-20T00:00:00Z',
  '..',
  '../../etc/passwd',
  '..%2f..%2f',
  '%00',
  '%E0%A4%A',
  'a/b',
  'C:\\Windows',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "=cmd|' /C calc'!A0",
  '+SUM(1,1)',
  '@HYPERLINK("http://x")',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '${7*7}',
  '{{7*7}}',
  'null',
  'undefined',
  'true',
  '"',
  '\\',
];

const HUGE = ['测'.repeat(100_000), 'a'.repeat(300_000), `${'x'.repeat(70)}\n`.repeat(2_000)];

/** A hostile string: the list, any code units at all (lone surrogates included), or a huge one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\u202e', '\ud800', '\udfff', '测', 'a', '"', ','), maxLength: 20 }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);

function nested(depth: number, kind: 'array' | 'object'): Json {
  let value: Json = 'deep';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** A JSON value of any shape or type, including ones no schema expects. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, [], {}, [null], { '': '' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v): Json => toJson(v)) },
  { weight: 1, arbitrary: fc.constantFrom(nested(2_000, 'array'), nested(2_000, 'object'), nested(50, 'array')) },
  { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 1_000, maxLength: 1_200 }) },
);

/** Raw body texts that are not (or barely) JSON. */
export const rawBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"campaignId":',
    'NaN',
    '1e309',
    '{"x":1e309}',
    '{"x":NaN}',
    '\ufeff{}',
    '[]',
    '"text"',
    'null',
    'true',
    '0',
    '{"__proto__":{"orgdept":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":1,"a":2}',
    `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
    '\u0000',
    '<xml/>',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return null;
}

// ------------------------------------------------------------ JSON Schema → arbitrary

type Schema = Readonly<Record<string, unknown>>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The JSON Schema of a request part (its input side: defaults make fields optional). */
export function jsonSchemaOf(schema: z.ZodType): Schema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function fits(value: string, s: Schema): boolean {
  const min = num(s['minLength']) ?? 0;
  const max = num(s['maxLength']) ?? Number.POSITIVE_INFINITY;
  const pattern = str(s['pattern']);
  // Lengths in code points, as JSON Schema counts them.
  const length = [...value].length;
  return length >= min && length <= max && (pattern === undefined || new RegExp(pattern, 'u').test(value));
}

function stringArb(s: Schema, vocab: Vocabulary, name: string | undefined, mode: Mode): fc.Arbitrary<string> {
  const field = name?.split('.').at(-1);
  if (field === 'contentBase64') return mode === 'valid' ? vocab.validFileContent : vocab.fileContent;
  if (field === 'filename') return mode === 'valid' ? vocab.validFileName : vocab.fileName;
  const hinted = name === undefined ? undefined : (vocab.hints[name] ?? vocab.hints[name.split('.').at(-1) ?? '']);
  const known = (hinted ?? vocab.strings).filter((v) => fits(v, s));
  const pattern = str(s['pattern']);
  const min = num(s['minLength']) ?? 0;
  const max = Math.min(num(s['maxLength']) ?? 40, 40);
  const free =
    pattern === undefined
      ? fc.string({ minLength: min, maxLength: Math.max(min, max), unit: fc.constantFrom('测', '试', 'a', 'Z', '1', '-', ' ', '号') })
      : fc.stringMatching(new RegExp(pattern), { size: 'small' }).filter((v) => fits(v, s));
  if (known.length === 0) return free;
  if (mode === 'valid') return fc.constantFrom(...known);
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: free });
}

/**
 * Values the schema's shape accepts (types, lengths, patterns, enums, required keys). Refinements
 * (real dates, the text rule) are invisible in JSON Schema, so some are still refused: good fuzz.
 */
export function fromSchema(s: Schema, vocab: Vocabulary, mode: Mode = 'shaped', name?: string): fc.Arbitrary<Json> {
  if ('const' in s) return fc.constant(toJson(s['const']));
  const choices = [...list(s['enum'])].map(toJson);
  if (choices.length > 0) return fc.constantFrom(...choices);
  const union = [...list(s['oneOf']), ...list(s['anyOf'])].filter(isSchema);
  if (union.length > 0) return fc.oneof(...union.map((branch) => fromSchema(branch, vocab, mode, name)));
  switch (s['type']) {
    case 'string':
      return stringArb(s, vocab, name, mode);
    case 'integer':
      return fc.integer({ min: num(s['minimum']) ?? -1000, max: num(s['maximum']) ?? 100_000 });
    case 'number':
      return fc.double({ min: num(s['minimum']) ?? -1e6, max: num(s['maximum']) ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = isSchema(s['items']) ? s['items'] : {};
      const minLength = num(s['minItems']) ?? 0;
      return fc.array(fromSchema(items, vocab, mode, name), {
        minLength,
        maxLength: Math.max(minLength, Math.min(num(s['maxItems']) ?? 3, 3)),
      });
    }
    case 'object': {
      const props = isSchema(s['properties']) ? s['properties'] : {};
      const required = new Set(list(s['required']).filter((k): k is string => typeof k === 'string'));
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, sub] of Object.entries(props)) if (isSchema(sub)) model[key] = fromSchema(sub, vocab, mode, key);
      const requiredKeys = Object.keys(model).filter((k) => required.has(k));
      return fc.record(model, { requiredKeys }).map((r): Json => toJson(r));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }).map((v): Json => toJson(v));
  }
}

// ------------------------------------------------------------ mutations of a valid value

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; at: number; key: string; value: Json }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'role', 'orgdept', '', '测'), fc.string({ maxLength: 8 })),
      value: hostileValue,
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
);

/** Paths of every object and array inside `value` (the root included), and of every leaf. */
function paths(value: Json, prefix: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> {
  const out: Array<ReadonlyArray<string | number>> = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: Json, path: ReadonlyArray<string | number>, update: (parent: Json, key: string | number) => void): Json {
  const copy = structuredClone(root);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) {
    if (Array.isArray(parent) && typeof key === 'number') parent = parent[key] ?? null;
    else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) parent = parent[String(key)] ?? null;
  }
  const last = path.at(-1);
  if (last !== undefined) update(parent, last);
  return copy;
}

function mutate(value: Json, m: Mutation): Json {
  if (m.kind === 'none') return value;
  const all = paths(value);
  const path = all[m.at % all.length] ?? [];
  if (m.kind === 'replace') {
    if (path.length === 0) return m.value;
    return setAt(value, path, (parent, key) => {
      if (Array.isArray(parent) && typeof key === 'number') parent[key] = m.value;
      else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) parent[String(key)] = m.value;
    });
  }
  if (m.kind === 'drop') {
    if (path.length === 0) return value;
    return setAt(value, path, (parent, key) => {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete parent[String(key)];
    });
  }
  const objects = all.filter((p) => {
    let node: Json = value;
    for (const k of p)
      node = Array.isArray(node) ? (node[Number(k)] ?? null) : node !== null && typeof node === 'object' ? (node[String(k)] ?? null) : null;
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const target = objects[m.at % Math.max(1, objects.length)];
  if (target === undefined) return value;
  const withKey = (parent: Json) => {
    // defineProperty: a key named __proto__ stays an own key, as JSON.parse would make it.
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent))
      Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  };
  if (target.length === 0) {
    const copy = structuredClone(value);
    withKey(copy);
    return copy;
  }
  return setAt(value, target, (parent, key) => {
    const node = Array.isArray(parent)
      ? parent[Number(key)]
      : parent !== null && typeof parent === 'object'
        ? parent[String(key)]
        : undefined;
    if (node !== undefined) withKey(node);
  });
}

/** A value the schema's shape accepts, then maybe one mutation: a dropped or extra key, or a hostile value anywhere. */
export function mutated(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.tuple(valid, mutation).map(([v, m]) => mutate(v, m));
}

/** What a JSON body is sent as: absent, raw text, any JSON, or a (mutated) body of the schema's shape. */
export type BodyInput = { kind: 'none' } | { kind: 'raw'; text: string } | { kind: 'json'; value: Json };

export function bodyInput(valid: fc.Arbitrary<Json> | undefined): fc.Arbitrary<BodyInput> {
  const others: Array<fc.WeightedArbitrary<BodyInput>> = [
    { weight: 1, arbitrary: fc.constant<BodyInput>({ kind: 'none' }) },
    { weight: 1, arbitrary: rawBodyText.map((text): BodyInput => ({ kind: 'raw', text })) },
    { weight: 1, arbitrary: hostileValue.map((value): BodyInput => ({ kind: 'json', value })) },
  ];
  if (valid === undefined) return fc.oneof(...others);
  return fc.oneof(
    { weight: 4, arbitrary: mutated(valid).map((value): BodyInput => ({ kind: 'json', value })) },
    { weight: 3, arbitrary: valid.map((value): BodyInput => ({ kind: 'json', value })) },
    ...others,
  );
}

/** A string-valued record (path parameters, query strings) from a schema, with hostile values and keys. */
export function stringRecord(
  schema: Schema | undefined,
  vocab: Vocabulary,
  names: readonly string[],
): fc.Arbitrary<Record<string, string>> {
  const props = schema !== undefined && isSchema(schema['properties']) ? schema['properties'] : {};
  const keys = [...new Set([...names, ...Object.keys(props)])];
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const key of keys) {
    const sub = props[key];
    const shaped = isSchema(sub)
      ? fromSchema(sub, vocab, 'shaped', key).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      : undefined;
    model[key] =
      shaped === undefined
        ? fc.oneof(fc.constantFrom(...vocab.strings), hostileString)
        : fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: hostileString });
  }
  const required = new Set([...names, ...list(schema?.['required']).filter((k): k is string => typeof k === 'string')]);
  return fc
    .tuple(
      fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) }),
      fc.option(fc.tuple(fc.constantFrom('extra', 'format', 'status', '__proto__', 'campaignId'), hostileString), { freq: 4 }),
    )
    .map(([record, extra]) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(record)) if (typeof v === 'string') out[k] = v;
      if (extra !== null) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return out;
    });
}
