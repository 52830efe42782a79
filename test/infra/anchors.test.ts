import { beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR_RETENTION_DAYS } from '../../infra/constructs/anchors.js';
import { FUNCTION_NAMES } from '../../infra/constructs/functions.js';
import { actionsOf, logicalId, resourcesOf, roleStatements, scheduleOf, synth } from './synth.js';

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

const statementsOf = (roleId: string) => roleStatements(built.template, roleId);

describe('the anchor bucket', () => {
  it('locks every object in COMPLIANCE mode for ten years, is versioned, private, TLS-only and logged', () => {
    const id = logicalId(built.stack.anchors.bucket);
    const bucket = resourcesOf(built.template)[id];
    expect(bucket?.['DeletionPolicy']).toBe('Retain');
    expect(bucket?.['Properties']).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: ANCHOR_RETENTION_DAYS } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'anchor-bucket/' },
    });
    expect(ANCHOR_RETENTION_DAYS).toBe(3650);
    // No fixed name: a failed first create can be retried.
    expect(bucket?.['Properties']).not.toHaveProperty('BucketName');
  });

  it('is named to exactly the functions that anchor: batch progress, the reports, the hourly checkpoint', () => {
    const ref = { Ref: logicalId(built.stack.anchors.bucket) };
    const withBucket = FUNCTION_NAMES.filter((name) => {
      const fn = resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))];
      return JSON.stringify(fn?.['Properties']).includes('"ANCHOR_BUCKET"');
    });
    expect(withBucket.sort()).toEqual(['anchorCheckpoint', 'batchProgress', 'exportWorker', 'orgdeptApi']);
    for (const name of withBucket) {
      const fn = resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))];
      expect(JSON.stringify(fn?.['Properties'])).toContain(JSON.stringify({ ANCHOR_BUCKET: ref }).slice(1, -1));
    }
  });

  it('lets those functions list, read and create anchors and set their retention, never delete or bypass the lock', () => {
    const bucketId = logicalId(built.stack.anchors.bucket);
    for (const name of ['batchProgress', 'orgdeptApi', 'anchorCheckpoint'] as const) {
      const statements = statementsOf(logicalId(built.stack.functions.role(name))).filter((s) =>
        JSON.stringify(s.Resource).includes(bucketId),
      );
      const granted = statements.flatMap(actionsOf).sort();
      expect(granted, name).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectRetention']);
      expect(JSON.stringify(statements)).toContain('anchors/*');
    }
    for (const name of FUNCTION_NAMES) {
      const all = statementsOf(logicalId(built.stack.functions.role(name)))
        .filter((s) => JSON.stringify(s.Resource).includes(bucketId))
        .flatMap(actionsOf);
      expect(
        all.filter((a) => /^s3:(Delete|BypassGovernance|PutBucketObjectLock|PutObjectLegalHold)/.test(a)),
        name,
      ).toEqual([]);
    }
  });

  it('checkpoints the chain heads every hour', () => {
    const fnId = logicalId(built.stack.functions.fn('anchorCheckpoint'));
    expect(scheduleOf(built.template, fnId)).toBe('rate(1 hour)');
  });
});
