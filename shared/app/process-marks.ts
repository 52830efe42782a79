// What the review's process adds to every view of a candidate: whether its batch is still the
// township's draft (never shown to the county's reports and dashboard as under review), whether it
// is a write-in winner vetted after the vote (当选有效 / 当选无效), and, for a Party-secretary
// nominee, where its filing stands (备案).
import {
  type BatchStage,
  ELECTION_VOID_CITATION,
  electionResult,
  type Filing,
  FILING_LABEL,
  type FirstReviewEntry,
  filingStatus,
  reachedCounty,
} from '../domain/process.js';
import { citeText } from './reports/labels.js';
import type { Post } from '../domain/model.js';
import type { BatchRecord, Repositories } from './ports.js';

export interface ProcessMarks {
  stages: ReadonlyMap<string, BatchStage>;
  filings: ReadonlyMap<string, Filing>;
}

export async function processMarksOf(repos: Repositories, campaignIds: Iterable<string>): Promise<ProcessMarks> {
  const ids = [...new Set(campaignIds)];
  const [stages, filings] = await Promise.all([
    Promise.all(ids.map((id) => repos.process.stagesByCampaign(id))),
    Promise.all(ids.map((id) => repos.process.filingsByCampaign(id))),
  ]);
  return {
    stages: new Map(stages.flat().map((s) => [s.batchId, s])),
    filings: new Map(filings.flat().map((f) => [f.candidateId, f])),
  };
}

/** The campaign's batches the township has sent (drafts are the township's own until then). */
export async function sentBatches(repos: Repositories, campaignId: string): Promise<BatchRecord[]> {
  const [batches, stages] = await Promise.all([repos.batches.listByCampaign(campaignId), repos.process.stagesByCampaign(campaignId)]);
  const drafts = new Set(stages.filter((s) => !reachedCounty(s)).map((s) => s.batchId));
  return batches.filter((b) => !drafts.has(b.batchId));
}

/** The marks of one candidate as the report rows take them. */
export function markOf(marks: ProcessMarks, dossier: { candidateId: string; batchId: string; post: Post }) {
  const postElection = marks.stages.get(dossier.batchId)?.kind === 'post-election';
  const filing = filingStatus(dossier.post, marks.filings.get(dossier.candidateId));
  return { ...(postElection ? { postElection: true as const } : {}), ...(filing === null ? {} : { filing }) };
}

/** The first review, the write-in result and the filing of one candidate, as the batch page shows them. */
export function candidateProcessView(
  marks: ProcessMarks,
  dossier: { candidateId: string; batchId: string; post: Post },
  status: string,
  firstReview: FirstReviewEntry | undefined,
) {
  const mark = markOf(marks, dossier);
  const election = mark.postElection === true ? electionResult(status) : null;
  const filing = marks.filings.get(dossier.candidateId);
  return {
    firstReview: firstReview === undefined ? null : { result: firstReview.result, remark: firstReview.remark },
    election:
      election === null ? null : { ...election, basis: election.result === 'void' ? `依据：${citeText(ELECTION_VOID_CITATION)}` : null },
    filing:
      mark.filing === undefined ? null : { status: mark.filing, label: FILING_LABEL[mark.filing], decidedAt: filing?.decidedAt ?? null },
  };
}
