// Builds the CDK app for the infra tests: the real policies, a fixed Region, bundling skipped
// (the template is what is under test; `npm run synth` bundles for real).
import { readFileSync } from 'node:fs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { buildApp } from '../../infra/build.js';
import { repoPath } from '../../infra/paths.js';
import { builtInPolicies } from '../../shared/adapters/files/policy-files.js';

export const TEST_CONTEXT: Record<string, unknown> = {
  region: 'ap-east-1',
  'aws:cdk:bundling-stacks': [],
  // Never deploy a local portal/dist in these tests: the template must not depend on whether
  // someone has built the portal. The nag test covers the deployment with a temporary build.
  portalDist: 'test/infra/.no-portal-build',
};

export function synth(context: Record<string, unknown> = {}, options: { cfnValidation?: boolean } = {}) {
  const built = buildApp({
    policies: builtInPolicies(),
    context: { ...TEST_CONTEXT, ...context },
    cfnValidation: options.cfnValidation ?? false,
  });
  const template = Template.fromStack(built.stack);
  return { ...built, template };
}

/** The Regions `npm run synth:all` checks, with the context each needs (infra/synth-regions.json). */
export const SYNTH_REGIONS: Readonly<Record<string, Record<string, string>>> = z
  .object({ regions: z.record(z.string(), z.record(z.string(), z.string())) })
  .parse(JSON.parse(readFileSync(repoPath('infra/synth-regions.json'), 'utf8'))).regions;

/** The stack as `npm run synth:all` builds it for `region` (without bundling). */
export function synthRegion(region: string, context: Record<string, unknown> = {}) {
  const regional = SYNTH_REGIONS[region];
  if (regional === undefined) throw new Error(`${region} is not in infra/synth-regions.json`);
  return synth({ ...regional, region, ...context });
}

/** Logical id of an L2 construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (child === undefined || !CfnResource.isCfnResource(child)) throw new Error(`${construct.node.path} has no CFN resource`);
  return Stack.of(construct).getLogicalId(child);
}

/** `{ Ref: id }` or `{ Fn::GetAtt: [id, attr] }` naming this logical id. */
export function refersTo(value: unknown, id: string): boolean {
  return JSON.stringify(value).includes(`"${id}"`);
}

const Resources = z.record(z.string(), z.looseObject({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).optional() }));
export type Resources = z.infer<typeof Resources>;

/** The template's resources by logical id. */
export function resourcesOf(template: Template): Resources {
  return Resources.parse(z.looseObject({ Resources: z.unknown() }).parse(template.toJSON()).Resources);
}

export const Statement = z.looseObject({
  Effect: z.string(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  Principal: z.unknown().optional(),
});
export type Statement = z.infer<typeof Statement>;
export const PolicyProps = z.looseObject({ PolicyDocument: z.object({ Statement: z.array(Statement) }), Roles: z.array(z.unknown()) });

/** Statements of every policy attached to this role. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map((r) => PolicyProps.parse(r['Properties']))
    .filter((p) => refersTo(p.Roles, roleId))
    .flatMap((p) => p.PolicyDocument.Statement);
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

const RuleTarget = z.looseObject({
  Arn: z.unknown(),
  DeadLetterConfig: z.object({ Arn: z.unknown() }).optional(),
  RetryPolicy: z.object({ MaximumEventAgeInSeconds: z.number().optional(), MaximumRetryAttempts: z.number() }).optional(),
});
const RuleProps = z.looseObject({
  ScheduleExpression: z.string().optional(),
  EventPattern: z.unknown().optional(),
  Targets: z.array(RuleTarget),
});
export type RuleProps = z.infer<typeof RuleProps>;

/** The template's EventBridge rules (schedules and event patterns). */
export function eventRules(template: Template): RuleProps[] {
  return Object.values(template.findResources('AWS::Events::Rule')).map((r) => RuleProps.parse(r['Properties']));
}

/** The schedule of the rule that targets this function, if any. */
export function scheduleOf(template: Template, functionId: string): string | undefined {
  return eventRules(template).find((r) => r.ScheduleExpression !== undefined && refersTo(r.Targets, functionId))?.ScheduleExpression;
}
