// Department checker: one function for every department queue (the message names the
// department; see docs/data-model.md for why one function). Each task message is checked by the
// checkTask use case (shared/app/check-task.ts); this module parses and wires.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { checkTask, readForChecks } from '../shared/app/check-task.js';
import { sfnClient } from '../shared/adapters/clients.js';
import { loadConfig } from '../shared/adapters/config.js';
import { jsonText } from '../shared/adapters/json-text.js';
import { sharedRepositories, telemetry, withPowertools, type PipelineDeps } from '../shared/adapters/runtime.js';
import { sfnTaskCallbacks } from '../shared/adapters/sfn/task-callbacks.js';

export { AnswerInFlightError } from '../shared/app/check-task.js';

export const TaskMessage = z.object({
  campaignId: z.string().min(1),
  candidateId: z.string().min(1),
  department: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
  /** The deadline LoadRouting computed (absent in messages of executions started before it did). */
  dueAt: z.iso.datetime().optional(),
  assumedYears: z.array(z.number().int()).optional(),
  /** The re-check the task belongs to (0: the first review). */
  recheck: z.number().int().nonnegative().optional(),
});
export type TaskMessage = z.infer<typeof TaskMessage>;

/** An SQS body: JSON text holding a TaskMessage. */
const TaskMessageBody = jsonText(TaskMessage, 'the message body');

export interface CheckerDeps extends PipelineDeps {
  sfn: SFNClient;
  /** Waits used while another delivery finishes sending (tests pass a no-op). */
  pause?: (ms: number) => Promise<void>;
}

export function createCheckerHandler(deps: CheckerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const callbacks = sfnTaskCallbacks(deps.sfn);
  const pause = deps.pause ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return withPowertools(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const useCaseDeps = { ...telemetry, repos: await deps.repos(), now: deps.now, callbacks, pause };
    // Each record parsed once; one that does not parse fails on its own, the others are read together.
    const parsed = new Map(event.Records.map((r) => [r.messageId, TaskMessageBody.safeParse(r.body)]));
    const reads = await readForChecks(
      useCaseDeps,
      [...parsed.values()].flatMap((p) => (p.success ? [p.data] : [])),
    );
    const checkOne = async (record: SQSRecord): Promise<void> => {
      const message = parsed.get(record.messageId) ?? TaskMessageBody.safeParse(record.body);
      if (!message.success) throw message.error;
      await checkTask(useCaseDeps, message.data, reads);
    };
    return processPartialResponse(event, checkOne, processor, { context, throwOnFullBatchFailure: false });
  });
}

const config = loadConfig('checker');

export const handler = createCheckerHandler({ repos: () => sharedRepositories(config), now: () => new Date(), sfn: sfnClient(config) });
