// The campaign's 行政区划 list: names compared as people mean them, one name per township and per
// village within a township, codes that accounts can be tied to, and what a new list changes.
import { describe, expect, it } from 'vitest';
import type { CampaignTownship } from '../../shared/domain/model.js';
import { generatedTownshipCode } from '../../shared/domain/township-code.js';
import { mergeUnits, unitChanges, unitKindOf, unitListProblems, unitRegistry } from '../../shared/domain/units.js';

const LIST: CampaignTownship[] = [
  {
    code: 'changguo',
    name: '昌国街道',
    villages: [
      { name: '海山社区', kind: '农村社区' },
      { name: '北门村', kind: '村' },
    ],
  },
  { code: 'yancang', name: '盐仓街道', villages: [{ name: '北门村', kind: '村' }] },
];

describe('a unit list', () => {
  it('is fine with the same village name in two townships', () => {
    expect(unitListProblems(LIST)).toEqual([]);
  });

  it('refuses two townships of the same name, even written with a full-width space', () => {
    const problems = unitListProblems([...LIST, { code: 'other', name: '昌国　街道' }]);
    expect(problems).toEqual([{ code: 'TOWNSHIP_NAME_DUPLICATE', path: [2, 'name'], message: expect.stringContaining('同名') }]);
  });

  it('refuses two villages of the same name in one township, and a repeated or non-ASCII code', () => {
    const problems = unitListProblems([
      {
        code: 'changguo',
        name: '昌国街道',
        villages: [
          { name: '海山社区', kind: '社区' },
          { name: '海山 社区', kind: '村' },
        ],
      },
      { code: 'changguo', name: '盐仓街道' },
      { code: 'Dinghai', name: '定海' },
      { code: '城关', name: '城关镇' },
    ]);
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['VILLAGE_NAME_DUPLICATE', '0.villages.1.name'],
      ['TOWNSHIP_CODE_DUPLICATE', '1.code'],
      ['TOWNSHIP_CODE_INVALID', '2.code'],
      ['TOWNSHIP_CODE_INVALID', '3.code'],
    ]);
    for (const p of problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says the kind of a listed unit, and null where the list does not say', () => {
    expect(unitKindOf({ townships: LIST }, '昌国街道', '海山社区')).toBe('农村社区');
    expect(unitKindOf({ townships: LIST }, '昌国 街道', '北门村')).toBe('村');
    expect(unitKindOf({ townships: LIST }, '昌国街道', '檀东社区')).toBeNull();
    expect(unitKindOf({ townships: [{ code: 'x', name: '昌国街道' }] }, '昌国街道', '海山社区')).toBeNull();
    expect(unitKindOf({}, '昌国街道', '海山社区')).toBeNull();
  });

  it('gives a batch check only what is listed: a township without villages checks only its name', () => {
    expect(unitRegistry({})).toBeUndefined();
    expect(unitRegistry({ townships: [{ code: 'x', name: '白马镇' }, ...LIST] })).toEqual({
      townships: [{ name: '白马镇' }, { name: '昌国街道', villages: ['海山社区', '北门村'] }, { name: '盐仓街道', villages: ['北门村'] }],
    });
  });
});

describe('what a new list changes', () => {
  it('names added, removed and changed units', () => {
    const next: CampaignTownship[] = [
      {
        code: 'changguo',
        name: '昌国街道',
        villages: [
          { name: '海山社区', kind: '社区' },
          { name: '檀东社区', kind: '社区' },
        ],
      },
      { code: 'baima', name: '白马镇', villages: [] },
    ];
    expect(unitChanges(LIST, next)).toEqual({
      addedTownships: [{ code: 'baima', name: '白马镇', villages: [] }],
      addedVillages: [{ township: '昌国街道', village: { name: '檀东社区', kind: '社区' } }],
      removed: [{ township: '昌国街道', village: '北门村' }, { township: '盐仓街道' }],
      changed: [{ township: '昌国街道', village: '海山社区', what: 'kind', from: '农村社区', to: '社区' }],
    });
  });

  it('adds to a list without changing what is already on it', () => {
    const merged = mergeUnits(LIST, [
      {
        code: 'other-code',
        name: '昌国街道',
        villages: [
          { name: '海山社区', kind: '村' },
          { name: '檀东社区', kind: '社区' },
        ],
      },
      { code: 'baima', name: '白马镇', villages: [{ name: '长岭村', kind: '村' }] },
    ]);
    expect(merged).toEqual([
      { code: 'changguo', name: '昌国街道', villages: [...(LIST[0]?.villages ?? []), { name: '檀东社区', kind: '社区' }] },
      LIST[1],
      { code: 'baima', name: '白马镇', villages: [{ name: '长岭村', kind: '村' }] },
    ]);
    expect(LIST[0]?.villages).toHaveLength(2);
  });
});

describe('a generated township code', () => {
  it('is the same for the same name however it was typed, differs between names, and is lowercase ASCII', () => {
    const code = generatedTownshipCode('昌国街道');
    expect(code).toMatch(/^t-[a-z2-7]{8}$/);
    expect(generatedTownshipCode(' 昌国 街道 ')).toBe(code);
    expect(generatedTownshipCode('昌国街道')).toBe(code);
    expect(generatedTownshipCode('盐仓街道')).not.toBe(code);
    // Pinned (RFC 4648 base32 of SHA-256): accounts are tied to it, so it must never change between releases.
    expect(code).toBe('t-hfx76gtt');
  });
});
