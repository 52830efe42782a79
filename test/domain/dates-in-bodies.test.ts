import { describe, expect, it } from 'vitest';
import { Finding, IsoDate } from '../../shared/domain/model.js';

describe('one date type for every body and file', () => {
  it.each([['2027-13-45'], ['2027-02-30'], ['0000-00-00'], ['2024-13-45'], ['1899-12-31'], ['2101-01-01'], ['2027-1-5'], ['20270105']])(
    'refuses %s',
    (value) => {
      expect(IsoDate.safeParse(value).success).toBe(false);
    },
  );

  it.each([['2024-02-29'], ['2027-03-28'], ['1900-01-01'], ['2100-12-31']])('accepts the real date %s', (value) => {
    expect(IsoDate.parse(value)).toBe(value);
  });

  it('a finding with an impossible date is refused, naming the field, in Chinese', () => {
    const r = Finding.safeParse({ category: '刑事处罚', startDate: '2024-13-45' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['startDate'], message: '不是真实存在的日期' });
  });
});
