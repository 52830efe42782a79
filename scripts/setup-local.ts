// `npm run setup:local`: prepares this machine for the local stack without starting it —
// checks Java 17+ (DynamoDB Local is a Java program) and fetches AWS's DynamoDB Local jar from the
// amplify-dynamodb-simulator npm tarball into .cache/ (only its package/emulator folder).
import { assertJava, EMULATOR_PACKAGE, ensureEmulator, javaMajorVersion, LocalStackError } from '../local/dynamodb.js';
import { DEFAULT_CACHE_DIR } from '../local/stack.js';

try {
  assertJava();
  process.stdout.write(`Java ${javaMajorVersion()} found.\n`);
  const dir = ensureEmulator(DEFAULT_CACHE_DIR);
  process.stdout.write(`DynamoDB Local (from ${EMULATOR_PACKAGE}) is in ${dir}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof LocalStackError ? err.message : String(err)}\n`);
  process.exit(1);
}
