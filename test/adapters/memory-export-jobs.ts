// In-memory export jobs for use-case and handler tests, held to the DynamoDB adapter by
// test/adapters/export-jobs-contract.ts.
import type { ExportJob, ExportJobRepository } from '../../shared/app/ports.js';

export function memoryExportJobs(): ExportJobRepository & { all(): ExportJob[] } {
  const jobs = new Map<string, ExportJob>();
  const copy = (j: ExportJob): ExportJob => structuredClone(j);
  return {
    all: () => [...jobs.values()].map(copy),
    async create(job) {
      if (jobs.has(job.jobId)) return 'exists';
      jobs.set(job.jobId, copy(job));
      return 'created';
    },
    async get(jobId) {
      const j = jobs.get(jobId);
      return j === undefined ? undefined : copy(j);
    },
    async listByOwner(owner, limit) {
      return [...jobs.values()]
        .filter((j) => j.owner === owner)
        .sort((a, b) => `${b.createdAt}#${b.jobId}`.localeCompare(`${a.createdAt}#${a.jobId}`))
        .slice(0, limit)
        .map(copy);
    },
    async transition(jobId, from, patch) {
      const j = jobs.get(jobId);
      if (j === undefined || !from.includes(j.status)) return undefined;
      const next = { ...j, ...structuredClone(patch) };
      jobs.set(jobId, next);
      return copy(next);
    },
  };
}
