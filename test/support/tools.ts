// Tests that need a tool of the machine (Java 17 for DynamoDB Local, the Debian AWS CLI). Under CI
// (the CI variable set, as .ci/run does) a missing tool fails the test file at once: CI must run
// these tests, never pass by skipping them. On a developer machine the suite is skipped instead,
// and the reason says how to install the tool.
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * True when the suite should be skipped (tool missing, not under CI); throws under CI when the
 * tool is missing. Use as `describe.skipIf(missingTool(...))(…)`.
 */
export function missingTool(
  what: string,
  available: boolean,
  install: string,
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): boolean {
  if (available) return false;
  if (isCi(env)) throw new Error(`${what} is required under CI but is not available (${install})`);
  say(`skipping: ${what} is not available (${install})`);
  return true;
}
