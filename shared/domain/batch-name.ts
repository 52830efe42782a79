// A batch's name as people say it: 昌国街道 第2批（12月2日）. The number counts the township's
// batches within one campaign, in the order they were submitted; the day is Beijing's.
import { beijingDay } from './time.js';

export interface NamedBatch {
  batchId: string;
  campaignId: string;
  township: string;
  submittedAt: string;
}

export function batchName(townshipName: string, ordinal: number, submittedAt: string): string {
  const [, month, day] = beijingDay(submittedAt).split('-').map(Number);
  return `${townshipName} 第${ordinal}批（${month}月${day}日）`;
}

/** Each batch's number within its township and campaign (1 for the first submitted). */
export function batchOrdinals(batches: readonly NamedBatch[]): Map<string, number> {
  const sorted = [...batches].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.batchId.localeCompare(b.batchId));
  const counts = new Map<string, number>();
  const out = new Map<string, number>();
  for (const b of sorted) {
    const key = `${b.campaignId}\u0000${b.township}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    out.set(b.batchId, n);
  }
  return out;
}
