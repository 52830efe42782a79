// One department answering one candidate, in a process of its own with a DynamoDB client of its
// own: the check (an automatic answer from the extract, or a review task opened), then for a
// review task the reviewer's answer. The concurrent-answers test starts 28 of these at once
// against one DynamoDB Local, so nothing in-process (no shared client, no queue) orders them.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { createDynamoRepositories } from '../../../shared/adapters/dynamo/index.js';
import { createIdCrypto } from '../../../shared/adapters/id-crypto.js';
import { answerOne } from '../../../shared/app/answer-task.js';
import { checkTask } from '../../../shared/app/check-task.js';
import type { TaskCallbacks } from '../../../shared/app/ports.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/env.js';

const Args = z.object({
  endpoint: z.string(),
  tableName: z.string(),
  keyMaterial: z.string(),
  campaignId: z.string(),
  candidateId: z.string(),
  department: z.string(),
});
const args = Args.parse(JSON.parse(process.argv[2] ?? '{}'));

const client = new DynamoDBClient({ endpoint: args.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const repos = createDynamoRepositories({ doc, tableName: args.tableName, crypto: createIdCrypto(args.keyMaterial) });
// Step Functions takes every answer.
const callbacks: TaskCallbacks = { succeed: async () => 'sent', fail: async () => 'sent' };
const metrics = { count: () => undefined };
const now = () => new Date();

// Ready: every worker waits for the parent's "go" (once all are up), so the answers meet.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const checked = await checkTask(
  { repos, now, metrics, callbacks, log: { info: () => undefined, warn: () => undefined }, pause: async () => undefined },
  {
    campaignId: args.campaignId,
    candidateId: args.candidateId,
    department: args.department,
    taskToken: `token-${args.candidateId}-${args.department}`,
    timeoutSeconds: 5 * 86400,
  },
);
let answered: string = checked;
if (checked === 'queuedForReview') {
  const task = await repos.tasks.get(args.candidateId, args.department);
  if (task === undefined) throw new Error('the review task was not opened');
  const outcome = await answerOne(
    { repos, now, metrics, callbacks },
    {
      task,
      answer: { status: 'clear', findings: [] },
      actor: { kind: 'reviewer', id: `reviewer-${args.department}` },
      source: 'portal',
      at: now().toISOString(),
    },
  );
  answered = outcome.kind;
}
process.stdout.write(`${JSON.stringify({ department: args.department, checked, answered })}\n`);
doc.destroy();
