// Uploads read on a worker thread give exactly what the inline reader gives, and leave the
// caller's event loop free while they are read.
import { afterAll, describe, expect, it } from 'vitest';
import { BookWorker, workerFileReaders } from '../../shared/adapters/files/book-worker.js';
import { fileReaders } from '../../shared/adapters/files/uploads.js';
import { CANDIDATE_HEADERS } from '../../shared/domain/import/spec.js';
import { CANDIDATES, candidatesCsv } from '../fixtures/import/people.js';
import { file, text, TODAY, xlsx } from '../domain/import/helpers.js';

const worker = new BookWorker();
afterAll(() => worker.stop());

describe('reading uploads on a worker thread', () => {
  const readers = workerFileReaders(worker);

  it('gives the same rows and the same errors as the inline reader, for CSV and xlsx', async () => {
    const csv = text(candidatesCsv(CANDIDATES), 'batch.csv');
    expect(await readers.batch({ candidates: csv, today: TODAY })).toEqual(await fileReaders.batch({ candidates: csv, today: TODAY }));
    const book = await xlsx({ 候选人: [CANDIDATE_HEADERS, CANDIDATE_HEADERS.map((h) => CANDIDATES[0]?.[h] ?? '')] });
    const viaWorker = await readers.batch({ candidates: book, today: TODAY });
    expect(viaWorker.ok).toBe(true);
    expect(viaWorker).toEqual(await fileReaders.batch({ candidates: book, today: TODAY }));
    const broken = file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.xlsx');
    expect(await readers.batch({ candidates: broken, today: TODAY })).toEqual(
      await fileReaders.batch({ candidates: broken, today: TODAY }),
    );
  });

  it('leaves the caller free: other work runs while a large workbook is read', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => CANDIDATE_HEADERS.map((h) => (h === '序号' ? i + 1 : (CANDIDATES[0]?.[h] ?? ''))));
    const big = await xlsx({ 候选人: [CANDIDATE_HEADERS, ...rows] });
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    const result = await readers.batch({ candidates: big, today: TODAY });
    clearInterval(timer);
    expect(result.ok).toBe(false); // the same ID 3,000 times
    expect(ticks).toBeGreaterThan(0);
  });
});
