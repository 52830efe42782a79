import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { UPLOAD_PREFIX } from '../../shared/adapters/uploads/s3.js';
import { EXPORT_PREFIX } from '../../shared/adapters/exports/s3.js';
import { acknowledgeObjectPrefix } from '../nag.js';
import type { RegionProfile } from '../region.js';

export interface UploadsProps {
  /** The Region's suffix names the bucket's host in the portal's CSP. */
  profile: Pick<RegionProfile, 'region' | 'urlSuffix'>;
  /** Uploads hold ID numbers: encrypted with the stack's CMK, like the table. */
  key: IKey;
  /** Server access logs go here (the stack's access-log bucket). */
  accessLogs: IBucket;
}

/**
 * Files past the Lambda payload limit (6 MB a request, ~4 MB of file in base64): the portal puts
 * them here through a presigned PUT (shared/adapters/uploads/s3.ts) and the API reads them (the
 * batch check, then the submission). Nothing stays: every upload expires after a day.
 */
export class Uploads extends Construct {
  readonly bucket: Bucket;
  private readonly profile: UploadsProps['profile'];

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    this.profile = props.profile;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'upload-bucket/',
      lifecycleRules: [{ prefix: UPLOAD_PREFIX, expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // A generated name and retention on update or delete: a failed first create can be retried.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }

  /**
   * The origins the browser PUTs to: a presigned URL's host is `<bucket>.s3.<region>.<suffix>`. A
   * wildcard for the bucket: naming it would make the portal's headers depend on the bucket, whose
   * CORS rule depends on the portal's address (a cycle).
   */
  get origin(): string {
    return `https://*.s3.${this.profile.region}.${this.profile.urlSuffix}`;
  }

  /** The portal's origins may PUT (CORS); nothing else is allowed from a browser. */
  allowPortal(origins: readonly string[]): void {
    this.bucket.addCorsRule({
      allowedMethods: [HttpMethods.PUT],
      allowedOrigins: [...origins],
      allowedHeaders: ['content-type'],
      maxAge: 600,
    });
  }

  /** Issuing tickets: a presigned PUT carries the signer's permission to put (and encrypt). */
  grantIssue(grantee: IGrantable & IConstruct): void {
    this.grant(grantee, ['s3:PutObject', 's3:GetObject'], ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  /** Reading uploads (the lifecycle rule deletes them). */
  grantRead(grantee: IGrantable & IConstruct): void {
    this.grant(grantee, ['s3:GetObject'], ['kms:Decrypt']);
  }

  /** Export files (`exports/`): the worker writes them; they are gone after a day, as uploads are. */
  keepExports(): void {
    this.bucket.addLifecycleRule({ prefix: EXPORT_PREFIX, expiration: Duration.days(1) });
  }

  /** The export worker puts the files it built. */
  grantExportWrite(grantee: IGrantable & IConstruct): void {
    this.grant(grantee, ['s3:PutObject'], ['kms:GenerateDataKey', 'kms:Decrypt'], EXPORT_PREFIX);
  }

  /** Presigning a download: the URL carries the signer's permission to get (and decrypt). */
  grantExportRead(grantee: IGrantable & IConstruct): void {
    this.grant(grantee, ['s3:GetObject'], ['kms:Decrypt'], EXPORT_PREFIX);
  }

  private grant(grantee: IGrantable & IConstruct, s3: string[], kms: string[], prefix: string = UPLOAD_PREFIX): void {
    const stack = Stack.of(this);
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(new PolicyStatement({ actions: s3, resources: [this.bucket.arnForObjects(`${prefix}*`)] }));
    const key = this.bucket.encryptionKey;
    if (key !== undefined) {
      principal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: kms,
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` } },
        }),
      );
    }
    acknowledgeObjectPrefix(
      grantee,
      this.bucket,
      prefix,
      prefix === UPLOAD_PREFIX
        ? 'One object per upload, named by a random id at run time under the account’s folder; limited to the upload prefix of this bucket.'
        : 'One object per export job, named by the job’s random id at run time; limited to the export prefix of this bucket.',
    );
  }
}
