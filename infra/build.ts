import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Policy } from '../shared/domain/model.js';
import { checkRegionSupport, readConfig } from './config.js';
import { regionProfile } from './region.js';
import { LianshenStack } from './stack.js';

/**
 * Feature flags the stack relies on, set here rather than in cdk.json so tests (which do not read
 * cdk.json) synthesise the same template. minimizePolicies merges the checker's 30-odd per-queue
 * consume statements, which otherwise overflow the role's inline policy. serverAccessLogsUseBucketPolicy
 * grants S3 server access log delivery by bucket policy instead of the deprecated LogDeliveryWrite ACL.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

export interface BuildOptions {
  policies: readonly Policy[];
  /** Extra CDK context (tests); cdk.json and `-c` context arrive through the environment. */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Register cdk-nag AwsSolutions as a validation plugin (default true). */
  nag?: boolean;
  /** CDK's built-in CloudFormation template validation (default true; tests of single properties skip it). */
  cfnValidation?: boolean;
}

/**
 * Builds the app: one stack, Region-specific (TableV2 with a CMK needs that) but account-agnostic
 * unless the CLI knows the account; no context lookups, so synth needs no credentials or network.
 * cdk-nag AwsSolutions is registered the cdk-nag 3 way.
 */
export function buildApp(options: BuildOptions): { app: App; stack: LianshenStack; nag: AwsSolutionsChecks | null } {
  const props: AppProps = {
    context: { ...FEATURE_FLAGS, ...options.context },
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    builtinCloudFormationValidation: options.cfnValidation ?? true,
  };
  const app = new App(props);
  const config = readConfig(app.node);
  const region = config.region ?? process.env['CDK_DEFAULT_REGION'];
  if (region === undefined || region === '') {
    throw new Error('No target Region: pass -c region=<region> or configure a default Region for the CDK CLI');
  }
  const profile = regionProfile(region);
  checkRegionSupport(config, profile);
  const account = process.env['CDK_DEFAULT_ACCOUNT'];
  const stack = new LianshenStack(app, config.stackName, {
    env: account === undefined || account === '' ? { region } : { region, account },
    config,
    profile,
    policies: options.policies,
    description: 'lianshen: joint qualification review (资格联审) of village and community committee candidates',
  });
  let nag: AwsSolutionsChecks | null = null;
  if (options.nag !== false) {
    nag = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(nag);
  }
  return { app, stack, nag };
}
