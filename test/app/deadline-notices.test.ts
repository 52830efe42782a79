// The hourly deadline look on the in-memory store: tasks due within one working day (on the
// holiday calendar) and overdue tasks notify their department once per campaign and due day.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { noticeDeadlines } from '../../shared/app/deadline-notices.js';
import { listNotifications } from '../../shared/app/notifications.js';
import { memoryRepositories, type MemoryRepositories } from '../adapters/memory-repositories.js';
import { seedBatch, seedCampaign, seedTask, sampleRow } from '../functions/api/support.js';

const PETITIONS: Caller = { userId: 'u-p', username: 'p', townships: [], departments: ['petitions'], orgdept: false };
const log = { info: () => undefined, warn: () => undefined };
/** The end of a Beijing day, as task deadlines are stored. */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 16 * 3600_000).toISOString();

let repos: MemoryRepositories;

async function tasksDue(days: readonly string[]): Promise<void> {
  const rows = days.map((_, i) =>
    sampleRow(i + 1, `人选${i + 1}`, ['330902197008150311', '33090219820304042X', '330902199001010016', '330902198505050023'][i] ?? ''),
  );
  const { candidateIds } = await seedBatch(repos, { rows });
  for (const [i, id] of candidateIds.entries()) await seedTask(repos, id, 'petitions', { deadline: endOf(days[i] ?? '') });
}

beforeEach(async () => {
  repos = memoryRepositories();
  await seedCampaign(repos);
});

describe('deadline notifications', () => {
  it('tells a department of tasks due today or the next working day, and of overdue ones, once', async () => {
    // Friday 10:00 in Beijing: due Friday and Monday are within one working day, Tuesday is not.
    const now = () => new Date('2026-04-10T02:00:00.000Z');
    await tasksDue(['2026-04-10', '2026-04-13', '2026-04-14', '2026-04-09']);
    expect(await noticeDeadlines({ repos, now, log })).toEqual({ created: 3 });
    const items = (await listNotifications({ repos }, { caller: PETITIONS })).items;
    expect(items.map((n) => [n.kind, n.text]).sort()).toEqual([
      ['dueSoon', '2026年村社组织换届：区信访局有 1 件联审任务将于2026年4月10日到期，请在到期前办理。'],
      ['dueSoon', '2026年村社组织换届：区信访局有 1 件联审任务将于2026年4月13日到期，请在到期前办理。'],
      ['overdue', '2026年村社组织换届：区信访局有 1 件联审任务已于2026年4月9日逾期，请尽快办理并说明情况。'],
    ]);
    expect(await noticeDeadlines({ repos, now, log })).toEqual({ created: 0 });
  });

  it('counts the working day on the holiday calendar (国庆 skipped)', async () => {
    // Wednesday 30 September 2026; 1–7 October are holidays, so 8 October is the next working day.
    const now = () => new Date('2026-09-30T02:00:00.000Z');
    await tasksDue(['2026-10-08', '2026-10-09']);
    await noticeDeadlines({ repos, now, log });
    const items = (await listNotifications({ repos }, { caller: PETITIONS })).items;
    expect(items.map((n) => n.text)).toEqual(['2026年村社组织换届：区信访局有 1 件联审任务将于2026年10月8日到期，请在到期前办理。']);
  });
});
