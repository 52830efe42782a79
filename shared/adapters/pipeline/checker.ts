// Department checker: one function for every department queue (the message names the
// department; see docs/data-model.md for why one function). For each task message it either
// answers from the department's record extract (auto) or opens a review task holding the token
// (manual, no extract, or an ID match whose name differs).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { maskIdNumber } from '../../domain/idcard.js';
import { matchRecords } from '../../domain/import/records.js';
import type { Verdict } from '../../domain/model.js';
import { getPolicy } from '../../domain/policies/index.js';
import { tokenHash } from '../id-crypto.js';
import { logger, METRIC, metrics } from '../powertools.js';
import type { Repositories, StoredVerdict } from '../repositories.js';
import { campaignOf, withPowertools, type PipelineDeps } from '../runtime.js';

export const TaskMessage = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
});
export type TaskMessage = z.infer<typeof TaskMessage>;

/** SendTask* errors meaning the task is over: retrying cannot help. */
const TASK_GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/** Thrown when another delivery of the same task is mid-answer; SQS redelivers later. */
export class AnswerInFlightError extends Error {
  override name = 'AnswerInFlightError';
}

export interface CheckerDeps extends PipelineDeps {
  sfn: SFNClient;
  /** Waits used while another delivery finishes sending (tests pass a no-op). */
  pause?: (ms: number) => Promise<void>;
}

/** The `dispatched` event of one task message; a redelivery of the same token adds nothing. */
function dispatchedEvent(msg: TaskMessage, hash: string, mode: string, at: string) {
  return {
    input: {
      candidateId: msg.candidateId,
      type: 'dispatched' as const,
      actor: { kind: 'system' as const, id: 'checker' },
      at,
      data: { department: msg.department, mode, timeoutSeconds: msg.timeoutSeconds },
    },
    dedupeKey: `dispatched:${msg.department}:${hash.slice(0, 32)}`,
  };
}

function isAnswered(v: StoredVerdict): boolean {
  return v.verdict.status === 'clear' || v.verdict.status === 'findings';
}

