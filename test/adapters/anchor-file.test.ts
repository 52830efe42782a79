import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileAnchorLog } from '../../shared/adapters/anchors/file.js';
import { anchorLines, verifyAnchorLog } from '../../shared/domain/audit/anchors.js';

const dir = mkdtempSync(join(tmpdir(), 'lianshen-anchors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const head = (n: number) => ({ chain: `c-${n}`, head: n.toString(16).padStart(64, '0'), count: n });

describe('the anchor file', () => {
  it('keeps every append of two writers at once, in one intact chain of lines', async () => {
    const path = join(dir, 'two-writers.jsonl');
    const a = fileAnchorLog(path);
    const b = fileAnchorLog(path);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).append({
          kind: 'batch',
          subject: `b${i}`,
          at: new Date(Date.UTC(2027, 0, 1, 0, i)).toISOString(),
          heads: [head(i + 1)],
        }),
      ),
    );
    const lines = anchorLines(readFileSync(path, 'utf8'));
    expect(verifyAnchorLog(lines)).toMatchObject({ ok: true, count: 20 });
    expect(new Set((await a.list()).map((r) => r.subject)).size).toBe(20);
  });

  it('refuses to append after a line was changed, naming the line', async () => {
    const path = join(dir, 'edited.jsonl');
    const log = fileAnchorLog(path);
    await log.append({ kind: 'batch', subject: 'b1', at: '2027-01-01T00:00:00.000Z', heads: [head(1)] });
    await log.append({ kind: 'batch', subject: 'b2', at: '2027-01-01T00:01:00.000Z', heads: [head(2)] });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"b1"', '"b9"'));
    await expect(log.append({ kind: 'batch', subject: 'b3', at: '2027-01-01T00:02:00.000Z', heads: [head(3)] })).rejects.toThrow(/第 2 行/);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const path = join(dir, 'stale.jsonl');
    writeFileSync(`${path}.lock`, '999999999 2027-01-01T00:00:00.000Z\n');
    const record = await fileAnchorLog(path).append({
      kind: 'checkpoint',
      subject: 'chains',
      at: '2027-01-01T00:00:00.000Z',
      heads: [head(1)],
    });
    expect(record.seq).toBe(0);
  });
});
