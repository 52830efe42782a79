// A batch's status in words: what is missing, never 联审完成 while candidates are 未完成.
import { describe, expect, it } from 'vitest';
import { batchStatus, countBatch } from '../../shared/domain/batch-status.js';

const zero = {
  total: 0,
  reviewing: 0,
  cleared: 0,
  disqualified: 0,
  referred: 0,
  incomplete: 0,
  disputed: 0,
  failed: 0,
  overdueDepartments: 0,
};

describe('batch status', () => {
  it('27 of 30 未完成 with 16 departments overdue says so, and is not 联审完成', () => {
    const s = batchStatus({ ...zero, total: 30, cleared: 2, disqualified: 1, incomplete: 27, overdueDepartments: 16 });
    expect(s).toMatchObject({ state: 'waiting', label: '未完成', final: 3 });
    expect(s.text).toBe('27 人未完成（16 个部门逾期），已有最终结论 3 / 30 人');
  });

  it('only a batch where everyone has 通过 or 不通过 is 联审完成', () => {
    expect(batchStatus({ ...zero, total: 3, cleared: 2, disqualified: 1 })).toMatchObject({
      state: 'complete',
      label: '联审完成',
      text: '联审完成：通过 2 人，不通过 1 人',
    });
    expect(batchStatus({ ...zero, total: 3, cleared: 2, referred: 1 })).toMatchObject({ state: 'waiting', label: '待组织部门研判' });
  });

  it('a disputed candidate is 复核中: not a final result, and the batch waits for the ruling', () => {
    const s = batchStatus({ ...zero, total: 3, cleared: 2, disputed: 1 });
    expect(s).toMatchObject({ state: 'waiting', label: '复核中', final: 2 });
    expect(s.text).toBe('1 人复核中，已有最终结论 2 / 3 人');
    expect(countBatch([{ status: 'disputed', overdue: [] }])).toMatchObject({ total: 1, disputed: 1 });
  });

  it('while departments are within their time the batch is 审查中', () => {
    expect(batchStatus({ ...zero, total: 5, cleared: 1, reviewing: 4 }).text).toBe('4 人审查中，已有最终结论 1 / 5 人');
    expect(batchStatus(zero)).toMatchObject({ state: 'reviewing', label: '审查中' });
  });

  it('a batch with candidates the workflow failed on says 处理失败 and is never 联审完成', () => {
    const s = batchStatus({ ...zero, total: 4, cleared: 2, disqualified: 1, failed: 1 });
    expect(s).toMatchObject({ state: 'waiting', label: '处理失败', final: 3 });
    expect(s.text).toBe('1 人处理失败（待重新驱动），已有最终结论 3 / 4 人');
    expect(batchStatus({ ...zero, total: 4, cleared: 1, reviewing: 2, failed: 1 }).text).toBe(
      '2 人审查中，1 人处理失败（待重新驱动），已有最终结论 1 / 4 人',
    );
    expect(countBatch([{ status: 'failed', overdue: [] }])).toMatchObject({ total: 1, failed: 1 });
  });

  it('counts distinct overdue departments across the candidates', () => {
    const c = countBatch([
      { status: 'incomplete', overdue: ['court', 'petitions'] },
      { status: 'incomplete', overdue: ['court'] },
      { status: 'cleared', overdue: [] },
      { status: 'reviewing', overdue: [] },
    ]);
    expect(c).toEqual({
      total: 4,
      reviewing: 1,
      cleared: 1,
      disqualified: 0,
      referred: 0,
      incomplete: 2,
      disputed: 0,
      failed: 0,
      overdueDepartments: 2,
    });
  });
});
