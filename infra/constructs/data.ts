import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/adapters/table-schema.js';

export interface DataProps {
  key: IKey;
}

/** Item-level actions the handlers use (transactions are authorised per contained action). */
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

/** The single table (keys fixed in shared/adapters/table-schema.ts). */
export class Data extends Construct {
  readonly table: TableV2;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.key = props.key;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(props.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Only ephemeral items (idempotency keys, task-token records) carry this attribute.
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      globalSecondaryIndexes: TABLE_KEYS.globalIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        ...(gsi.projection.type === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...gsi.projection.attributes] }),
      })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Read/write access to the table and its two named indexes, plus the KMS use DynamoDB needs for a
   * CMK-encrypted table, only through DynamoDB. Written out instead of grantReadWriteData, which
   * adds `index/*` and `kms:*Key*` wildcards.
   */
  grantItemAccess(grantee: IGrantable): void {
    const stack = Stack.of(this);
    const arn = this.table.tableArn;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ITEM_ACTIONS,
        resources: [arn, ...TABLE_KEYS.globalIndexes.map((gsi) => `${arn}/index/${gsi.indexName}`)],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
        ],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` } },
      }),
    );
  }
}
