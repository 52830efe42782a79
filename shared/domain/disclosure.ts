// What a township is shown of a decision. A department's finding tells the township its category
// and the clause it rests on; the department's own document number (a court case number, a
// petition file) stays with the organization department unless the policy says otherwise
// (`townshipSees: 'full'`).
import type { Decision, Policy } from './model.js';

export const TOWNSHIP_SEES = ['category', 'full'] as const;
export const TOWNSHIP_SEES_LABEL = { category: '类别和条款', full: '全部（含文号）' } as const;

export function townshipSeesDocumentNumbers(policy: Pick<Policy, 'townshipSees'>): boolean {
  return policy.townshipSees === 'full';
}

/** The decision without the departments' document numbers (in reasons and in the notices that quote them). */
export function withoutDocumentNumbers(decision: Decision): Decision {
  return {
    ...decision,
    reasons: decision.reasons.map((r) => ({ ...r, documentNumber: null })),
    warnings: decision.warnings.map(({ documentNumber, ...w }) =>
      documentNumber === undefined ? w : { ...w, message: w.message.replace(`(${documentNumber})`, '') },
    ),
  };
}
