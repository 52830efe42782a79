/**
 * Canonical JSON in the style of RFC 8785 (JSON Canonicalization Scheme).
 *
 * - object members sorted by key, comparing UTF-16 code units (plain `<` on JS strings);
 * - no whitespace;
 * - strings escaped exactly as JSON.stringify does (which is what JCS prescribes);
 * - numbers serialised as ECMAScript Number.prototype.toString (JSON.stringify for finite
 *   numbers), so 1e21 → "1e+21", -0 → "0", 0.1 → "0.1".
 *
 * Only JSON data is accepted, so the same logical value always gives the same bytes:
 * non-finite numbers, bigint, functions, symbols, `undefined` in arrays, non-plain objects
 * (Date, Map, class instances …) and cycles throw a CanonicalJsonError naming the path.
 * Object members whose value is `undefined` are omitted, as JSON.stringify does, so a value
 * hashes the same before and after a JSON round trip (e.g. through DynamoDB).
 */

export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot canonicalise ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('$', 'undefined is not JSON');
  return serialise(value, '$', new Set());
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${String(value)} is not a finite number`);
      // JSON.stringify(-0) is "0", as JCS requires.
      return JSON.stringify(value);
    case 'bigint':
      throw new CanonicalJsonError(path, 'bigint is not JSON (convert it to a string or number first)');
    case 'function':
      throw new CanonicalJsonError(path, 'a function is not JSON');
    case 'symbol':
      throw new CanonicalJsonError(path, 'a symbol is not JSON');
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined is not JSON');
    case 'object':
      break;
  }
  if (typeof value !== 'object') throw new CanonicalJsonError(path, `unsupported type ${typeof value}`);
  if (value === null) return 'null';
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, 'undefined (or a hole) inside an array');
        items.push(serialise(item, `${path}[${i}]`, ancestors));
      }
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = value.constructor?.name ?? 'object';
      throw new CanonicalJsonError(path, `${kind} is not a plain object`);
    }
    const entries: Array<[string, unknown]> = Object.entries(value);
    // `<` on strings compares UTF-16 code units, exactly the JCS ordering.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const members: string[] = [];
    for (const [key, member] of entries) {
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${serialise(member, `${path}.${key}`, ancestors)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
