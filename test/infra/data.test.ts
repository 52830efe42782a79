import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TABLE_KEYS } from '../../shared/adapters/table-schema.js';
import { logicalId, synth } from './synth.js';

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

describe('the table', () => {
  it('uses the shared key schema with both GSIs', () => {
    built.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    built.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_KEYS.globalIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          gsi.projection.type === 'ALL'
            ? { ProjectionType: 'ALL' }
            : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...gsi.projection.attributes] },
      })),
    });
  });

  it('projects everything into gsi1 but only what the gsi2 queries read into gsi2 (no extract record data, no policy documents)', () => {
    const table = Object.values(built.template.findResources('AWS::DynamoDB::GlobalTable'))[0];
    const gsis = z
      .object({
        GlobalSecondaryIndexes: z.array(
          z.looseObject({
            IndexName: z.string(),
            Projection: z.looseObject({ ProjectionType: z.string(), NonKeyAttributes: z.array(z.string()).optional() }),
          }),
        ),
      })
      .parse(table?.['Properties']).GlobalSecondaryIndexes;
    expect(gsis.find((g) => g.IndexName === 'gsi1')?.Projection.ProjectionType).toBe('ALL');
    const gsi2 = gsis.find((g) => g.IndexName === 'gsi2')?.Projection;
    expect(gsi2?.ProjectionType).toBe('INCLUDE');
    expect(gsi2?.NonKeyAttributes).toEqual(expect.arrayContaining(['decision', 'finalStatus', 'decided', 'failed', 'batchId']));
    expect(gsi2?.NonKeyAttributes?.length).toBeLessThanOrEqual(20);
    for (const heavy of ['policy', 'counted', 'idCipher', 'name', 'documentNumber', 'campaign'])
      expect(gsi2?.NonKeyAttributes).not.toContain(heavy);
  });

  it('has PITR, deletion protection and the TTL attribute, and is encrypted with the stack CMK', () => {
    const key = logicalId(built.stack.keys.key);
    built.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        {
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } },
        },
      ],
    });
  });

  it('is retained when the stack goes', () => {
    const tables = built.template.findResources('AWS::DynamoDB::GlobalTable');
    for (const t of Object.values(tables)) expect(t['DeletionPolicy']).toBe('Retain');
  });
});

describe('keys', () => {
  it('the CMK rotates', () => {
    built.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('the ID-number key material is a generated secret encrypted with the CMK', () => {
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(built.stack.keys.key), 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });
});