export function createCheckerHandler(deps: CheckerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const pause = deps.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Sends the stored answer for this token once; records that it was accepted. */
  const sendAnswer = async (repos: Repositories, msg: TaskMessage, stored: StoredVerdict, hash: string): Promise<void> => {
    try {
      await deps.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: msg.taskToken,
          output: JSON.stringify({ department: msg.department, status: stored.verdict.status }),
        }),
      );
    } catch (err) {
      if (err instanceof Error && TASK_GONE.has(err.name)) {
        // The workflow stopped waiting (timeout → RecordOverdue, or the execution ended).
        logger.warn('task no longer accepts an answer', { department: msg.department, candidateId: msg.candidateId, error: err.name });
        return;
      }
      throw err;
    }
    // Only an answer is confirmed; an overdue/declined result is already final.
    if (isAnswered(stored)) await repos.verdicts.markResultSent(msg.candidateId, msg.department, hash, deps.now().toISOString());
  };

  /** Audit for an automatic answer: dispatched + answered in one chain step, each deduplicated. */
  const auditAuto = async (repos: Repositories, msg: TaskMessage, hash: string, mode: string, verdict: Verdict): Promise<void> => {
    const at = verdict.answeredAt ?? deps.now().toISOString();
    await repos.audit.appendAll([
      dispatchedEvent(msg, hash, mode, at),
      {
        input: {
          candidateId: msg.candidateId,
          type: 'answered',
          actor: verdict.answeredBy ?? { kind: 'auto', id: 'extract' },
          at,
          data: {
            department: msg.department,
            status: verdict.status,
            source: 'extract',
            findings: verdict.findings.map((f) => ({ category: f.category, documentNumber: f.documentNumber ?? null })),
          },
        },
        dedupeKey: `answered:${msg.department}`,
      },
    ]);
  };

  const checkOne = async (record: SQSRecord): Promise<void> => {
    const msg = TaskMessage.parse(JSON.parse(record.body));
    const hash = tokenHash(msg.taskToken);
    const repos = await deps.repos();

    // A stored answer is never asked for again: a duplicate of the same token is skipped.
    const existing = await repos.verdicts.get(msg.candidateId, msg.department);
    // A re-asked task (redrive, crash recovery) gets the stored result at once, even overdue.
    if (existing !== undefined) {
      if (existing.resultSentFor === hash) {
        metrics.addMetric(METRIC.DuplicateDeliveries, MetricUnit.Count, 1);
        return;
      }
      if (existing.verdict.source === 'extract') {
        await auditAuto(repos, msg, hash, 'auto', existing.verdict);
      } else {
        await repos.audit.appendAll([dispatchedEvent(msg, hash, 'stored', deps.now().toISOString())]);
      }
      await sendAnswer(repos, msg, existing, hash);
      return;
    }

    const campaign = await campaignOf(repos, msg.campaignId);
    const policy = getPolicy(campaign.campaign.policyId);
    const department = policy.departments.find((d) => d.code === msg.department);
    if (department === undefined) throw new Error(`department ${msg.department} is not in policy ${policy.id}`);
    const candidate = await repos.candidates.getView(msg.candidateId);
    if (candidate === undefined) throw new Error(`candidate ${msg.candidateId} not found`);
    const now = deps.now();
    const at = now.toISOString();

    const extract = await repos.extracts.getActive(msg.department, msg.campaignId);
    const rows = extract === undefined ? [] : await repos.extracts.findRows(extract, candidate.idNumber);
    const { findings, hints } = matchRecords({ idNumber: candidate.idNumber, name: candidate.name }, rows);

    if (department.mode === 'auto' && extract !== undefined && hints.length === 0) {
      const verdict: Verdict = {
        campaignId: msg.campaignId,
        candidateId: msg.candidateId,
        department: msg.department,
        status: findings.length > 0 ? 'findings' : 'clear',
        findings,
        answeredBy: { kind: 'auto', id: `extract:${extract.generation}` },
        answeredAt: at,
        source: 'extract',
      };
      const put = await repos.verdicts.putAnswer(verdict);
      if (!put.written) {
        // Another delivery of this task won the write: give it a moment to send, else retry later.
        let stored = put.existing;
        for (let i = 0; i < 3 && isAnswered(stored) && stored.resultSentFor !== hash; i++) {
          await pause(200 * (i + 1));
          stored = (await repos.verdicts.get(msg.candidateId, msg.department)) ?? stored;
        }
        if (!isAnswered(stored) || stored.resultSentFor === hash) return;
        throw new AnswerInFlightError('another delivery of this task is answering it');
      }
      // The audit trail has the answer before Step Functions moves on.
      await auditAuto(repos, msg, hash, department.mode, put.stored.verdict);
      await sendAnswer(repos, msg, put.stored, hash);
      metrics.addMetric(METRIC.AutoAnswered, MetricUnit.Count, 1);
      return;
    }

    await repos.audit.appendAll([dispatchedEvent(msg, hash, department.mode, at)]);
    const opened = await repos.tasks.open({
      campaignId: msg.campaignId,
      candidateId: msg.candidateId,
      department: msg.department,
      taskToken: msg.taskToken,
      createdAt: at,
      deadline: new Date(now.getTime() + msg.timeoutSeconds * 1000).toISOString(),
      hints,
      candidate: {
        name: candidate.name,
        idMasked: maskIdNumber(candidate.idNumber),
        township: candidate.township,
        village: candidate.village,
        post: candidate.post,
      },
    });
    if (opened.opened) metrics.addMetric(METRIC.TasksQueuedForReview, MetricUnit.Count, 1);
  };

  return withPowertools(
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, checkOne, processor, { context, throwOnFullBatchFailure: false }),
  );
}
