// Shared set-up for the local Step Functions tests: fauxqs in-process, SDK clients pointed at the
// local endpoints, and a toy ASL that exercises every task kind the real one uses.
import { SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { z } from 'zod';
import { FUNCTIONS, type FunctionSpec } from '../../../functions/manifest.js';
import { LocalLambdaRuntime, type LambdaHandler } from '../../../local/lambda-context.js';
import type { LocalStepFunctionsHandle } from '../../../local/sfn/index.js';
import type { JsonValue } from '../../../local/sfn/json.js';

export const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Queues {
  fauxqs: FauxqsServer;
  sqs: SQSClient;
  /** `http://sqs.us-east-1.localhost:PORT/000000000000/` */
  urlBase: string;
  create(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startQueues(): Promise<Queues> {
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  const sqs = new SQSClient({ endpoint: fauxqs.address, region: 'us-east-1', credentials: CREDENTIALS });
  const probe = await sqs.send(new CreateQueueCommand({ QueueName: 'probe' }));
  const urlBase = (probe.QueueUrl ?? '').replace(/probe$/, '');
  return {
    fauxqs,
    sqs,
    urlBase,
    create: async (name) => {
      const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      return created.QueueUrl ?? '';
    },
    stop: async () => {
      sqs.destroy();
      await fauxqs.stop();
    },
  };
}

export function sfnClient(url: string): SFNClient {
  return new SFNClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
}

/**
 * Stub functions counting invocations per function. `manifest: true` keeps the real manifest's
 * function list (so the real ASL's substitution keys must line up with it) and stubs only these.
 */
export function stubRuntime(
  handlers: Record<string, LambdaHandler>,
  options: { manifest?: boolean } = {},
): { runtime: LocalLambdaRuntime; calls: Map<string, unknown[]> } {
  const calls = new Map<string, unknown[]>();
  const functions: Record<string, FunctionSpec> = options.manifest ? { ...FUNCTIONS } : {};
  const counted: Record<string, LambdaHandler> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    if (options.manifest && !(name in FUNCTIONS)) throw new Error(`${name} is not in the manifest`);
    functions[name] ??= { entry: `stub/${name}.ts`, env: [], timeoutSeconds: 10, memoryMb: 128, sendsTaskResults: false };
    counted[name] = (event, context) => {
      const list = calls.get(name) ?? [];
      list.push(event);
      calls.set(name, list);
      return handler(event, context);
    };
  }
  return { runtime: new LocalLambdaRuntime({ functions, handlers: counted }), calls };
}

/** Prepare (Lambda) → Ask (waitForTaskToken, SLA from the input) → Finish (Lambda). */
export const TOY_ASL: JsonValue = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: '${PrepareFunctionArn}',
      Parameters: { 'candidateId.$': '$.candidateId' },
      ResultPath: '$.prepared',
      TimeoutSeconds: 10,
      Catch: [{ ErrorEquals: ['RoutingMissing'], ResultPath: '$.error', Next: 'NoRouting' }],
      Next: 'Ask',
    },
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        'QueueUrl.$': "States.Format('${DepartmentQueueUrlPrefix}{}', $.department)",
        MessageBody: {
          'candidateId.$': '$.candidateId',
          'department.$': '$.department',
          'taskToken.$': '$$.Task.Token',
          'timeoutSeconds.$': '$.timeoutSeconds',
        },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      ResultPath: '$.answer',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Overdue' },
        { ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Declined' },
      ],
      Next: 'Finish',
    },
    Overdue: { Type: 'Pass', Result: 'overdue', ResultPath: '$.outcome', End: true },
    Declined: { Type: 'Pass', Result: 'declined', ResultPath: '$.outcome', End: true },
    NoRouting: { Type: 'Pass', Result: 'no-routing', ResultPath: '$.outcome', End: true },
    Finish: {
      Type: 'Task',
      Resource: '${FinishFunctionArn}',
      Parameters: { 'candidateId.$': '$.candidateId', 'answer.$': '$.answer' },
      ResultPath: '$.outcome',
      TimeoutSeconds: 10,
      End: true,
    },
  },
};

export interface ToyStack {
  queues: Queues;
  sfn: LocalStepFunctionsHandle;
  client: SFNClient;
  calls: Map<string, unknown[]>;
  queueUrl: string;
  stop(): Promise<void>;
}

export const askMessage = z.object({
  candidateId: z.string(),
  department: z.string(),
  taskToken: z.string().min(40),
  timeoutSeconds: z.number(),
});

/** Long-polls the queue until one message arrives (left in flight, not deleted); returns its JSON body. */
export async function receiveBody(sqs: SQSClient, queueUrl: string): Promise<unknown> {
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2, MaxNumberOfMessages: 1 }));
    const body = received.Messages?.[0]?.Body;
    if (body !== undefined) return JSON.parse(body);
  }
}

export async function receiveOne(sqs: SQSClient, queueUrl: string): Promise<z.infer<typeof askMessage>> {
  return askMessage.parse(await receiveBody(sqs, queueUrl));
}

export const realMessage = z.strictObject({
  campaignId: z.string(),
  candidateId: z.string(),
  department: z.string(),
  taskToken: z.string().min(40),
  timeoutSeconds: z.number().int().positive(),
  dueAt: z.iso.datetime(),
  assumedYears: z.array(z.number().int()),
  /** The re-check the task belongs to (0: the first review). */
  recheck: z.number().int().nonnegative(),
});

export function parseOutput(output: string | undefined): Record<string, unknown> {
  return z.record(z.string(), z.unknown()).parse(JSON.parse(output ?? 'null'));
}
