import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

export interface KeysProps {
  namePrefix: string;
}

/**
 * The customer-managed KMS key that encrypts everything at rest (table, queues, state machine,
 * logs, alarm topic, secret), and the secret holding the ID-number key material.
 */
export class Keys extends Construct {
  readonly key: Key;
  /** Secret string from which the handlers derive (HKDF) the AES-GCM and HMAC keys for ID numbers. */
  readonly idKeyMaterial: Secret;

  constructor(scope: Construct, id: string, props: KeysProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: `${props.namePrefix}: encryption at rest for the qualification review pipeline`,
      alias: `alias/${props.namePrefix}`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs encrypts our log groups with this key; scoped to this account's log groups.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // CloudWatch alarms publish to the KMS-encrypted alarm topic.
    this.allowServiceOfThisAccount('AllowCloudWatchAlarmsToEncryptedTopic', 'cloudwatch.amazonaws.com');

    this.idKeyMaterial = new Secret(this, 'IdNumberKeyMaterial', {
      description: `${props.namePrefix}: key material for ID-number encryption (AES-256-GCM) and look-up HMAC`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.idKeyMaterial,
      'AwsSolutions-SMG4',
      'Not rotated automatically: the HMAC of every stored ID number and every ciphertext are derived from this material, ' +
        'so a rotation needs a re-encryption and re-index job; it is rotated by that job (see docs/deploy.md), never blindly.',
    );
  }

  /** EventBridge puts undeliverable events into a queue encrypted with this key. */
  allowEventBridgeDeadLetters(): void {
    this.allowServiceOfThisAccount('AllowEventBridgeDeadLetters', 'events.amazonaws.com');
  }

  /** A service principal may encrypt to and decrypt with the key, on behalf of this account only. */
  private allowServiceOfThisAccount(sid: string, service: string): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid,
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }

  /**
   * Read access to the ID-number key material: GetSecretValue on this secret plus kms:Decrypt only
   * through Secrets Manager. Written out (not secret.grantRead) so the Region's URL suffix is right
   * in every partition and the key policy does not grow by one principal per function.
   */
  grantReadIdKeyMaterial(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [this.idKeyMaterial.secretArn],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` } },
      }),
    );
  }
}
