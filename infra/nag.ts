import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on one construct (and its children). `id` is the exact rule id,
 * with the finding in brackets for multi-finding rules, e.g. `AwsSolutions-IAM5[Resource::*]`.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+[0-9]+(\[.+\])?$/.test(id)) throw new Error(`Not an exact cdk-nag rule id: ${id}`);
  if (reason.trim().length < 20) throw new Error(`Suppression ${id} needs a written reason`);
  Validations.of(scope).acknowledge({ id, reason });
}

/** IAM5 on object ARNs under one prefix of one bucket (objects named at run time). */
export function acknowledgeObjectPrefix(grantee: IConstruct, bucket: IConstruct, prefix: string, reason: string): void {
  const cfn = bucket.node.defaultChild;
  if (cfn === undefined || !CfnResource.isCfnResource(cfn)) throw new Error(`${bucket.node.path} has no CFN resource`);
  acknowledge(grantee, `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(cfn)}.Arn>/${prefix}*]`, reason);
}
