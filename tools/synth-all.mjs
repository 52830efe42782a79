// `npm run synth:all`: synthesizes the stack offline for every Region in infra/synth-regions.json,
// each into cdk.out/regions/<region>, with the context that Region needs. cdk-nag runs in every
// synth, so a finding in any Region fails this script. Runs under the project's Node 24 (npm script).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { regions } = JSON.parse(readFileSync(join(root, 'infra', 'synth-regions.json'), 'utf8'));
const only = process.argv.slice(2);

for (const [region, context] of Object.entries(regions)) {
  if (only.length > 0 && !only.includes(region)) continue;
  const outdir = join('cdk.out', 'regions', region);
  rmSync(join(root, outdir), { recursive: true, force: true });
  const args = ['synth', '--quiet', '--no-notices', '-o', outdir, '-c', `region=${region}`];
  for (const [key, value] of Object.entries(context)) args.push('-c', `${key}=${value}`);
  console.error(`[synth:all] ${region} → ${outdir}`);
  const started = Date.now();
  const run = spawnSync(join(root, 'node_modules', '.bin', 'cdk'), args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) {
    console.error(`[synth:all] ${region} failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
  console.error(`[synth:all] ${region} ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
