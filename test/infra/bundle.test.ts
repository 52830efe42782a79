// The Lambda bundles carry the built-in policies: they are data files esbuild cannot see, so the
// bundling of every function copies policies/ beside index.mjs. A probe bundled with exactly the
// functions' bundling options reads them; without the copy it cannot start.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FUNCTION_BUNDLING, POLICIES_DIR } from '../../infra/constructs/functions.js';
import { REPO_ROOT, repoPath } from '../../infra/paths.js';
import { builtInPolicies } from '../../shared/adapters/files/policy-files.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Bundles the probe as CDK does for real (esbuild and the command hooks) and returns its asset folder. */
function bundleProbe(bundling: BundlingOptions): string {
  const outdir = mkdtempSync(join(tmpdir(), 'lianshen-bundle-'));
  dirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['**'] } });
  const stack = new Stack(app, 'Probe', { env: { region: 'ap-east-1' } });
  new NodejsFunction(stack, 'Probe', {
    entry: repoPath('test/infra/fixtures/policies-probe.ts'),
    handler: 'handler',
    runtime: Runtime.NODEJS_24_X,
    projectRoot: REPO_ROOT,
    depsLockFilePath: repoPath('package-lock.json'),
    bundling,
  });
  app.synth();
  const asset = readdirSync(outdir).find((f) => f.startsWith('asset.') && existsSync(join(outdir, f, 'index.mjs')));
  if (asset === undefined) throw new Error(`no bundled asset in ${outdir}`);
  return join(outdir, asset);
}

const Probe = z.object({ handler: z.function() });

async function runProbe(asset: string): Promise<unknown> {
  const mod = Probe.parse(await import(pathToFileURL(join(asset, 'index.mjs')).href));
  return mod.handler();
}

describe('Lambda bundles', () => {
  it('carry policies/*.yaml beside index.mjs, and the bundled code reads them', { timeout: 120_000 }, async () => {
    const asset = bundleProbe(FUNCTION_BUNDLING);
    expect(readdirSync(join(asset, POLICIES_DIR)).sort()).toEqual(readdirSync(repoPath(POLICIES_DIR)).sort());
    expect(await runProbe(asset)).toEqual(builtInPolicies().map((p) => `${p.id}@${p.version}`));
  });

  it('cannot start without the copy (so the hook is what makes it work)', { timeout: 120_000 }, async () => {
    const { commandHooks: _hooks, ...withoutHooks } = FUNCTION_BUNDLING;
    const asset = bundleProbe(withoutHooks);
    expect(existsSync(join(asset, POLICIES_DIR))).toBe(false);
    await expect(runProbe(asset)).rejects.toThrow(/built-in policies folder is missing/);
  });
});
