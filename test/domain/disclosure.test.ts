import { describe, expect, it } from 'vitest';
import { townshipSeesDocumentNumbers, withoutDocumentNumbers } from '../../shared/domain/disclosure.js';
import type { Decision } from '../../shared/domain/model.js';

const citation = { file: 'f.txt', quote: '对被判处刑罚' };
const decision: Decision = {
  campaignId: 'c1',
  candidateId: 'b1-0001',
  policy: { id: 'p', version: '1.0.0' },
  outcome: 'disqualified',
  reasons: [{ category: '刑事处罚', severity: 'bar', department: 'court', documentNumber: '(2019)刑初12号', eligibleFrom: null, citation }],
  warnings: [
    { rule: 'notice', message: '区法院报送「民事纠纷」记录((2020)民初3号)', citation, documentNumber: '(2020)民初3号' },
    { rule: 'exempt', message: '区信访局报送的「信访」记录状态为“已化解”,按例外条款不作为障碍', citation },
  ],
  unanswered: [],
  referenceDate: '2026-05-20',
  decidedAt: '2026-04-09T00:00:00.000Z',
};

describe('what a township is shown of a decision', () => {
  it('keeps categories, clauses and outcome but drops the departments’ document numbers, in reasons and notices', () => {
    const shown = withoutDocumentNumbers(decision);
    expect(shown.outcome).toBe('disqualified');
    expect(shown.reasons).toEqual([{ ...decision.reasons[0], documentNumber: null }]);
    expect(shown.warnings[0]).toEqual({ rule: 'notice', message: '区法院报送「民事纠纷」记录', citation });
    expect(shown.warnings[1]).toEqual(decision.warnings[1]);
    expect(JSON.stringify(shown)).not.toContain('初');
  });

  it('shows document numbers only where the policy says so', () => {
    expect(townshipSeesDocumentNumbers({})).toBe(false);
    expect(townshipSeesDocumentNumbers({ townshipSees: 'category' })).toBe(false);
    expect(townshipSeesDocumentNumbers({ townshipSees: 'full' })).toBe(true);
  });
});
