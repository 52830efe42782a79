// The in-memory ProcessRepository: stages by batch id, filings by candidate id, the same
// conditional writes as shared/adapters/dynamo/process.ts.
import type { ProcessRepository } from '../../shared/app/ports.js';
import { BatchStage, Filing } from '../../shared/domain/process.js';
import { DepartmentReview } from '../../shared/domain/sign-off.js';

export function memoryProcess(
  stages: Map<string, BatchStage>,
  filings: Map<string, Filing>,
  reviews = new Map<string, DepartmentReview>(),
): ProcessRepository {
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    async stage(batchId) {
      const s = stages.get(batchId);
      return s && clone(s);
    },
    async stagesByCampaign(campaignId) {
      return [...stages.values()].filter((s) => s.campaignId === campaignId).map(clone);
    },
    async putStage(input, expect) {
      const stage = BatchStage.parse(input);
      const stored = stages.get(stage.batchId);
      if (expect === undefined ? stored !== undefined : stored?.status !== expect) return false;
      stages.set(stage.batchId, clone(stage));
      return true;
    },
    async filing(candidateId) {
      const f = filings.get(candidateId);
      return f && clone(f);
    },
    async putFiling(input) {
      const filing = Filing.parse(input);
      if (filings.has(filing.candidateId)) return false;
      filings.set(filing.candidateId, clone(filing));
      return true;
    },
    async filingsByCampaign(campaignId) {
      return [...filings.values()]
        .filter((f) => f.campaignId === campaignId)
        .sort((a, b) => a.candidateId.localeCompare(b.candidateId))
        .map(clone);
    },
    async departmentReview(campaignId, department) {
      const r = reviews.get(`${campaignId}|${department}`);
      return r && clone(r);
    },
    async departmentReviews(campaignId) {
      return [...reviews.values()]
        .filter((r) => r.campaignId === campaignId)
        .sort((a, b) => a.department.localeCompare(b.department))
        .map(clone);
    },
    async putDepartmentReview(input) {
      const review = DepartmentReview.parse(input);
      const key = `${review.campaignId}|${review.department}`;
      const stored = reviews.get(key);
      if (review.version === 1 ? stored !== undefined : stored?.version !== review.version - 1) return false;
      reviews.set(key, clone(review));
      return true;
    },
  };
}
