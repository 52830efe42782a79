#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when node_modules is missing or stale,
// and the Debian packages the tests and the demo use (when running as root with apt-get).
// Runs on whatever Node starts npm (the project itself runs on Node 24 from node_modules).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wants = new Set(process.argv.slice(2)); // e.g. awscli chromium portal

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** npm ci in `dir` when its node_modules is missing or older than its package-lock.json. */
function ensureNpm(dir, label) {
  const lockHash = createHash('sha256')
    .update(readFileSync(join(dir, 'package-lock.json')))
    .digest('hex');
  const stamp = join(dir, 'node_modules', '.lianshen-lock-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash) return;
  console.error(`[setup] installing npm dependencies for ${label} (npm ci)…`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, lockHash);
}

ensureNpm(root, 'lianshen');
if (wants.has('portal')) ensureNpm(join(root, 'portal'), 'the portal');

const apt = [];
const hasJava = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasJava) apt.push('openjdk-17-jre-headless');
if (wants.has('awscli') && !existsSync('/usr/bin/aws')) apt.push('awscli');
if (wants.has('chromium') && !existsSync('/usr/lib/chromium/chromium')) apt.push('chromium');
// Without a CJK font the portal's Chinese renders as boxes in the browser tests' screenshots.
const hasCjkFont = (() => {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
})();
if (wants.has('chromium') && !hasCjkFont) apt.push('fonts-noto-cjk');

if (apt.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`[setup] missing system packages: ${apt.join(' ')}. Install them with: sudo apt-get install -y ${apt.join(' ')}`);
    process.exit(1);
  }
  console.error(`[setup] installing Debian packages: ${apt.join(' ')}…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...apt]);
}
