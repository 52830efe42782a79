// Proves the layer rules bite: cruises test/fixtures/layers/ (a miniature repository of deliberate
// violations) with the rules of .dependency-cruiser.cjs and fails unless every file reports exactly
// the rules its `// expect:` comment names. Run by `npm run lint` after the real check.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'layers');
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `// expect: rule-a, rule-b (why)` or `// expect: nothing` on the first line. */
function expectedRules(path) {
  const first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^\/\/ expect: (.+)$/.exec(first);
  if (!match) throw new Error(`${relative(ROOT, path)}: the first line must say "// expect: …"`);
  const text = match[1].replace(/\(.*\)/, '').trim();
  return text === 'nothing' ? [] : text.split(/,\s*/).sort();
}

const files = filesUnder(FIXTURES);
const expected = new Map(files.map((f) => [relative(FIXTURES, f).split('\\').join('/'), expectedRules(f)]));

const { exclude: _exclude, ...options } = config.options;
const result = await cruise([...new Set([...expected.keys()].map((f) => f.split('/')[0]))], {
  ...options,
  tsConfig: undefined,
  baseDir: FIXTURES,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
  outputType: 'json',
});
const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;

const reported = new Map();
for (const v of output.summary.violations) {
  const list = reported.get(v.from) ?? [];
  if (!list.includes(v.rule.name)) list.push(v.rule.name);
  reported.set(v.from, list);
}

const problems = [];
for (const [file, rules] of expected) {
  const got = (reported.get(file) ?? []).sort();
  if (got.join(',') !== rules.join(',')) {
    problems.push(`${file}: expected [${rules.join(', ') || 'nothing'}], dependency-cruiser reported [${got.join(', ') || 'nothing'}]`);
  }
}
for (const file of reported.keys()) {
  if (!expected.has(file)) problems.push(`${file}: reported, but not a fixture`);
}
const ruleNames = new Set(config.forbidden.map((r) => r.name));
const exercised = new Set([...expected.values()].flat());
for (const name of ruleNames) if (!exercised.has(name)) problems.push(`rule ${name} has no fixture that breaks it`);

if (problems.length > 0) {
  process.stderr.write(`layer rules self-check FAILED:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(
  `layer rules self-check: ${ruleNames.size} rules, each caught on its fixture (${output.summary.violations.length} deliberate violations)\n`,
);
