import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeObjectPrefix } from '../nag.js';

/** Key prefix of the anchor objects (shared/adapters/anchors/s3.ts writes `anchors/<seq>.json`). */
export const ANCHOR_PREFIX = 'anchors/';
/** Each anchor is locked this long in COMPLIANCE mode: longer than any term of office. */
export const ANCHOR_RETENTION_DAYS = 3650;

export interface AnchorsProps {
  /** Server access logs go here (the stack's access-log bucket). */
  accessLogs: IBucket;
}

/**
 * The append-only store outside the table for the audit chains' anchors: an S3 bucket with Object
 * Lock in COMPLIANCE mode, so not even the account root can change or delete an anchor before its
 * retention ends. The objects are digests of chain heads, never personal data, so S3-managed
 * encryption is enough (no KMS grant for every writer).
 */
export class Anchors extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AnchorsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(ANCHOR_RETENTION_DAYS)),
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'anchor-bucket/',
      // Locked objects outlive the stack anyway; a generated name lets a failed first create retry.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * What the anchor log needs and nothing more: list the prefix, read and create anchors, set
   * their retention. No delete, no governance bypass.
   */
  grantAppend(grantee: IGrantable & IConstruct): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ANCHOR_PREFIX}*`] } },
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'],
        resources: [this.bucket.arnForObjects(`${ANCHOR_PREFIX}*`)],
      }),
    );
    acknowledgeObjectPrefix(
      grantee,
      this.bucket,
      ANCHOR_PREFIX,
      'One object per anchor, named by its sequence number at run time; limited to the anchor prefix of this bucket, and Object Lock keeps each one unchanged.',
    );
  }
}
