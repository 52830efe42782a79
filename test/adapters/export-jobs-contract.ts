// What every ExportJobRepository does: the in-memory fake and DynamoDB Local run the same tests.
import { expect, it } from 'vitest';
import type { ExportJob, ExportJobRepository } from '../../shared/app/ports.js';

export function exportJob(overrides: Partial<ExportJob> = {}): ExportJob {
  return {
    jobId: '00000000-0000-4000-8000-000000000001',
    owner: 'u-org',
    caller: { userId: 'u-org', username: 'org', townships: [], departments: [], orgdept: true },
    kind: 'ledger',
    scope: { campaignId: 'c1' },
    fullIds: false,
    status: 'queued',
    createdAt: '2026-04-10T02:00:00.000Z',
    updatedAt: '2026-04-10T02:00:00.000Z',
    attempts: 0,
    ...overrides,
  };
}

export function exportJobsContract(setup: () => Promise<ExportJobRepository>): void {
  it('creates a job once and reads it back', async () => {
    const jobs = await setup();
    expect(await jobs.create(exportJob())).toBe('created');
    expect(await jobs.create(exportJob({ status: 'done' }))).toBe('exists');
    expect(await jobs.get(exportJob().jobId)).toEqual(exportJob());
    expect(await jobs.get('00000000-0000-4000-8000-00000000ffff')).toBeUndefined();
  });

  it('moves a job only from the status it expects', async () => {
    const jobs = await setup();
    await jobs.create(exportJob());
    const id = exportJob().jobId;
    expect(await jobs.transition(id, ['done'], { status: 'failed' })).toBeUndefined();
    const running = await jobs.transition(id, ['queued', 'running'], {
      status: 'running',
      attempts: 1,
      updatedAt: '2026-04-10T02:01:00.000Z',
    });
    expect(running).toMatchObject({ status: 'running', attempts: 1 });
    const file = { key: `${id}/台账.xlsx`, name: '台账.xlsx', contentType: 'application/x', bytes: 10, rows: 2 };
    expect(await jobs.transition(id, ['running'], { status: 'done', file })).toMatchObject({ status: 'done', file });
    expect(await jobs.transition(id, ['running'], { status: 'failed' })).toBeUndefined();
    expect((await jobs.get(id))?.status).toBe('done');
    expect(await jobs.transition('00000000-0000-4000-8000-00000000ffff', ['queued'], { status: 'running' })).toBeUndefined();
  });

  it("lists the owner's jobs newest first, and nobody else's", async () => {
    const jobs = await setup();
    await jobs.create(exportJob({ jobId: '00000000-0000-4000-8000-00000000000a', createdAt: '2026-04-10T01:00:00.000Z' }));
    await jobs.create(exportJob({ jobId: '00000000-0000-4000-8000-00000000000b', createdAt: '2026-04-10T03:00:00.000Z' }));
    await jobs.create(exportJob({ jobId: '00000000-0000-4000-8000-00000000000c', owner: 'u-town' }));
    const listed = await jobs.listByOwner('u-org', 10);
    expect(listed.map((j) => j.jobId)).toEqual(['00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000a']);
    expect(await jobs.listByOwner('u-org', 1)).toHaveLength(1);
  });
}
