import type { PublicityList } from '../../../../shared/api';

/** What the printed 公示 list needs of the periods: who an objection took off it, and the dates to print. */
export function printedPublicity(list: PublicityList | undefined, candidateIds: readonly string[]) {
  const periods = list?.periods ?? [];
  const removed = new Set(periods.flatMap((p) => p.candidates.filter((c) => c.status === 'removed').map((c) => c.candidateId)));
  const standing = candidateIds.filter((id) => !removed.has(id));
  const texts = new Set(
    standing.map((id) => {
      const p = periods.find((x) => x.candidateIds.includes(id));
      return p === undefined ? '' : `${p.startDate}|${p.endDate}`;
    }),
  );
  const [only] = texts;
  const dates = texts.size === 1 && only !== undefined && only !== '' ? only.split('|') : undefined;
  return { removed, dates: dates === undefined ? undefined : { start: dates[0] ?? '', end: dates[1] ?? '' }, mixed: texts.size > 1 };
}
