// The 行政区划 list upload, and batches checked against it: every error has its row, column, a
// Chinese message and a stable code; one error and nothing is accepted.
import { describe, expect, it } from 'vitest';
import { parseBatch, parseUnits } from '../../../shared/adapters/files/uploads.js';
import type { ImportError } from '../../../shared/domain/import/errors.js';
import type { UnitsResult } from '../../../shared/domain/import/units.js';
import { generatedTownshipCode } from '../../../shared/domain/township-code.js';
import { unitRegistry } from '../../../shared/domain/units.js';
import { CANDIDATES, candidatesCsv } from '../../fixtures/import/people.js';
import { TODAY, text, xlsx } from './helpers.js';

const csv = (lines: string[]) => text(`${lines.join('\n')}\n`, '行政区划.csv');

async function errorsOf(result: Promise<UnitsResult>): Promise<Array<Pick<ImportError, 'row' | 'column' | 'code'>>> {
  const r = await result;
  if (r.ok) throw new Error('expected the list to be rejected');
  for (const e of r.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  return r.errors.map((e) => ({ row: e.row, column: e.column, code: e.code }));
}

describe('the 行政区划 list', () => {
  it('groups villages under their township and generates a stable code where the file gives none', async () => {
    const r = await parseUnits(
      csv(['乡镇(街道),村(社区),类型', '昌国街道,海山社区,农村社区', '昌国街道,北门村,村', '盐仓 街道,北门村,村']),
    );
    expect(r).toEqual({
      ok: true,
      townships: [
        {
          code: generatedTownshipCode('昌国街道'),
          name: '昌国街道',
          row: 2,
          codeFrom: 'generated',
          villages: [
            { name: '海山社区', kind: '农村社区' },
            { name: '北门村', kind: '村' },
          ],
        },
        {
          code: generatedTownshipCode('盐仓街道'),
          name: '盐仓街道',
          row: 4,
          codeFrom: 'generated',
          villages: [{ name: '北门村', kind: '村' }],
        },
      ],
    });
  });

  it('takes 乡镇代码 from the file (once per township is enough), else keeps the code already stored', async () => {
    const r = await parseUnits({
      ...(await xlsx({
        行政区划: [
          ['乡镇(街道)', '乡镇代码', '村(社区)', '类型'],
          ['昌国街道', 330902001, '海山社区', '农村社区'],
          ['昌国街道', '', '北门村', '村'],
          ['盐仓街道', '', '北门村', '村'],
        ],
      })),
      existing: [{ code: 'yancang', name: '盐仓街道', villages: [] }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.townships.map((t) => [t.name, t.code, t.codeFrom])).toEqual([
      ['昌国街道', '330902001', 'file'],
      ['盐仓街道', 'yancang', 'existing'],
    ]);
  });

  it('refuses repeated villages, conflicting or non-ASCII codes, unknown kinds and the template’s example row', async () => {
    const errors = await errorsOf(
      parseUnits(
        csv([
          '乡镇(街道),乡镇代码,村(社区),类型',
          '昌国街道,changguo,海山社区,农村社区',
          '昌国街道,,海山 社区,社区',
          '昌国街道,cg,北门村,村',
          '盐仓街道,Yancang,北门村,村',
          '白马镇,changguo,长岭村,乡',
          '示例镇,,示例村,村',
          '岱山镇,,,村',
        ]),
      ),
    );
    expect(errors).toEqual([
      { row: 3, column: '村(社区)', code: 'VILLAGE_NAME_DUPLICATE' },
      { row: 4, column: '乡镇代码', code: 'TOWNSHIP_CODE_CONFLICT' },
      { row: 5, column: '乡镇代码', code: 'TOWNSHIP_CODE_INVALID' },
      { row: 6, column: '类型', code: 'VALUE_NOT_ALLOWED' },
      { row: 7, column: '乡镇(街道)', code: 'EXAMPLE_ROW' },
      { row: 8, column: '村(社区)', code: 'VALUE_REQUIRED' },
      { row: 6, column: '乡镇代码', code: 'TOWNSHIP_CODE_DUPLICATE' },
    ]);
  });

  it('refuses control characters and direction overrides in names (the text rule)', async () => {
    const errors = await errorsOf(
      parseUnits(csv(['乡镇(街道),村(社区),类型', '昌国街道,海山\u202e社区,社区', '昌国\u0007街道,北门村,村'])),
    );
    expect(errors).toEqual([
      { row: 2, column: '村(社区)', code: 'TEXT_BIDI_CONTROL' },
      { row: 3, column: '乡镇(街道)', code: 'TEXT_CONTROL_CHARACTER' },
    ]);
  });

  it('refuses a file without the columns, naming the missing one', async () => {
    expect(await errorsOf(parseUnits(csv(['乡镇(街道),村(社区)', '昌国街道,海山社区'])))).toEqual([
      { row: 1, column: '类型', code: 'COLUMN_MISSING' },
    ]);
  });
});

describe('a batch checked against the campaign’s list', () => {
  const units = unitRegistry({
    townships: [
      { code: 'changguo', name: '昌国街道', villages: [{ name: '檀枫社区', kind: '社区' }] },
      {
        code: 'duting',
        name: '都亭街道',
        villages: [
          { name: '滨江社区', kind: '社区' },
          { name: '檀东社区', kind: '社区' },
        ],
      },
      { code: 'baima', name: '白马镇' },
    ],
  });

  it('accepts rows of listed townships and villages (a township without a village list checks only its name)', async () => {
    const rows = CANDIDATES.filter((c) => ['昌国街道', '都亭街道', '白马镇'].includes(c['乡镇(街道)']));
    const r = await parseBatch({ candidates: text(candidatesCsv(rows), 'b.csv'), today: TODAY, ...(units === undefined ? {} : { units }) });
    expect(r.ok).toBe(true);
  });

  it('gives each row of an unlisted township or village its error, with a suggestion, and accepts nothing', async () => {
    const rows = CANDIDATES.slice(0, 4).map((c) => ({ ...c }));
    rows[1] = { ...rows[1]!, '乡镇(街道)': '昌国镇' };
    rows[2] = { ...rows[2]!, '村(社区)': '檀东社区' };
    rows[3] = { ...rows[3]!, '乡镇(街道)': '都亭街道', '村(社区)': '滨江小区' };
    const r = await parseBatch({ candidates: text(candidatesCsv(rows), 'b.csv'), today: TODAY, ...(units === undefined ? {} : { units }) });
    if (r.ok) throw new Error('expected refusal');
    expect(r.errors.map((e) => [e.row, e.column, e.code, e.message])).toEqual([
      [3, '乡镇(街道)', 'TOWNSHIP_NOT_IN_CAMPAIGN', expect.stringContaining('是不是想填"昌国街道"')],
      [4, '村(社区)', 'VILLAGE_NOT_IN_CAMPAIGN', expect.stringContaining('属于都亭街道，不属于昌国街道')],
      [5, '村(社区)', 'VILLAGE_NOT_IN_CAMPAIGN', expect.stringContaining('是不是想填"滨江社区"')],
    ]);
    expect(r.errors.every((e) => e.sheet === '候选人')).toBe(true);
  });
});
