// How far a deadline is, in minutes and hours when close, in working days on the official calendar otherwise.
import { describe, expect, it } from 'vitest';
import { deadlineDistance } from '../../shared/domain/lateness.js';
import { holidayCalendar, PUBLISHED_HOLIDAYS } from '../../shared/domain/working-days.js';
import { endOfBeijingDay } from '../../shared/domain/time.js';

const calendar = holidayCalendar(PUBLISHED_HOLIDAYS);
/** The end of Tuesday 2026年12月1日 in Beijing (24:00), as deadlines are stored. */
const DUE = endOfBeijingDay('2026-12-01');
const at = (iso: string) => new Date(iso);

describe('lateness', () => {
  it('a few minutes late is minutes, not a day', () => {
    const d = deadlineDistance(DUE, at('2026-12-01T16:12:00.000Z'), calendar);
    expect(d).toEqual({ late: true, lateMs: 12 * 60_000, workingDays: 1, text: '逾期 12 分钟' });
  });

  it('seconds late is less than a minute', () => {
    expect(deadlineDistance(DUE, at('2026-12-01T16:00:20.000Z'), calendar).text).toBe('逾期不足 1 分钟');
  });

  it('late by hours within the first day is hours', () => {
    expect(deadlineDistance(DUE, at('2026-12-02T02:57:00.000Z'), calendar).text).toBe('逾期 10 小时');
  });

  it('a day or more late counts the working days missed, with the time beside it', () => {
    // Thursday 12月3日 18:30 Beijing: Wednesday and Thursday were working days.
    const d = deadlineDistance(DUE, at('2026-12-03T10:30:00.000Z'), calendar);
    expect(d.workingDays).toBe(2);
    expect(d.text).toBe('逾期 2 个工作日（1 天 18 小时）');
  });

  it('a weekend does not count as working days missed', () => {
    // Due Friday 12月4日 24:00; Sunday 12月6日 12:00 Beijing.
    const d = deadlineDistance(endOfBeijingDay('2026-12-04'), at('2026-12-06T04:00:00.000Z'), calendar);
    expect(d).toMatchObject({ late: true, workingDays: 0, text: '逾期 1 天 12 小时（均为休息日）' });
  });

  it('holidays are skipped: due before 国庆, seen on 10月8日', () => {
    // Due Wednesday 9月30日 24:00; 10月1日–7日 off; Thursday 10月8日 09:00 Beijing is the first working day missed.
    const d = deadlineDistance(endOfBeijingDay('2026-09-30'), at('2026-10-08T01:00:00.000Z'), calendar);
    expect(d.text).toBe('逾期 1 个工作日（7 天 9 小时）');
  });

  it('time left: hours on the due day, working days before it', () => {
    expect(deadlineDistance(DUE, at('2026-12-01T10:00:00.000Z'), calendar)).toMatchObject({ late: false, text: '剩 6 小时' });
    expect(deadlineDistance(DUE, at('2026-12-01T15:30:00.000Z'), calendar).text).toBe('剩不足 1 小时');
    // Thursday 11月26日 10:00 Beijing: Friday, Monday and Tuesday are left.
    expect(deadlineDistance(DUE, at('2026-11-26T02:00:00.000Z'), calendar)).toMatchObject({
      late: false,
      workingDays: 3,
      text: '剩 3 个工作日',
    });
  });
});
