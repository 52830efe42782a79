// The legal calendar: 民法典 第二百零一条、第二百零二条 for periods, 周岁 from the day after the
// birthday, 以上/以下 including the number itself (刑法 第九十九条).
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, fullAgeFrom, periodLastDay, periodOverFrom, periodRunsOn } from '../../shared/domain/dates.js';

describe('a period of N years ends on the corresponding day, its last day (民法典 第二百零二条)', () => {
  it.each([
    // event day, years, last day of the period, first day after it
    ['2012-04-06', 5, '2017-04-06', '2017-04-07'],
    ['2018-05-09', 5, '2023-05-09', '2023-05-10'],
    ['2016-12-31', 1, '2017-12-31', '2018-01-01'],
    ['2012-02-29', 5, '2017-02-28', '2017-03-01'], // no 29 February in 2017: the month's last day
    ['2012-02-29', 4, '2016-02-29', '2016-03-01'],
    ['2013-02-28', 3, '2016-02-28', '2016-02-29'], // a 28 February event keeps its own day in a leap year
    ['2015-01-31', 3, '2018-01-31', '2018-02-01'],
  ])('from %s, %i years: last day %s, over from %s', (event, years, last, over) => {
    expect(periodLastDay(event, { years })).toBe(last);
    expect(periodOverFrom(event, { years })).toBe(over);
  });

  it.each([
    ['2017-01-31', 1, '2017-02-28'], // month end: no 31 February
    ['2016-01-31', 1, '2016-02-29'],
    ['2017-08-31', 6, '2018-02-28'],
    ['2017-03-31', 1, '2017-04-30'],
    ['2017-11-30', 3, '2018-02-28'],
    ['2017-05-15', 12, '2018-05-15'],
  ])('from %s, %i months: last day %s', (event, months, last) => {
    expect(periodLastDay(event, { months })).toBe(last);
  });

  it.each([
    ['the day before the anniversary', '2017-04-05', true],
    ['the anniversary itself (the last day of the period)', '2017-04-06', true],
    ['the day after the anniversary', '2017-04-07', false],
  ])('"未满5年" from 2012-04-06 on %s: %s', (_label, on, runs) => {
    expect(periodRunsOn('2012-04-06', { years: 5 }, on)).toBe(runs);
  });

  it('29 February: "未满5年" holds through 28 February of the common year, not on 1 March', () => {
    expect(periodRunsOn('2012-02-29', { years: 5 }, '2017-02-28')).toBe(true);
    expect(periodRunsOn('2012-02-29', { years: 5 }, '2017-03-01')).toBe(false);
  });

  it('an event after the reference date means the period has not even begun: it runs', () => {
    expect(periodRunsOn('2030-01-01', { years: 1 }, '2017-01-01')).toBe(true);
  });
});

describe('周岁: 满N周岁 from the day after the Nth birthday', () => {
  it.each([
    ['1970-08-15', '2026-08-14', 55], // the day before the birthday
    ['1970-08-15', '2026-08-15', 55], // on the birthday: not yet 满56周岁
    ['1970-08-15', '2026-08-16', 56], // the day after
    ['1970-08-15', '2026-12-31', 56],
    ['2000-02-29', '2025-02-28', 24], // the birthday falls on the month's last day in a common year
    ['2000-02-29', '2025-03-01', 25],
    ['2000-02-29', '2024-02-29', 23],
    ['2000-02-29', '2024-03-01', 24],
    ['1969-02-01', '2026-02-01', 56],
    ['1969-02-01', '2026-02-02', 57],
    ['2026-11-22', '2026-11-22', 0], // the day of birth
  ])('born %s, on %s: %i 周岁', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('fullAgeFrom is the day after the birthday, and ageOn agrees with it on every side', () => {
    expect(fullAgeFrom('1972-03-10', 45)).toBe('2017-03-11');
    for (const [birth, n] of [
      ['1972-03-10', 45],
      ['1960-02-29', 57],
      ['1956-12-31', 60],
    ] as const) {
      const from = fullAgeFrom(birth, n);
      expect(ageOn(birth, from)).toBe(n);
      expect(ageOn(birth, addDays(from, -1))).toBe(n - 1);
    }
  });

  it('"45周岁以下" includes 45: on the 46th birthday a person is still 45周岁 (刑法 第九十九条)', () => {
    const birth = '1972-04-06';
    expect(ageOn(birth, '2018-04-06')).toBeLessThanOrEqual(45);
    expect(ageOn(birth, '2018-04-07')).toBeGreaterThan(45);
  });
});
