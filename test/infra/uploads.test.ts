import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/constructs/functions.js';
import { actionsOf, logicalId, resourcesOf, roleStatements, synth } from './synth.js';

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

const bucketOf = () => resourcesOf(built.template)[logicalId(built.stack.uploads.bucket)];

describe('the upload bucket (files past the Lambda payload limit)', () => {
  it('is private, TLS-only, encrypted with the stack key, logged, and keeps nothing longer than a day', () => {
    const bucket = bucketOf();
    expect(bucket?.['DeletionPolicy']).toBe('RetainExceptOnCreate');
    expect(bucket?.['Properties']).not.toHaveProperty('BucketName');
    expect(bucket?.['Properties']).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(built.stack.keys.key), 'Arn'] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'upload-bucket/' },
      LifecycleConfiguration: {
        Rules: [
          { Prefix: 'uploads/', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
          { Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' },
        ],
      },
    });
  });

  it('takes PUTs from the portal’s origins only, and the portal’s CSP lets it connect there', () => {
    const cors = JSON.stringify(bucketOf()?.['Properties']?.['CorsConfiguration']);
    expect(cors).toContain('"AllowedMethods":["PUT"]');
    expect(cors).toContain(built.stack.getLogicalId(built.stack.portal.cfnDistribution));
    const policies = Object.values(resourcesOf(built.template)).filter((r) => r['Type'] === 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(JSON.stringify(policies)).toContain(`https://*.s3.${built.stack.region}.amazonaws.com`);
  });

  it('is named to the functions that issue and read uploads; only the issuer may put, neither deletes, under the upload prefix', () => {
    const withBucket = FUNCTION_NAMES.filter((name) =>
      JSON.stringify(resourcesOf(built.template)[logicalId(built.stack.functions.fn(name))]?.['Properties']).includes('"UPLOAD_BUCKET"'),
    );
    expect(withBucket.sort()).toEqual(['batchesApi', 'exportWorker', 'recordsApi']);
    const bucketId = logicalId(built.stack.uploads.bucket);
    const s3Actions = (name: 'batchesApi' | 'recordsApi') => {
      const statements = roleStatements(built.template, logicalId(built.stack.functions.role(name))).filter(
        (s) => JSON.stringify(s.Resource).includes(bucketId) && JSON.stringify(s.Resource).includes('uploads/*'),
      );
      expect(JSON.stringify(statements)).toContain('uploads/*');
      return statements.flatMap(actionsOf).sort();
    };
    expect(s3Actions('batchesApi')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(s3Actions('recordsApi')).toEqual(['s3:GetObject']);
    const viaS3 = roleStatements(built.template, logicalId(built.stack.functions.role('recordsApi'))).filter(
      (s) => JSON.stringify(s).includes('kms:ViaService') && JSON.stringify(s).includes('s3.'),
    );
    expect(viaS3.flatMap(actionsOf)).toEqual(['kms:Decrypt']);
  });
});
