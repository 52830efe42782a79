// Working days on the State Council's 放假安排, and Beijing time for people.
import { describe, expect, it } from 'vitest';
import { beijingDate, beijingDateTime, beijingDay, endOfBeijingDay } from '../../shared/domain/time.js';
import {
  assumedNote,
  daysBefore,
  dayKind,
  departmentDeadline,
  HolidayYear,
  holidayCalendar,
  PUBLISHED_HOLIDAYS,
  workingDaysAfter,
  workingDaysBetween,
  workingDaysFrom,
} from '../../shared/domain/working-days.js';

const calendar = holidayCalendar(PUBLISHED_HOLIDAYS);

describe('the official calendar', () => {
  it.each([
    ['2017-01-22', true, '调休上班 on a Sunday before 春节'],
    ['2017-01-27', false, '春节 on a Friday'],
    ['2017-04-01', true, '调休上班 on a Saturday before 清明'],
    ['2017-04-03', false, '清明 on a Monday'],
    ['2017-04-05', true, 'an ordinary Wednesday'],
    ['2017-10-08', false, '国庆 on a Sunday'],
    ['2017-09-30', true, '调休上班 on a Saturday'],
    ['2026-02-14', true, '调休上班 on a Saturday before 春节'],
    ['2026-02-23', false, '春节 on a Monday'],
    ['2026-10-10', true, '调休上班 on a Saturday after 国庆'],
    ['2026-12-05', false, 'an ordinary Saturday'],
  ])('%s is a working day: %s (%s)', (day, working) => {
    expect(dayKind(day, calendar)).toEqual({ working, assumed: false });
  });

  it('a year without a published arrangement falls back to Monday–Friday and says so', () => {
    expect(dayKind('2027-02-08', calendar)).toEqual({ working: true, assumed: true });
    expect(dayKind('2027-02-06', calendar)).toEqual({ working: false, assumed: true });
    const r = workingDaysAfter('2026-12-30', 3, calendar);
    expect(r).toEqual({ date: '2027-01-04', assumedYears: [2027] });
    expect(assumedNote(r.assumedYears)).toContain('2027年的放假安排尚未录入');
    expect(assumedNote([])).toBeNull();
  });

  it('counts N working days after a day, the day itself not counted, holidays skipped and 调休 days counted', () => {
    // Friday 2017-03-31 + 5: 4月1日(六,上班), 4月5日, 6日, 7日, 10日.
    expect(workingDaysAfter('2017-03-31', 5, calendar)).toEqual({ date: '2017-04-10', assumedYears: [] });
    // Across 春节 2026: Friday 2026-02-13 + 2 → 2月14日(六,上班), then 2月24日.
    expect(workingDaysAfter('2026-02-13', 2, calendar).date).toBe('2026-02-24');
  });

  it('a span of N working days begins on its first working day: a 3-day 公示 from 2017-03-31', () => {
    expect(workingDaysFrom('2017-03-31', 3, calendar)).toEqual({ start: '2017-03-31', date: '2017-04-05', assumedYears: [] });
    expect(workingDaysFrom('2017-04-02', 1, calendar)).toEqual({ start: '2017-04-05', date: '2017-04-05', assumedYears: [] });
  });

  it('counts the working days between two days', () => {
    expect(workingDaysBetween('2017-03-31', '2017-04-05', calendar)).toEqual({ days: 2, assumedYears: [] });
    expect(workingDaysBetween('2017-04-05', '2017-04-05', calendar).days).toBe(0);
  });

  it('"选举日5日前": results due 5 calendar days before the election', () => {
    expect(daysBefore('2021-05-19', 5)).toBe('2021-05-14');
  });

  it('refuses an arrangement with a day outside its year or a day both off and worked', () => {
    const bad = HolidayYear.safeParse({ year: 2027, source: '通知', holidays: ['2026-12-31', '2027-02-06'], workdays: ['2027-02-06'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['holidays.0', 'workdays.0']);
  });
});

describe('department deadlines in working days, in Beijing time', () => {
  it('a task sent on a Friday evening in Beijing with 5 working days is due at the end of the next Friday, Beijing time', () => {
    // 2017-03-31 20:00 Beijing = 12:00 UTC.
    const d = departmentDeadline('2017-03-31T12:00:00Z', 5, calendar);
    expect(d).toEqual({ dueDate: '2017-04-10', dueAt: '2017-04-10T16:00:00.000Z', assumedYears: [] });
  });

  it('the Beijing day decides, not the UTC day: 01:30 Beijing on 4月1日 is still 3月31日 in UTC', () => {
    expect(beijingDay('2017-03-31T17:30:00Z')).toBe('2017-04-01');
    expect(departmentDeadline('2017-03-31T17:30:00Z', 1, calendar).dueDate).toBe('2017-04-05');
  });
});

describe('Beijing time for people', () => {
  it('shows a stored UTC instant as Beijing time in Chinese form', () => {
    expect(beijingDateTime('2026-12-01T18:57:19.509Z')).toBe('2026年12月2日 02:57');
    expect(beijingDate('2026-12-01T18:57:19.509Z')).toBe('2026年12月2日');
    expect(endOfBeijingDay('2026-12-02')).toBe('2026-12-02T16:00:00.000Z');
  });
});
