// The in-memory ProcessRepository: stages by batch id, filings by candidate id, the same
// conditional writes as shared/adapters/dynamo/process.ts.
import type { ProcessRepository } from '../../shared/app/ports.js';
import { BatchStage, Filing } from '../../shared/domain/process.js';

export function memoryProcess(stages: Map<string, BatchStage>, filings: Map<string, Filing>): ProcessRepository {
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
  };
}
