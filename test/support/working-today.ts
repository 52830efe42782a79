// The local stack runs on the real clock. On a Beijing rest day 公示 opened today only starts on the
// next working day, and no objection can be received before it starts; a test of the open period
// first makes today a working day on the calendar, as the organization department would for a
// 调休上班 day.
import type { ApiClient } from '../../cli/lib/api-client.js';
import { HolidayList } from '../../shared/api/index.js';
import { beijingDay } from '../../shared/domain/time.js';

/** Makes today (Beijing) a working day on the stack's calendar, if it is not one; returns today. */
export async function makeTodayAWorkingDay(orgdept: ApiClient): Promise<string> {
  const today = beijingDay(new Date());
  const yearText = today.slice(0, 4);
  const year = HolidayList.parse(await orgdept.get('/holidays')).years.find((y) => y.year === Number(yearText));
  const weekend = [0, 6].includes(new Date(`${today}T00:00:00Z`).getUTCDay());
  if (!weekend && year?.holidays.includes(today) !== true) return today;
  await orgdept.put(`/holidays/${yearText}`, {
    source: '测试：今天调为工作日',
    holidays: (year?.holidays ?? []).filter((d) => d !== today),
    workdays: [...new Set([...(year?.workdays ?? []), ...(weekend ? [today] : [])])],
  });
  return today;
}
