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
const wants = new Set(process.argv.slice(2)); // e.g. awscli chromium

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.lianshen-lock-hash');
const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.error('[setup] installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
}

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
