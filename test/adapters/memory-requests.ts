// The in-memory request stores (延期申请, 重审申请): the latest request by candidate and department,
// the same conditional writes as shared/adapters/dynamo/requests.ts.
import type { RequestStore, RequestStores } from '../../shared/app/ports.js';
import {
  awaitsDecision,
  decidedRequest,
  mayFollow,
  REQUEST_SCHEMA,
  type RequestByKind,
  type RequestKind,
  type RequestOf,
} from '../../shared/domain/requests.js';

export type RequestMaps = { [K in RequestKind]: Map<string, RequestByKind[K]> };

function memoryRequestStore<K extends RequestKind>(kind: K, requests: Map<string, RequestOf<K>>): RequestStore<RequestOf<K>> {
  const clone = <T>(v: T): T => structuredClone(v);
  const key = (candidateId: string, department: string) => `${candidateId}#${department}`;
  return {
    async request(input) {
      const request = REQUEST_SCHEMA[kind].parse(input);
      const stored = requests.get(key(request.candidateId, request.department));
      if (!mayFollow(stored, request.sequence))
        return stored === undefined ? { created: false } : { created: false, existing: clone(stored) };
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
      if (!awaitsDecision(stored, sequence)) return { decided: false, existing: clone(stored) };
      const request = decidedRequest(kind, stored, decision);
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

export function memoryRequests(maps: RequestMaps): RequestStores {
  return { extension: memoryRequestStore('extension', maps.extension), recheck: memoryRequestStore('recheck', maps.recheck) };
}
