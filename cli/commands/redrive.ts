// lianshen redrive: runs again the candidates' reviews that ended FAILED (the workflow's catch-all
// marked them 处理失败) within Step Functions' 14-day redrive window. The same use case runs hourly
// on AWS (functions/redrive.ts).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';

const Options = z.object({
  campaign: z.string().min(1).optional(),
  days: z.coerce.number().int().min(1).max(14).optional(),
  dataDir: z.string().optional(),
  stateMachineArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+$/)
    .optional(),
  json: z.boolean().optional(),
});

async function redrive(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = Options.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('参数有误：--days 为 1 至 14 的整数；--state-machine-arn 须为状态机 ARN');
  const options = parsed.data;
  const { SFNClient } = await import('@aws-sdk/client-sfn');
  const { sfnRedrives } = await import('../../shared/adapters/sfn/executions.js');
  const { redriveFailed } = await import('../../shared/app/redrive.js');
  let sfn: InstanceType<typeof SFNClient>;
  let stateMachineArn: string;
  if (options.stateMachineArn !== undefined) {
    // AWS: the default credential chain; the Region is the state machine's.
    stateMachineArn = options.stateMachineArn;
    sfn = new SFNClient({ region: stateMachineArn.split(':')[3] ?? '' });
  } else {
    const { DEFAULT_DATA_DIR, findRunningStack } = await import('../../local/stack-info.js');
    const { LOCAL_CREDENTIALS, LOCAL_REGION } = await import('../../local/env.js');
    const dataDir = resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR);
    const stack = findRunningStack(dataDir);
    if (stack === undefined)
      throw new CliUsageError(`本地环境未运行（数据目录 ${dataDir}）：请先 npm start，或用 --state-machine-arn 指向 AWS`);
    stateMachineArn = stack.stateMachineArn;
    sfn = new SFNClient({ endpoint: stack.urls.sfn, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  }
  try {
    const result = await redriveFailed(
      { redrives: sfnRedrives(sfn, stateMachineArn), now: () => new Date(), log: { info: () => undefined, warn: () => undefined } },
      { ...(options.campaign ? { campaignId: options.campaign } : {}), ...(options.days ? { maxAgeDays: options.days } : {}) },
    );
    if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const scope = options.campaign ? `换届 ${options.campaign} ` : '';
      io.stdout(
        result.found === 0
          ? `${scope}近 ${options.days ?? 14} 天内没有处理失败的联审流程\n`
          : `${scope}处理失败的联审流程 ${result.found} 个：已重新驱动 ${result.redriven} 个${result.notRedrivable > 0 ? `，${result.notRedrivable} 个无法重新驱动（已在运行、超过 14 天或已达次数上限）` : ''}\n`,
      );
    }
    return result.notRedrivable > 0 ? EXIT.invalid : EXIT.ok;
  } finally {
    sfn.destroy();
  }
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('redrive')
      .description('重新驱动处理失败（FAILED）的联审流程：14 天内的，从失败的步骤继续，已完成的步骤不再重做')
      .option('--campaign <id>', '只处理这次换届的候选人')
      .option('--days <n>', '只处理最近 n 天内失败的（1–14，默认 14）')
      .option('--data-dir <dir>', '本地服务的数据文件夹（默认仓库下 .data）')
      .option('--state-machine-arn <arn>', 'AWS 上的状态机（使用默认凭证链）；不给则连接运行中的本地服务')
      .option('--json', '以 JSON 输出结果')
      .addHelpText('after', '\nAWS 上另有每小时一次的定时任务做同样的事。\n退出码：0 成功，1 有流程无法重新驱动，2 用法错误\n')
      .action(async (options: unknown) => {
        context.exitCode = await redrive(options, context);
      });
  },
};
