// The export pipeline in the template: its queue and DLQ, the worker's event source as the
// manifest states it, and exactly the grants each side needs (send; put under exports/; presign).
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { actionsOf, logicalId, resourcesOf, roleStatements, synth } from './synth.js';

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

const fnProps = (name: 'batchesApi' | 'exportWorker') =>
  resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))]?.['Properties'];

describe('the export queue and worker', () => {
  it('has a KMS-encrypted queue with a DLQ after five receives and a visibility of six worker timeouts', () => {
    const queueId = logicalId(built.stack.exports.queue);
    const dlqId = logicalId(built.stack.exports.dlq);
    built.template.hasResource('AWS::SQS::Queue', {
      Properties: Match.objectLike({
        VisibilityTimeout: 6 * FUNCTIONS.exportWorker.timeoutSeconds,
        KmsMasterKeyId: Match.anyValue(),
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      }),
    });
    expect(resourcesOf(built.template)[queueId]?.['Type']).toBe('AWS::SQS::Queue');
    expect(JSON.stringify(resourcesOf(built.template))).toContain(dlqId);
  });

  it('feeds the worker one job at a time with partial batch responses and a concurrency cap', () => {
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(built.stack.exports.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(built.stack.functions.fn('exportWorker')) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: FUNCTIONS.exportWorker.eventSource.maxConcurrency },
    });
  });

  it('gives the API the queue URL and the bucket, and the worker the bucket, the table and the anchors', () => {
    const apiEnv = JSON.stringify(fnProps('batchesApi')?.['Environment']);
    expect(apiEnv).toContain('"EXPORT_QUEUE_URL"');
    expect(apiEnv).toContain(logicalId(built.stack.exports.queue));
    const workerEnv = fnProps('exportWorker')?.['Environment'];
    expect(Object.keys(Object(Object(workerEnv)['Variables'])).sort()).toEqual(
      expect.arrayContaining(['ANCHOR_BUCKET', 'KEYS_SECRET_ARN', 'TABLE_NAME', 'UPLOAD_BUCKET']),
    );
    expect(fnProps('exportWorker')).toMatchObject({ Timeout: 300, MemorySize: 2048 });
  });

  it('lets the API send to the queue and read exports/ (to presign), and the worker put under exports/ only', () => {
    const queueId = logicalId(built.stack.exports.queue);
    const bucketId = logicalId(built.stack.uploads.bucket);
    const api = roleStatements(built.template, logicalId(built.stack.functions.role('batchesApi')));
    expect(api.filter((s) => JSON.stringify(s.Resource).includes(queueId)).flatMap(actionsOf)).toEqual(['sqs:SendMessage']);
    const apiExports = api.filter((s) => JSON.stringify(s.Resource).includes(bucketId) && JSON.stringify(s.Resource).includes('exports/*'));
    expect(apiExports.flatMap(actionsOf)).toEqual(['s3:GetObject']);

    const worker = roleStatements(built.template, logicalId(built.stack.functions.role('exportWorker')));
    const workerBucket = worker.filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    expect(workerBucket.flatMap(actionsOf)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(workerBucket)).toContain('exports/*');
    expect(JSON.stringify(workerBucket)).not.toContain('uploads/*');
    expect(
      worker
        .filter((s) => JSON.stringify(s.Resource).includes(queueId))
        .flatMap(actionsOf)
        .sort(),
    ).toEqual(expect.arrayContaining(['sqs:DeleteMessage', 'sqs:ReceiveMessage']));
  });

  it('watches the export DLQ', () => {
    const dlqName = { 'Fn::GetAtt': [logicalId(built.stack.exports.dlq), 'QueueName'] };
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([Match.objectLike({ Name: 'QueueName', Value: dlqName })]),
    });
  });
});
