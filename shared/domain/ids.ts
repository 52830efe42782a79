// Ids the pipeline mints and parses. Pure: the same input always gives the same id, except
// newBatchId, which is random by design (Web Crypto, so the portal may import this module too).

/** Characters allowed in our generated ids: safe in URLs, SFN execution names and keys. */
export const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The id of a candidate inside a batch from its 1-based position in the file (not 序号, which a
 * file may repeat): deterministic, so rewriting a batch is idempotent.
 */
export function candidateIdFor(batchId: string, position: number): string {
  return `${batchId}-${String(position).padStart(4, '0')}`;
}

/** A fresh batch id (used only when an idempotency key is new), within ID_PATTERN. */
export function newBatchId(): string {
  return `b${crypto.randomUUID().replace(/-/g, '').slice(0, 15)}`;
}

/** A review task is one (candidate, department) pair; its API id joins the two with "~". */
export function taskIdFor(candidateId: string, department: string): string {
  return `${candidateId}~${department}`;
}

export function parseTaskId(taskId: string): { candidateId: string; department: string } | null {
  const at = taskId.indexOf('~');
  if (at <= 0 || at === taskId.length - 1 || taskId.indexOf('~', at + 1) !== -1) return null;
  return { candidateId: taskId.slice(0, at), department: taskId.slice(at + 1) };
}

/** Chains that are not a candidate's: campaign-wide events (exports, reminders) and department statements. */
export const campaignChainId = (campaignId: string): string => `campaign~${campaignId}`;
export const departmentChainId = (department: string): string => `department~${department}`;
/** The one chain of account actions (created, disabled, locked, …). */
export const ACCOUNTS_CHAIN_ID = 'accounts~all';
/** The chain of the holiday calendar's changes (one chain for every year). */
export const holidayChainId = 'calendar~holidays';

/** The batch a candidate came in (the inverse of candidateIdFor); null for an id it did not mint. */
export function batchIdOf(candidateId: string): string | null {
  const m = /^(.+)-\d{4,}$/.exec(candidateId);
  return m?.[1] ?? null;
}
