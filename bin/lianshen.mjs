#!/usr/bin/env node
// Launcher for the `lianshen` bin. Whatever Node started this file (the machine's may be older),
// the CLI itself runs on the project's own Node 24 (node_modules/.bin/node) with tsx loading
// cli/main.ts. Exit code and signals are passed through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(packageRoot, 'cli', 'main.ts');

function fail(message) {
  process.stderr.write(`lianshen: ${message}\n`);
  process.exit(2);
}

/** node_modules/.bin/node in the package or, when installed as a dependency, a parent folder. */
function findNode24() {
  const binary = process.platform === 'win32' ? 'node.exe' : 'node';
  for (let dir = packageRoot; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'node_modules', '.bin', binary), join(dir, 'node_modules', 'node', 'bin', binary)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 24 ? process.execPath : undefined;
}

const node = findNode24();
if (node === undefined) fail(`Node 24 not found (looked for node_modules/.bin/node above ${packageRoot}); run npm install`);

let tsxLoader;
try {
  tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
} catch {
  fail('tsx not found; run npm install');
}

const child = spawn(node, ['--import', tsxLoader, main, ...process.argv.slice(2)], { stdio: 'inherit' });

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of SIGNALS) process.on(signal, forward);

child.on('error', (error) => fail(`cannot start ${node}: ${error.message}`));
child.on('exit', (code, signal) => {
  for (const s of SIGNALS) process.off(s, forward);
  if (signal !== null) {
    // Die of the same signal so our parent sees what happened to the CLI.
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
