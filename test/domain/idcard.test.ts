import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCheckDigit, crossCheckId, maskIdNumber, upgradeLegacyId, validateIdNumber } from '../../shared/domain/idcard.js';
import { makeId } from '../fixtures/import/people.js';

const TODAY = '2026-11-22';

describe('computeCheckDigit (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002', 'X'], // the standard's own examples
    ['44052418800101001', '4'],
    ['33090219700815031', '1'],
  ])('%s → %s', (first17, check) => {
    expect(computeCheckDigit(first17)).toBe(check);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => computeCheckDigit('1101051949123100')).toThrow();
    expect(() => computeCheckDigit('1101051949123100A')).toThrow();
  });
});

describe('validateIdNumber', () => {
  it('accepts a valid number and reads birth date, sex and region from it', () => {
    expect(validateIdNumber('11010519491231002X', { today: TODAY })).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: '女',
      regionCode: '110105',
    });
    const man = validateIdNumber(makeId('330902', '19700815', '031'), { today: TODAY });
    expect(man.ok && man.sex).toBe('男');
  });

  it('normalises a lower-case x, full-width digits and stray spaces', () => {
    const expected = '11010519491231002X';
    for (const raw of [
      '11010519491231002x',
      '１１０１０５１９４９１２３１００２Ｘ',
      ' 110105 19491231 002X\u00A0',
      '110105\u300019491231002ｘ',
    ]) {
      const result = validateIdNumber(raw, { today: TODAY });
      expect(result.ok && result.idNumber, raw).toBe(expected);
    }
  });

  it.each([
    ['', 'ID_EMPTY'],
    ['   ', 'ID_EMPTY'],
    ['4.10102E+17', 'ID_SCIENTIFIC'],
    ['4.10102199003071e17', 'ID_SCIENTIFIC'],
    ['1101051949123100', 'ID_LENGTH'],
    ['1101051949123100211', 'ID_LENGTH'],
    ['11010519491231002Y', 'ID_FORMAT'],
    ['1101051949X231002X', 'ID_FORMAT'],
    ['110105194912310021', 'ID_CHECK_DIGIT'],
    [makeId('990105', '19491231', '002'), 'ID_REGION'], // no province 99
    [makeId('200105', '19491231', '002'), 'ID_REGION'],
    [makeId('110000', '19491231', '002'), 'ID_REGION'], // the province itself, not a county
    [makeId('110012', '19491231', '002'), 'ID_REGION'], // no prefecture 00
    [makeId('110105', '19490230', '002'), 'ID_BIRTH_DATE'],
    [makeId('110105', '19491301', '002'), 'ID_BIRTH_DATE'],
    [makeId('110105', '18991231', '002'), 'ID_BIRTH_DATE'],
    [makeId('110105', '20261123', '002'), 'ID_FUTURE_BIRTH'], // the day after TODAY
  ])('%j is rejected with %s and a Chinese message', (raw, code) => {
    const result = validateIdNumber(raw, { today: TODAY });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('accepts someone born today and on 29 February of a leap year', () => {
    expect(validateIdNumber(makeId('110105', '20261122', '002'), { today: TODAY }).ok).toBe(true);
    expect(validateIdNumber(makeId('110105', '20000229', '002'), { today: TODAY }).ok).toBe(true);
    expect(validateIdNumber(makeId('110105', '19000229', '002'), { today: TODAY }).ok).toBe(false);
  });

  it('accepts the Hong Kong, Macao and Taiwan residence-permit prefixes', () => {
    for (const region of ['810000', '820000', '830000']) {
      expect(validateIdNumber(makeId(region, '19900101', '001'), { today: TODAY }).ok, region).toBe(true);
    }
  });

  it('upgrades a 15-digit legacy number unless told not to', () => {
    const result = validateIdNumber('110105491231002', { today: TODAY });
    expect(result).toMatchObject({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: '女' });
    expect(validateIdNumber('110105491231002', { today: TODAY, allowLegacy: false })).toMatchObject({ ok: false, code: 'ID_LENGTH' });
    expect(validateIdNumber('110105491331002', { today: TODAY })).toMatchObject({ ok: false, code: 'ID_BIRTH_DATE' });
  });
});

// ---------------------------------------------------------------- properties

const PROVINCES = ['11', '13', '22', '33', '37', '42', '44', '46', '50', '51', '54', '62', '65'];
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const validId = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    prefecture: fc.integer({ min: 1, max: 99 }),
    county: fc.integer({ min: 0, max: 99 }),
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, prefecture, county, date, seq }) =>
    makeId(`${province}${pad(prefecture, 2)}${pad(county, 2)}`, date.toISOString().slice(0, 10).replace(/-/g, ''), pad(seq, 3)),
  );

describe('validateIdNumber properties', () => {
  it('accepts every generated valid number', () => {
    fc.assert(fc.property(validId, (id) => validateIdNumber(id, { today: TODAY }).ok));
  });

  it('rejects a valid number with any single character changed to another digit or X', () => {
    const mutation = validId.chain((id) =>
      fc
        .record({
          id: fc.constant(id),
          position: fc.integer({ min: 0, max: 17 }),
          replacement: fc.constantFrom(...'0123456789X'),
        })
        .filter(({ id: v, position, replacement }) => v.charAt(position) !== replacement),
    );
    fc.assert(
      fc.property(mutation, ({ id, position, replacement }) => {
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        return !validateIdNumber(changed, { today: TODAY }).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips 15 → 18 digits: the upgrade is valid and drops back to the legacy number', () => {
    const legacy = fc
      .record({
        county: fc.constantFrom('110105', '330902', '422802', '513331'),
        date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('1999-12-31T00:00:00Z'), noInvalidDate: true }),
        seq: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ county, date, seq }) => `${county}${date.toISOString().slice(2, 10).replace(/-/g, '')}${pad(seq, 3)}`);
    fc.assert(
      fc.property(legacy, (id15) => {
        const id18 = upgradeLegacyId(id15);
        const result = validateIdNumber(id18, { today: TODAY });
        return result.ok && id18.slice(0, 6) + id18.slice(8, 17) === id15 && id18.slice(6, 8) === '19';
      }),
    );
  });
});

describe('crossCheckId', () => {
  const id = { sex: '女' as const, birthDate: '1982-03-04' };

  it.each([
    [{ sex: '女', birth: '1982-03' }, []],
    [{ sex: '女', birth: '1982-03-04' }, []],
    [{}, []],
    [{ sex: '男' }, ['ID_SEX_MISMATCH']],
    [{ birth: '1982-04' }, ['ID_BIRTH_MISMATCH']],
    [{ birth: '1982-03-05' }, ['ID_BIRTH_MISMATCH']],
    [{ birth: '1982' }, ['ID_BIRTH_MISMATCH']],
    [{ sex: '男', birth: '1983-03' }, ['ID_SEX_MISMATCH', 'ID_BIRTH_MISMATCH']],
  ])('%j → %j', (dossier, codes) => {
    expect(crossCheckId(id, dossier).map((m) => m.code)).toEqual(codes);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters only', () => {
    expect(maskIdNumber('110105194912310021')).toBe('110105********0021');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('12345')).toBe('*****');
  });
});
