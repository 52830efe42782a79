import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, type CliCommand, type CliContext } from '../context.js';

// `lianshen users add|list|disable|enable|reset|unlock|sign-out`: the organization department's
// account management from the command line, through the same API as the portal. Against the
// local stack of a data folder (a token signed with the stack's key: on this machine only), or an
// API URL with a token (`--api`, `--token` or LIANSHEN_API_URL / LIANSHEN_TOKEN). A one-time
// password is printed once and never written anywhere else.

const Target = z.object({ dataDir: z.string().optional(), api: z.url().optional(), token: z.string().min(1).optional() });
type Target = z.infer<typeof Target>;

const ACTIONS = {
  disable: '停用账号（其登录立即失效）',
  enable: '启用账号',
  reset: '重置密码（打印新的一次性密码；旧密码和登录立即失效）',
  unlock: '解除连续输错密码后的锁定',
  'sign-out': '让账号退出全部登录',
} as const;

function withTarget(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', '本地环境的数据目录（默认仓库下 .data）')
    .option('--api <url>', 'API 地址（如 https://lianshen.county.gov.cn/api），与 --token 一起用')
    .option('--token <token>', '组织部门账号的访问令牌（或环境变量 LIANSHEN_TOKEN）');
}

function targetOf(raw: unknown): Target {
  const env = { api: process.env['LIANSHEN_API_URL'], token: process.env['LIANSHEN_TOKEN'] };
  const given = typeof raw === 'object' && raw !== null ? raw : {};
  const parsed = Target.safeParse({
    ...(env.api ? { api: env.api } : {}),
    ...(env.token ? { token: env.token } : {}),
    ...given,
  });
  if (!parsed.success) throw new CliUsageError(`参数有误：${parsed.error.issues.map((i) => i.path.join('.')).join('、')}`);
  if (parsed.data.api !== undefined && parsed.data.token === undefined)
    throw new CliUsageError('用 --api 时须同时给出 --token（或 LIANSHEN_TOKEN）');
  return parsed.data;
}

async function run(
  context: CliContext,
  raw: unknown,
  work: (client: import('../lib/users.js').UsersClient) => Promise<number>,
): Promise<void> {
  const { usersClient } = await import('../lib/users.js');
  const target = targetOf(raw);
  const client = await usersClient({ ...target, cwd: context.io.cwd });
  context.exitCode = await work(client);
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    const users = program.command('users').description('账号管理（组织部门）：创建、列出、停用、启用、重置密码、解锁、退出全部登录');

    withTarget(
      users
        .command('add')
        .description('创建账号，打印一次性密码（只显示这一次）')
        .requiredOption('--username <name>', '登录名：3–32 位小写字母、数字、点、下划线或连字符')
        .requiredOption('--name <displayName>', '姓名或单位名称')
        .requiredOption('--phone <mobile>', '11 位手机号码')
        .requiredOption('--role <role>', 'orgdept、township:<乡镇编码> 或 department:<部门编码>'),
    ).action(async (options: { username: string; name: string; phone: string; role: string }) => {
      await run(context, options, (c) =>
        c.add(context.io, { username: options.username, displayName: options.name, phone: options.phone, role: options.role }),
      );
    });

    withTarget(
      users
        .command('list')
        .description('列出账号')
        .option('--role <kind>', 'orgdept、township 或 department')
        .option('--township <code>', '只看某乡镇（街道）的账号')
        .option('--department <code>', '只看某部门的账号')
        .option('--json', '以 JSON 输出'),
    ).action(async (options: { role?: string; township?: string; department?: string; json?: boolean }) => {
      const query = new URLSearchParams();
      for (const k of ['role', 'township', 'department'] as const) {
        const v = options[k];
        if (v !== undefined) query.set(k, v);
      }
      await run(context, options, (c) => c.list(context.io, query, options.json === true));
    });

    for (const [action, description] of Object.entries(ACTIONS)) {
      withTarget(users.command(`${action} <username>`).description(description)).action(async (username: string, options: unknown) => {
        await run(context, options, (c) => c.act(context.io, username, action));
      });
    }
  },
};
