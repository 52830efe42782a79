import { readFileSync } from 'node:fs';
import { ASL_PATH } from './paths.js';

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function readAsl(path: string = ASL_PATH): string {
  return readFileSync(path, 'utf8');
}

/** Every distinct `${Key}` placeholder in the ASL text, sorted. */
export function substitutionKeys(aslText: string): string[] {
  const keys = new Set<string>();
  for (const match of aslText.matchAll(PLACEHOLDER)) {
    const key = match[1];
    if (key !== undefined) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * Returns the substitutions for exactly the keys the file uses. Throws (failing synth) when the
 * file uses a key we do not map, or when we map a key the file no longer uses: either means the
 * ASL and the stack have drifted apart.
 */
export function checkedSubstitutions(aslText: string, values: Readonly<Record<string, string>>): Record<string, string> {
  const used = substitutionKeys(aslText);
  const missing = used.filter((key) => !(key in values));
  const unused = Object.keys(values).filter((key) => !used.includes(key));
  if (missing.length > 0 || unused.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`unmapped placeholders: ${missing.join(', ')}`);
    if (unused.length > 0) parts.push(`substitutions not used by the ASL: ${unused.join(', ')}`);
    throw new Error(`State machine definitionSubstitutions do not match the ASL file (${parts.join('; ')})`);
  }
  const result: Record<string, string> = {};
  for (const key of used) {
    const value = values[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}
