import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.js';
import { acknowledge } from '../../infra/nag.js';
import { builtInPolicies } from '../../shared/adapters/files/policy-files.js';
import { SYNTH_REGIONS, TEST_CONTEXT } from './synth.js';

/** Every acknowledgement recorded on the tree: path, rule id, reason. */
function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: unknown }> {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data ?? {}).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
    );
}

const outdir = mkdtempSync(join(tmpdir(), 'lianshen-nag-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let built: ReturnType<typeof buildApp>;
beforeAll(() => {
  built = buildApp({ policies: builtInPolicies(), context: TEST_CONTEXT, outdir });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged findings', () => {
    const report = built.nag?.validateScope(built.app);
    const findings = (report?.violations ?? []).map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report?.success).toBe(true);
  });

  it('full synth (cdk-nag plus CDK template validation) passes', { timeout: 120_000 }, () => {
    expect(() => built.app.synth()).not.toThrow();
  });

  it('the plugin flags a finding that our acknowledge() then suppresses (ids match cdk-nag 3)', () => {
    const probe = (ack: boolean) => {
      const app = new App();
      const stack = new Stack(app, 'Probe', { env: { region: 'ap-east-1' } });
      const secret = new Secret(stack, 'Secret');
      if (ack) acknowledge(secret, 'AwsSolutions-SMG4', 'Probe: rotation is out of scope for this test secret.');
      const nag = new AwsSolutionsChecks(app);
      return nag.validateScope(app).violations.map((v) => v.ruleName);
    };
    expect(probe(false)).toContain('AwsSolutions-SMG4');
    expect(probe(true)).not.toContain('AwsSolutions-SMG4');
  });

  it('every acknowledgement names an exact rule and gives a written reason', () => {
    const acks = acknowledgements(built.app).filter((a) => a.id.includes('AwsSolutions'));
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id, a.path).toMatch(/^(Annotation::)?AwsSolutions-[A-Z]+[0-9]+(\[.+\])?$/);
      expect(typeof a.reason, a.path).toBe('string');
      expect(String(a.reason).trim().length, `${a.id} on ${a.path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it("acknowledges IAM5 on our own roles only for Resource::* (X-Ray, log delivery), the one machine's executions (redrive), the anchor prefix and the upload and export prefixes", () => {
    const iam5 = acknowledgements(built.app).filter((a) => a.id.includes('IAM5'));
    expect(iam5.length).toBeGreaterThan(0);
    for (const a of iam5) {
      expect(a.id).toMatch(
        /IAM5\[Resource::(\*|arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:lianshen-candidate-review:\*|<AnchorsBucket[0-9A-F]{8}\.Arn>\/anchors\/\*|<UploadsBucket[0-9A-F]{8}\.Arn>\/(uploads|exports)\/\*)\]$/,
      );
    }
  });

  it.each(Object.keys(SYNTH_REGIONS))('%s, with a portal build: no unacknowledged findings', (region) => {
    const dist = mkdtempSync(join(tmpdir(), 'lianshen-dist-'));
    try {
      writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>lianshen</title></head><body></body></html>');
      const withPortal = buildApp({
        policies: builtInPolicies(),
        context: { ...TEST_CONTEXT, ...SYNTH_REGIONS[region], region, 'aws:cdk:bundling-stacks': [], portalDist: dist },
        cfnValidation: false,
      });
      expect(withPortal.stack.node.findAll().some((c) => c.node.id === 'Deploy')).toBe(true);
      const report = withPortal.nag?.validateScope(withPortal.app);
      expect(
        (report?.violations ?? []).map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
      ).toEqual([]);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
