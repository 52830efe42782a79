import { describe, expect, it } from 'vitest';
import { approvalProblem, type DepartmentReview, needsSignOff, sourcesProblem } from '../../shared/domain/sign-off.js';

const review: DepartmentReview = {
  campaignId: 'c1',
  department: 'discipline',
  signOff: true,
  approvers: ['disc.head'],
  sources: ['案件管理系统', '信访举报台账'],
  version: 1,
  updatedBy: 'disc.head',
  updatedAt: '2026-12-01T00:00:00.000Z',
};
const held = {
  findings: [{ category: '贿选' }],
  sourcesSearched: ['案件管理系统'],
  by: { kind: 'reviewer' as const, id: 'sub-rev' },
  byUsername: 'disc.rev',
  at: '2026-12-02T00:00:00.000Z',
};

describe('department sign-off (谁审查谁负责)', () => {
  it('holds only answers with findings, and only where the department turned sign-off on', () => {
    expect(needsSignOff(review, 'findings')).toBe(true);
    expect(needsSignOff(review, 'clear')).toBe(false);
    expect(needsSignOff({ ...review, signOff: false }, 'findings')).toBe(false);
    expect(needsSignOff(undefined, 'findings')).toBe(false);
  });

  it('asks for at least one of the department’s own record sources, and none where it names none', () => {
    expect(sourcesProblem(review, ['信访举报台账'])).toBeUndefined();
    expect(sourcesProblem(review, [])).toBe('请勾选本次已查询的记录来源');
    expect(sourcesProblem(review, ['百度'])).toBe('“百度”不是本部门设置的记录来源');
    expect(sourcesProblem(undefined, [])).toBeUndefined();
    expect(sourcesProblem({ ...review, sources: [] }, ['案件管理系统'])).toBe('本部门未设置记录来源，不能勾选');
  });

  it('lets a named approver approve, never the reviewer who answered', () => {
    expect(approvalProblem(review, held, { userId: 'sub-head', username: 'disc.head' })).toBeUndefined();
    expect(approvalProblem(review, held, { userId: 'sub-other', username: 'disc.other' })).toMatch(/不是本部门设置的审核人/);
    expect(approvalProblem({ ...review, approvers: ['disc.rev'] }, held, { userId: 'sub-rev', username: 'disc.rev' })).toMatch(
      /不能审核自己/,
    );
    expect(approvalProblem(undefined, held, { userId: 'sub-head', username: 'disc.head' })).toMatch(/不是本部门设置的审核人/);
  });
});
