import { Validations } from 'aws-cdk-lib';
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
