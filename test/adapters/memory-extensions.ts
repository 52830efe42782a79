// The in-memory ExtensionRepository: the latest request by candidate and department, the same
// conditional writes as shared/adapters/dynamo/extensions.ts.
import type { ExtensionRepository } from '../../shared/app/ports.js';
import { Extension } from '../../shared/domain/extensions.js';

export function memoryExtensions(extensions: Map<string, Extension>): ExtensionRepository {
  const clone = <T>(v: T): T => structuredClone(v);
  const key = (candidateId: string, department: string) => `${candidateId}#${department}`;
  return {
    async request(input) {
      const extension = Extension.parse(input);
      const stored = extensions.get(key(extension.candidateId, extension.department));
      const free =
        stored === undefined ? extension.sequence === 1 : stored.status !== 'pending' && stored.sequence === extension.sequence - 1;
      if (!free) return stored === undefined ? { created: false } : { created: false, existing: clone(stored) };
      extensions.set(key(extension.candidateId, extension.department), clone(extension));
      return { created: true };
    },
    async get(candidateId, department) {
      const e = extensions.get(key(candidateId, department));
      return e && clone(e);
    },
    async decide(candidateId, department, sequence, decision) {
      const stored = extensions.get(key(candidateId, department));
      if (stored === undefined) return { decided: false };
      if (stored.status !== 'pending' || stored.sequence !== sequence) return { decided: false, existing: clone(stored) };
      const extension = Extension.parse({ ...stored, ...decision });
      extensions.set(key(candidateId, department), clone(extension));
      return { decided: true, extension: clone(extension) };
    },
    async listByCampaign(campaignId) {
      return [...extensions.entries()]
        .filter(([, e]) => e.campaignId === campaignId)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, e]) => clone(e));
    },
  };
}
