// DynamoDB Local: AWS's own emulator jar, taken from the amplify-dynamodb-simulator npm tarball
// (only its package/emulator folder; the package itself is never installed — it would pull in
// the whole Amplify CLI). It runs as a JVM child process behind a tiny shell watchdog so the JVM
// also dies when this Node process is killed with SIGKILL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEYS } from '../shared/adapters/table-schema.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './env.js';

export const EMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const MIN_JAVA = 17;

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

/** Major Java version on PATH, or null when `java` is missing. */
export function javaMajorVersion(): number | null {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  // `java -version` prints to stderr: openjdk version "17.0.15" 2025-04-15 (or "1.8.0_392").
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m?.[1]) return null;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}

export function assertJava(): void {
  const v = javaMajorVersion();
  if (v !== null && v >= MIN_JAVA) return;
  const found = v === null ? 'no `java` on PATH' : `Java ${v}`;
  throw new LocalStackError(
    `DynamoDB Local needs Java ${MIN_JAVA}+ (found ${found}).\n` +
      `Install it, e.g. on Debian/Ubuntu:  apt-get install -y openjdk-17-jre-headless\n` +
      `(macOS: brew install openjdk@17), then run the command again.`,
  );
}

/**
 * Makes sure `<cacheDir>/dynamodb-local/emulator/DynamoDBLocal.jar` exists, fetching the npm
 * tarball with `npm pack` on first use. Returns the emulator folder.
 */
export function ensureEmulator(cacheDir: string): string {
  const root = join(cacheDir, 'dynamodb-local');
  const emulator = join(root, 'emulator');
  if (existsSync(join(emulator, 'DynamoDBLocal.jar'))) return emulator;
  mkdirSync(root, { recursive: true });
  const work = join(root, `fetch-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const pack = spawnSync('npm', ['pack', EMULATOR_PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) {
      throw new LocalStackError(
        `Could not fetch DynamoDB Local (npm pack ${EMULATOR_PACKAGE}) — is the npm registry reachable?\n${pack.stderr ?? ''}`,
      );
    }
    // Only the emulator folder: the rest of the package is Amplify's JavaScript wrapper.
    const tar = spawnSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/emulator'], {
      encoding: 'utf8',
    });
    if (tar.status !== 0 || !existsSync(join(work, 'package', 'emulator', 'DynamoDBLocal.jar'))) {
      throw new LocalStackError(`Could not extract package/emulator from ${tarball}: ${tar.stderr}`);
    }
    // Several processes (parallel test files) may fetch at once: the rename is atomic, and the
    // first one to land wins; a folder without the jar can only be a leftover and is replaced.
    if (existsSync(emulator) && !existsSync(join(emulator, 'DynamoDBLocal.jar'))) rmSync(emulator, { recursive: true, force: true });
    try {
      renameSync(join(work, 'package', 'emulator'), emulator);
    } catch (err) {
      if (!existsSync(join(emulator, 'DynamoDBLocal.jar'))) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return emulator;
}

export interface DynamoDbLocalOptions {
  port: number;
  cacheDir: string;
  /** Folder for the database file; omitted = -inMemory. */
  dbPath?: string;
  /** Bound on the wait for the first successful ListTables. */
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Process id of the JVM's watchdog shell. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * JVM options for DynamoDB Local from LIANSHEN_DYNAMODB_JAVA_OPTS (space-separated), e.g.
 * `-XX:+UseSerialGC -Xmx512m` to bound its heap; none by default (the JVM's own: a quarter of RAM).
 */
function javaOptions(): string[] {
  return (process.env['LIANSHEN_DYNAMODB_JAVA_OPTS'] ?? '').split(/\s+/).filter((o) => /^-X|^-D/.test(o));
}

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  assertJava();
  const emulator = resolve(ensureEmulator(opts.cacheDir));
  const args = [
    ...javaOptions(),
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (opts.dbPath) {
    mkdirSync(opts.dbPath, { recursive: true });
    args.push('-dbPath', resolve(opts.dbPath));
  } else {
    args.push('-inMemory');
  }
  // Watchdog: the reader loop ends when our end of stdin closes — on stop() or when this process
  // dies in any way, SIGKILL included — and then kills the JVM. The shell itself exits with the JVM.
  const script =
    'exec 3<&0; java "$@" </dev/null 3<&- & j=$!; (while read -r _; do :; done; kill $j 2>/dev/null) <&3 & w=$!; ' +
    'wait $j; s=$?; kill $w 2>/dev/null; exit $s';
  const child = spawn('sh', ['-c', script, 'dynamodb-local', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: emulator,
  });
  let output = '';
  const collect = (b: Buffer) => {
    if (output.length < 8000) output += b.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
  });

  const endpoint = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (exited !== undefined) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited !== undefined) {
        throw new LocalStackError(`DynamoDB Local exited during startup (code ${exited}).\n${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (err) {
        // Connection refused while the JVM boots is expected; anything else means a broken setup
        // (e.g. credentials DynamoDB Local rejects) and retrying would only hang.
        if (!isConnectionError(err)) throw err;
      }
      if (Date.now() > deadline) {
        throw new LocalStackError(
          `DynamoDB Local did not answer on ${endpoint} within ${Math.round((opts.readyTimeoutMs ?? 60_000) / 1000)} s.\n${output.trim()}`,
        );
      }
      await sleep(200);
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }
  return { endpoint, port: opts.port, pid: child.pid, stop };
}

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err ? String(err.code) : '';
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET'].includes(code) || err.name === 'TimeoutError';
}

/** Creates the single table with the shared key schema; a table that already exists is kept. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attrs = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const g of TABLE_KEYS.globalIndexes) {
    attrs.add(g.partitionKey);
    attrs.add(g.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attrs].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_KEYS.globalIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            g.projection.type === 'ALL'
              ? { ProjectionType: 'ALL' }
              : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...g.projection.attributes] },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (described.Table?.TableStatus !== 'ACTIVE') {
    throw new LocalStackError(`Table ${tableName} is ${described.Table?.TableStatus ?? 'missing'}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
