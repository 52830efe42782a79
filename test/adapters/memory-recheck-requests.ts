// The in-memory RecheckRequestRepository: the latest request by candidate and department, the same
// conditional writes as shared/adapters/dynamo/recheck-requests.ts.
import type { RecheckRequestRepository } from '../../shared/app/ports.js';
import { RecheckRequest } from '../../shared/domain/recheck-requests.js';

export function memoryRecheckRequests(requests: Map<string, RecheckRequest>): RecheckRequestRepository {
  const clone = <T>(v: T): T => structuredClone(v);
  const key = (candidateId: string, department: string) => `${candidateId}#${department}`;
  return {
    async request(input) {
      const request = RecheckRequest.parse(input);
      const stored = requests.get(key(request.candidateId, request.department));
      const free = stored === undefined ? request.sequence === 1 : stored.status !== 'pending' && stored.sequence === request.sequence - 1;
      if (!free) return stored === undefined ? { created: false } : { created: false, existing: clone(stored) };
      requests.set(key(request.candidateId, request.department), clone(request));
      return { created: true };
    },
    async get(candidateId, department) {
      const r = requests.get(key(candidateId, department));
      return r && clone(r);
    },
    async decide(candidateId, department, sequence, decision) {
      const stored = requests.get(key(candidateId, department));
      if (stored === undefined) return { decided: false };
      if (stored.status !== 'pending' || stored.sequence !== sequence) return { decided: false, existing: clone(stored) };
      const request = RecheckRequest.parse({ ...stored, ...decision });
      requests.set(key(candidateId, department), clone(request));
      return { decided: true, request: clone(request) };
    },
    async listByCampaign(campaignId) {
      return [...requests.entries()]
        .filter(([, r]) => r.campaignId === campaignId)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, r]) => clone(r));
    },
  };
}
