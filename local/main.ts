// The local stack as a process: starts it (persistent under .data/ by default), prints the URLs,
// and stops everything on SIGINT/SIGTERM. `npm start` runs it through cli/lib/start.ts, which
// creates the first organization-department account (or, in demo mode, seeds the sample campaign
// through the API) once the stack is up; run directly (as local/spawn.ts does for `lianshen vet`
// and the crash-recovery test) it creates no account and seeds nothing.
//
//   --demo                             demo mode: the demo accounts (password lianshen-demo), data in .data/demo
//   --listen ADDRESS                   where the portal and API listen (default 127.0.0.1)
//   --trust-proxy                      the sign-in's client address from X-Forwarded-For (behind a reverse proxy)
//   --port 0 --dynamodb-port 0 ...     any free ports (default 4000 portal/API, 4010 DynamoDB, 4020 SQS, 4030 SFN)
//   --data-dir DIR                     another data folder
//   --department-timeout-seconds 60    unanswered departments go overdue after 60 s
//   --no-seed, --no-sample-batch       demo mode: read by the seeding hook (cli/lib/start.ts)
import { isIP } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_CAMPAIGN } from '../samples/sample-county.js';
import { DEFAULT_DATA_DIR, startStack, type Stack, type StackPorts } from './stack.js';
import { demoPassword, demoUserSeeds, HIGHLIGHTED_USERS } from './users.js';

export interface MainOptions {
  dataDir: string;
  memory: boolean;
  demo: boolean;
  listen: string;
  trustProxy: boolean;
  seed: boolean;
  submitSampleBatch: boolean;
  departmentTimeoutSeconds?: number;
  visibilityTimeoutSeconds?: number;
  ports: Partial<StackPorts>;
  quiet: boolean;
}

export function parseMainArgs(argv: readonly string[]): MainOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      memory: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      listen: { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      'no-sample-batch': { type: 'boolean', default: false },
      'department-timeout-seconds': { type: 'string' },
      'visibility-timeout-seconds': { type: 'string' },
      port: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'sqs-port': { type: 'string' },
      'sfn-port': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const timeout = values['department-timeout-seconds'];
  const positive = (s: string, what: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} must be a positive whole number`);
    return n;
  };
  const port = (s: string | undefined, what: string) => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what} must be a port number (0 = any free port)`);
    return n;
  };
  const ports: Partial<StackPorts> = {};
  const http = port(values.port, '--port');
  const dynamodb = port(values['dynamodb-port'], '--dynamodb-port');
  const sqs = port(values['sqs-port'], '--sqs-port');
  const sfn = port(values['sfn-port'], '--sfn-port');
  if (http !== undefined) ports.http = http;
  if (dynamodb !== undefined) ports.dynamodb = dynamodb;
  if (sqs !== undefined) ports.sqs = sqs;
  if (sfn !== undefined) ports.sfn = sfn;
  const demo = values.demo ?? false;
  const listen = values.listen ?? '127.0.0.1';
  if (isIP(listen) === 0 && !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(listen)) {
    throw new Error('--listen must be an IP address (e.g. 0.0.0.0, 192.168.1.10) or a host name');
  }
  return {
    // Demo data never mixes with a county's own: demo mode keeps its own folder.
    dataDir: values['data-dir'] ?? (demo ? join(DEFAULT_DATA_DIR, 'demo') : DEFAULT_DATA_DIR),
    memory: values.memory ?? false,
    demo,
    listen,
    trustProxy: values['trust-proxy'] ?? false,
    seed: !(values['no-seed'] ?? false),
    submitSampleBatch: !(values['no-sample-batch'] ?? false),
    ...(timeout !== undefined ? { departmentTimeoutSeconds: positive(timeout, '--department-timeout-seconds') } : {}),
    ...(values['visibility-timeout-seconds'] !== undefined
      ? { visibilityTimeoutSeconds: positive(values['visibility-timeout-seconds'], '--visibility-timeout-seconds') }
      : {}),
    ports,
    quiet: values.quiet ?? false,
  };
}

export function banner(stack: Stack, opts: { seeded?: string; lines?: readonly string[] }): string {
  const lines = [
    '',
    `lianshen local stack is running${stack.demo ? ' (demo mode)' : ''}`,
    `  portal + sign-in   ${stack.urls.http}`,
    `  API                ${stack.urls.api}`,
    `  DynamoDB Local     ${stack.urls.dynamodb}   (table lianshen)`,
    `  SQS (fauxqs)       ${stack.urls.sqs}`,
    `  Step Functions     ${stack.urls.sfn}   (${stack.sfn.stateMachineArn})`,
    `  data               ${stack.dataDir ?? '(in memory)'}`,
    ...(opts.seeded ? [`  sample campaign    ${opts.seeded} (policy ${SAMPLE_CAMPAIGN.policyId})`] : []),
    '',
    ...(stack.demo ? demoLogins() : []),
    ...(opts.lines ?? []),
    'AWS CLI (Debian awscli):',
    `  /usr/bin/aws dynamodb scan --table-name lianshen --endpoint-url ${stack.urls.dynamodb} --region us-east-1`,
    `  /usr/bin/aws stepfunctions list-executions --state-machine-arn ${stack.sfn.stateMachineArn} --endpoint-url ${stack.urls.sfn} --region us-east-1`,
    '  (credentials: any letters-only pair, e.g. AWS_ACCESS_KEY_ID=lianshenlocal AWS_SECRET_ACCESS_KEY=lianshenlocal)',
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}

function demoLogins(): string[] {
  const seeds = demoUserSeeds();
  return [
    `Demo logins (password: ${demoPassword()}; demo mode only):`,
    ...HIGHLIGHTED_USERS.map((u) => {
      const s = seeds.find((x) => x.username === u);
      return `  ${u.padEnd(26)} ${s ? `${s.displayName}  [${s.groups.join(', ')}]` : ''}`;
    }),
    `  dept-<code>                every department, e.g. dept-health (${seeds.filter((s) => s.username.startsWith('dept-')).length} accounts)`,
    '',
  ];
}

/** Runs after the stack is up (the first account, the demo seed); returns what the banner adds. */
export type AfterStart = (
  stack: Stack,
  opts: MainOptions,
  log: (line: string) => void,
) => Promise<{ seeded?: string; lines?: readonly string[] } | undefined>;

export async function main(argv: readonly string[], afterStart?: AfterStart): Promise<void> {
  const opts = parseMainArgs(argv);
  const log = opts.quiet ? () => undefined : (line: string) => void process.stderr.write(`${line}\n`);
  const stack = await startStack({
    mode: opts.memory ? 'memory' : 'persistent',
    ...(opts.memory ? {} : { dataDir: opts.dataDir }),
    ports: opts.ports,
    demo: opts.demo,
    listen: opts.listen,
    trustProxy: opts.trustProxy,
    ...(opts.departmentTimeoutSeconds !== undefined ? { departmentTimeoutSeconds: opts.departmentTimeoutSeconds } : {}),
    ...(opts.visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds } : {}),
    log,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the local stack…`);
    stack
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const added = afterStart === undefined ? undefined : await afterStart(stack, opts, log);
  process.stdout.write(banner(stack, added ?? {}));
}

const entry = process.argv[1] ?? '';
if (/local[\\/]main\.[cm]?[jt]s$/.test(entry)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
