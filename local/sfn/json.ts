// JSON helpers for the local Step Functions endpoint: the engine's value type (it is not exported
// by aws-local-stepfunctions, so it is derived from what is), a guard, and a key-order-independent
// serialisation used to compare execution inputs and to key stored step results.
import { createHash } from 'node:crypto';
import type { RunOptions } from 'aws-local-stepfunctions';

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type LocalTaskHandler = LocalHandlers[string];
export type JsonValue = Awaited<ReturnType<LocalTaskHandler>>;
export type JsonObject = { [key: string]: JsonValue };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (isRecord(value)) return Object.values(value).every(isJsonValue);
  return false;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value) && isJsonValue(value);
}

/** Parses a JSON document; undefined when it is not one. */
export function parseJson(text: string): JsonValue | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonValue(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted, so equal values give equal strings whatever their key order. */
export function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .flatMap((key) => {
        const member = value[key];
        return member === undefined ? [] : [`${JSON.stringify(key)}:${stableStringify(member)}`];
      })
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Reads `$.a.b.c` (dot members only) from a value; undefined when absent or unsupported. */
export function readSimplePath(value: JsonValue, path: string): JsonValue | undefined {
  if (path === '$') return value;
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(path)) return undefined;
  let current: JsonValue | undefined = value;
  for (const member of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[member];
  }
  return current;
}
