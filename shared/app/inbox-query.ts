// The inbox's search, filters, sort and pages over a department's tasks, and the batch names the
// filters offer. The tasks of one department are a bounded list (one per candidate), so they are
// filtered here rather than by a query per filter.
import { batchName, batchOrdinals } from '../domain/batch-name.js';
import { batchIdOf } from '../domain/ids.js';
import { normalizeIdInput } from '../domain/idcard.js';
import { mapLimit } from './common.js';
import type { Repositories, TaskView } from './ports.js';
import { townshipNameOf } from './views.js';

export interface InboxFilter {
  q?: string;
  township?: string;
  village?: string;
  batch?: string;
  sort: 'deadline_asc' | 'deadline_desc';
}

export interface BatchRef {
  batchId: string;
  name: string;
  township: string;
}

const FULL_ID = /^\d{17}[\dX]$/;
const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

/** Tasks matching the search and the filters, sorted by deadline (then by name, for a stable order). */
export async function filterTasks(repos: Repositories, tasks: readonly TaskView[], filter: InboxFilter): Promise<TaskView[]> {
  let out = tasks.filter(
    (t) =>
      (filter.township === undefined || t.candidate.township === filter.township) &&
      (filter.village === undefined || t.candidate.village === filter.village) &&
      (filter.batch === undefined || batchIdOf(t.candidateId) === filter.batch),
  );
  if (filter.q !== undefined) out = await searched(repos, out, filter.q);
  const sign = filter.sort === 'deadline_desc' ? -1 : 1;
  return [...out].sort((a, b) => sign * a.deadline.localeCompare(b.deadline) || a.candidate.name.localeCompare(b.candidate.name, 'zh'));
}

/**
 * By name (a part of it), by full ID number (the masked copy narrows, the candidate's own number
 * decides), by the masked number, or by digits of its visible part (the last 4, the area code).
 */
async function searched(repos: Repositories, tasks: readonly TaskView[], raw: string): Promise<TaskView[]> {
  const id = normalizeIdInput(raw);
  if (FULL_ID.test(id)) {
    const masked = (t: TaskView) => t.candidate.idMasked.startsWith(id.slice(0, 6)) && t.candidate.idMasked.endsWith(id.slice(-4));
    const narrowed = tasks.filter(masked);
    const views = await mapLimit(narrowed, 8, (t) => repos.candidates.getView(t.candidateId));
    return narrowed.filter((_, i) => views[i]?.idNumber === id);
  }
  // The masked form (330902********0826) is what the portal sends: no full ID number in a URL.
  if (MASKED_ID.test(id)) return tasks.filter((t) => t.candidate.idMasked === id);
  if (/^[\dX]+$/.test(id)) return tasks.filter((t) => t.candidate.idMasked.includes(id));
  const name = raw.trim();
  return tasks.filter((t) => t.candidate.name.includes(name));
}

/** The batches of these tasks, each by the name people know, in submission order. */
export async function batchesOf(repos: Repositories, tasks: readonly TaskView[]): Promise<Map<string, BatchRef>> {
  const out = new Map<string, BatchRef>();
  const campaignIds = [...new Set(tasks.map((t) => t.campaignId))];
  const wanted = new Set(tasks.map((t) => batchIdOf(t.candidateId)));
  for (const campaignId of campaignIds) {
    const [batches, stored] = await Promise.all([repos.batches.listByCampaign(campaignId), repos.campaigns.get(campaignId)]);
    const ordinals = batchOrdinals(batches);
    for (const b of [...batches].sort((x, y) => x.submittedAt.localeCompare(y.submittedAt))) {
      if (!wanted.has(b.batchId)) continue;
      const township = (stored === undefined ? undefined : townshipNameOf(stored.campaign, b.township)) ?? b.township;
      out.set(b.batchId, { batchId: b.batchId, name: batchName(township, ordinals.get(b.batchId) ?? 1, b.submittedAt), township });
    }
  }
  return out;
}

/** The filter options: townships, villages under them and batches, from every tab's tasks. */
export function filterOptions(tasks: readonly TaskView[], batches: ReadonlyMap<string, BatchRef>) {
  const townships = [...new Set(tasks.map((t) => t.candidate.township))].sort((a, b) => a.localeCompare(b, 'zh'));
  const villageKeys = new Map<string, { township: string; village: string }>();
  for (const t of tasks)
    villageKeys.set(`${t.candidate.township}\u0000${t.candidate.village}`, {
      township: t.candidate.township,
      village: t.candidate.village,
    });
  const villages = [...villageKeys.values()].sort(
    (a, b) => a.township.localeCompare(b.township, 'zh') || a.village.localeCompare(b.village, 'zh'),
  );
  return { townships, villages, batches: [...batches.values()] };
}

/** One page of a list: page 1 of everything when no size is asked for; a page past the end is the last. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number | undefined) {
  const size = pageSize ?? Math.max(1, items.length);
  const last = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, last);
  return { page: current, pageSize: size, items: items.slice((current - 1) * size, current * size) };
}
