// The pure rules of the review's process: the first-review sheet's pre-filled checks on the legal
// calendar, the write-in's result and the secretary filing's status.
import { describe, expect, it } from 'vitest';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import type { CandidateRow } from '../../shared/domain/model.js';
import { electionResult, FILING_CITATIONS, ELECTION_VOID_CITATION, filingStatus, prefillChecks } from '../../shared/domain/process.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeId } from '../fixtures/import/people.js';
import { seedsDir } from './policies/helpers.js';

const duting = builtInPolicy('duting-2015');
const row = (over: Partial<CandidateRow> = {}): CandidateRow => ({
  seq: 1,
  name: '赵六十',
  sex: '男',
  ethnicity: '汉族',
  idNumber: makeId('330902', '19650520', '031'),
  birth: '1965-05',
  education: '高中',
  political: '群众',
  township: '都亭街道',
  village: '滨江社区',
  post: '村(居)委会委员',
  nominationType: '初步人选',
  incumbent: false,
  ...over,
});

describe('first-review pre-filled checks', () => {
  it('counts 满N周岁 from the day after the birthday: 60 on the 61st birthday, 61 the day after', () => {
    const onBirthday = prefillChecks(row(), duting, '2026-05-20', '2026-04-01');
    expect(onBirthday.find((c) => c.id === 'age')?.text).toContain('60 周岁');
    expect(onBirthday.some((c) => c.id === 'male-over-60')).toBe(false);
    const dayAfter = prefillChecks(row(), duting, '2026-05-21', '2026-04-01');
    expect(dayAfter.find((c) => c.id === 'age')?.text).toContain('61 周岁');
    expect(dayAfter.find((c) => c.id === 'male-over-60')).toMatchObject({ effect: 'warning', label: '男性年龄一般不超过60周岁' });
  });

  it('flags the education condition and a wrong ID number, and passes a good one', () => {
    const checks = prefillChecks(row({ education: '初中' }), duting, '2026-05-20', '2026-04-01');
    expect(checks.find((c) => c.id === 'education-below-high-school')).toMatchObject({ effect: 'warning' });
    expect(checks.find((c) => c.id === 'idcard')).toMatchObject({ effect: 'ok' });
    const wrongSex = prefillChecks(row({ sex: '女' }), duting, '2026-05-20', '2026-04-01');
    expect(wrongSex.find((c) => c.id === 'idcard')).toMatchObject({ effect: 'problem' });
    const good = makeId('330902', '19650520', '031');
    const badDigit = prefillChecks(
      row({ idNumber: `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}` }),
      duting,
      '2026-05-20',
      '2026-04-01',
    );
    expect(badDigit.find((c) => c.id === 'idcard')).toMatchObject({ effect: 'problem' });
  });
});

describe('write-ins and filings', () => {
  it('reads a write-in’s decision as 当选有效 / 当选无效, and anything undecided as not yet known', () => {
    expect(electionResult('cleared')).toEqual({ result: 'valid', label: '当选有效' });
    expect(electionResult('disqualified')).toEqual({ result: 'void', label: '当选无效' });
    expect(electionResult('referred')).toBeNull();
    expect(electionResult('reviewing')).toBeNull();
  });

  it('files only the Party secretary nominee: pending until decided', () => {
    expect(filingStatus('党组织书记', undefined)).toBe('pending');
    expect(filingStatus('党组织书记', { decision: 'approve' })).toBe('approved');
    expect(filingStatus('党组织书记', { decision: 'reject' })).toBe('rejected');
    expect(filingStatus('党组织副书记', undefined)).toBeNull();
  });

  it('quotes the seed documents verbatim', () => {
    for (const citation of [...FILING_CITATIONS, ELECTION_VOID_CITATION]) {
      const text = readFileSync(path.join(seedsDir, citation.file ?? ''), 'utf8');
      expect(text.replace(/\s+/g, ''), citation.quote).toContain(citation.quote.replace(/\s+/g, ''));
    }
  });
});
