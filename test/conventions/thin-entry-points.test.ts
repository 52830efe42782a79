// Routes and Lambda handlers stay thin: parse, call one use case, map the result. This measures
// each route of shared/adapters/http/*-routes.ts and each handler factory of functions/*.ts and
// fails when one grows past the limit (the flow belongs in a use case in shared/app/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_LINES = 40;

/** Lines from `start` to the line where the brackets opened on it are closed again. */
function blockLength(lines: readonly string[], start: number): number {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    for (const c of line) {
      if (c === '(' || c === '{' || c === '[') depth += 1;
      else if (c === ')' || c === '}' || c === ']') depth -= 1;
    }
    if (depth <= 0 && i > start) return i - start + 1;
  }
  return lines.length - start;
}

function measure(dir: string, filter: (file: string) => boolean, startsAt: RegExp): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const file of readdirSync(join(ROOT, dir)).filter(filter)) {
    const lines = readFileSync(join(ROOT, dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const match = startsAt.exec(line);
      if (match) out.push([`${dir}/${file}: ${match[1] ?? ''}`, blockLength(lines, i)]);
    });
  }
  return out;
}

const routes = measure('shared/adapters/http', (f) => f.endsWith('-routes.ts'), /^\s*'((?:GET|POST) [^']+)': route\(/);
const handlers = measure('functions', (f) => f.endsWith('.ts') && f !== 'manifest.ts', /^export function (create\w+Handler)\(/);

describe('thin entry points', () => {
  it('finds every route and handler it measures', () => {
    expect(routes.length).toBeGreaterThanOrEqual(22);
    expect(handlers.map(([name]) => name.split(': ')[1]).sort()).toEqual([
      'createAnchorCheckpointHandler',
      'createBatchProgressHandler',
      'createCheckerHandler',
      'createConfirmAnswersHandler',
      'createDecideHandler',
      'createExportWorkerHandler',
      'createLoadRoutingHandler',
      'createNotificationsHandler',
      'createRecordDecisionHandler',
      'createRecordFailureHandler',
      'createRecordOverdueHandler',
      'createRedriveHandler',
      'createStarterHandler',
    ]);
  });

  it.each([...routes, ...handlers])(`%s is at most ${MAX_LINES} lines`, (_name, length) => {
    expect(length).toBeLessThanOrEqual(MAX_LINES);
  });
});
