// A candidate whose Decide step throws: on the local stack (the infra ASL), the execution ends FAILED
// at Decide and its status-change event (as EventBridge delivers it on AWS) marks it
// 处理失败 with an audit event; the redrive use case resumes it
// and, Decide working again, the candidate is decided and no longer counted as failed.
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { javaMajorVersion } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/env.js';
import { startStack, type Stack } from '../../local/stack.js';
import { sfnRedrives } from '../../shared/adapters/sfn/executions.js';
import { redriveFailed } from '../../shared/app/redrive.js';
import { missingTool } from '../support/tools.js';
import { AuditTrail, BatchDetail, as, campaignWithEmptyExtracts, csvFile, tinyBatchCsv, waitFor } from './support.js';

const CAMPAIGN = 'failing-decide-1';
let stack: Stack;
let sfn: SFNClient;
let decideThrows = true;

const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');

beforeAll(async () => {
  if (noJava) return;
  stack = await startStack({
    mode: 'memory',
    // Manual departments go overdue at once, so the execution reaches Decide within seconds.
    departmentTimeoutSeconds: 2,
    onInvoke: (fn) => {
      if (fn === 'decide' && decideThrows) throw new Error('decide is broken');
    },
    log: () => undefined,
  });
  sfn = new SFNClient({ endpoint: stack.urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}, 120_000);

afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

describe.skipIf(noJava)('a candidate whose Decide step throws', () => {
  it('ends 处理失败 with an audit event and a FAILED execution, and is decided after a redrive', async () => {
    await campaignWithEmptyExtracts(stack.urls.http, stack.auth, { id: CAMPAIGN, name: '失败处理测试', policyId: 'duting-2015' });
    const township = await as(stack.urls.http, stack.auth, 'township-changguo', ['township:changguo']);
    const { csv } = tinyBatchCsv('昌国街道', [
      { name: '方明', sex: '男', birth: '1986-04-12', political: '群众', village: '海山社区', n: 611 },
    ]);
    const { batchId } = z
      .object({ batchId: z.string() })
      .parse(
        await township.post('/batches', { campaignId: CAMPAIGN, candidates: csvFile(csv, 'one.csv') }, { 'idempotency-key': 'failing-1' }),
      );
    const orgdept = await as(stack.urls.http, stack.auth, 'orgdept', ['orgdept']);

    const failed = await waitFor('the FAILED execution', async () => {
      const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.sfn.stateMachineArn, statusFilter: 'FAILED' }));
      return list.executions?.find((e) => e.name?.startsWith(`${CAMPAIGN}--`));
    });
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }));
    expect(described).toMatchObject({ status: 'FAILED', error: 'Error', redriveStatus: 'REDRIVABLE' });

    const detail = BatchDetail.parse(await orgdept.get(`/batches/${batchId}`));
    expect(detail.candidates[0]).toMatchObject({ status: 'failed', statusLabel: '处理失败', decision: null });
    expect(detail.batch.status).toMatchObject({ failed: 1, label: '处理失败' });
    expect(detail.batch.status.text).toContain('1 人处理失败');
    const candidateId = detail.candidates[0]?.candidateId ?? '';
    const audit = AuditTrail.parse(await orgdept.get(`/candidates/${encodeURIComponent(candidateId)}/audit`));
    expect(audit.events.filter((e) => e.type === 'failed').map((e) => e.data)).toEqual([{ error: 'Error' }]);

    decideThrows = false;
    const redriven = await redriveFailed(
      {
        redrives: sfnRedrives(sfn, stack.sfn.stateMachineArn),
        now: () => new Date(),
        log: { info: () => undefined, warn: () => undefined },
      },
      { campaignId: CAMPAIGN },
    );
    expect(redriven).toMatchObject({ found: 1, redriven: 1, notRedrivable: 0 });
    const done = await waitFor('the redriven execution', async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    });
    expect(done.redriveCount).toBe(1);
    const after = BatchDetail.parse(await orgdept.get(`/batches/${batchId}`));
    expect(after.candidates[0]?.status).toBe('incomplete');
    expect(after.batch.status).toMatchObject({ failed: 0, reviewing: 0, incomplete: 1 });
    // Redriving again finds nothing: the execution succeeded.
    expect(
      await redriveFailed(
        {
          redrives: sfnRedrives(sfn, stack.sfn.stateMachineArn),
          now: () => new Date(),
          log: { info: () => undefined, warn: () => undefined },
        },
        { campaignId: CAMPAIGN },
      ),
    ).toMatchObject({ found: 0 });
  }, 180_000);
});
