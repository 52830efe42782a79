// `npm start` (and `lianshen start`): the local stack (local/main.ts), then
// - on a county's own data (the default): the first organization-department account, created
//   when the stack has no account at all, its one-time password printed here once;
// - in demo mode (`--demo`): the sample campaign, seeded through the API as the people who would
//   do it (cli/lib/seed.ts), and the demo accounts.
//
//   npm start                      persistent, fixed ports (4000 portal/API, 4010 DynamoDB, 4020 SQS, 4030 SFN)
//   npm start -- --listen 0.0.0.0  the portal and API on every address (behind a TLS reverse proxy)
//   npm start -- --demo            demo mode, data in .data/demo
//   npm start -- --data-dir DIR    another data folder
//   npm start -- --department-timeout-seconds 60   unanswered departments go overdue after 60 s
//   npm start -- --demo --no-seed  demo accounts, no sample campaign
import { ensureFirstAccount } from '../../shared/app/accounts/first-account.js';
import { localIdentityAdmin } from '../../shared/adapters/identity/local.js';
import { main, type AfterStart } from '../../local/main.js';
import type { Stack } from '../../local/stack.js';
import { seedSampleCampaign } from './seed.js';

/** The first account's lines for the console: the one-time password, and how to sign in. */
export async function firstAccountLines(stack: Stack): Promise<string[]> {
  const admin = localIdentityAdmin(stack.auth.store, stack.auth.hasher);
  const first = await ensureFirstAccount({ repos: stack.repos, now: () => new Date(), admin });
  const portal = stack.urls.http;
  if (first === undefined) {
    return [
      `账号：用本单位的账号在 ${portal} 登录；组织部门在“账号管理”里管理账号。`,
      '  忘记组织部门账号的密码：npm run lianshen -- users reset <用户名>（在这台机器上）',
      '',
    ];
  }
  return [
    '首次启动：已创建组织部门账号（一次性密码只显示这一次，请记下）',
    `  用户名     ${first.username}`,
    `  一次性密码 ${first.password}`,
    `  在 ${portal} 登录，先设置新密码，再在“账号管理”里为乡镇（街道）和部门创建账号。`,
    '  丢失此密码：npm run lianshen -- users reset orgdept（在这台机器上）',
    '',
  ];
}

const afterStart: AfterStart = async (stack, opts, log) => {
  if (!opts.demo) return { lines: await firstAccountLines(stack) };
  if (!opts.seed) return undefined;
  try {
    const r = await seedSampleCampaign({ baseUrl: stack.urls.http, auth: stack.auth, submitBatch: opts.submitSampleBatch });
    return { seeded: r.campaignId + (r.batchId ? `, batch ${r.batchId}` : '') };
  } catch (err) {
    log(`seeding the sample campaign failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
};

/** Starts the stack, then the first account (or, in demo mode, the sample campaign); runs until SIGINT/SIGTERM. */
export function startWithSample(argv: readonly string[]): Promise<void> {
  return main(argv, afterStart);
}

const entry = process.argv[1] ?? '';
if (/cli[\\/]lib[\\/]start\.[cm]?[jt]s$/.test(entry)) {
  startWithSample(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
