import type { Command } from 'commander';
import { EXIT, type CliCommand, type CliContext } from '../context.js';
import { vet } from './vet.js';

/** How long the demo's departments get to answer: ample for every automatic answer on a busy 2-core machine. */
export const DEMO_WAIT_SECONDS = 60;

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('demo')
      .description('用仓库自带的示例名册（昌国街道，24 名候选人，28 个联审部门）在本机完整演示一次资格联审')
      .option('--wait <seconds>', '部门答复时限（秒）', String(DEMO_WAIT_SECONDS))
      .option('--json', '只输出结果 JSON')
      .action(async (options: { wait?: string; json?: boolean }) => {
        const { join } = await import('node:path');
        const { REPO_ROOT } = await import('../../local/stack.js');
        const { SAMPLE_CAMPAIGN } = await import('../../samples/sample-county.js');
        const samples = join(REPO_ROOT, 'samples');
        const dataDir = join(REPO_ROOT, '.data', 'demo');
        const io = context.io;
        if (!options.json) {
          io.stderr(
            [
              '示例：samples/batch.csv（昌国街道 4 个村社区 24 名候选人）、samples/relatives.csv、samples/units.csv（行政区划名单）、samples/records/（28 个部门的记录文件，只有表头的表示“无记录”）。',
              `政策 ${SAMPLE_CAMPAIGN.policyId}，选举日 ${SAMPLE_CAMPAIGN.electionDate}；部门答复时限 ${options.wait ?? DEMO_WAIT_SECONDS} 秒。`,
              '“未完成”的来源：区公安分局的记录里有黄磊的身份证号但姓名为“黄雷”——这是需要人工核对的线索，系统不会自动答复；演示中无人处理，时限一到即记为逾期。',
              '',
            ].join('\n'),
          );
        }
        const code = await vet(
          join(samples, 'batch.csv'),
          {
            policy: SAMPLE_CAMPAIGN.policyId,
            electionDate: SAMPLE_CAMPAIGN.electionDate,
            records: join(samples, 'records'),
            relatives: join(samples, 'relatives.csv'),
            units: join(samples, 'units.csv'),
            wait: options.wait ?? String(DEMO_WAIT_SECONDS),
            json: options.json === true,
            dataDir,
            demo: true,
            out: join(REPO_ROOT, 'out', 'demo'),
          },
          context,
        );
        if (code === EXIT.ok && !options.json) {
          io.stdout(
            [
              '',
              '接下来可以看：',
              '  · 报告文件：out/demo/（反馈名单.xlsx、资格联审结果.xlsx、公示名单.html、vet-result.json）',
              '  · 门户网站：npm start -- --demo（演示模式，数据在 .data/demo），打开 http://127.0.0.1:4000',
              '      orgdept（组织部门）看总览、待研判名单和审计链；dept-public-security 看黄磊的逾期任务；township-changguo 看本乡镇批次',
              '      演示密码 lianshen-demo（演示账号只在演示模式下存在）',
              '  · 用 AWS CLI 直接看本地服务（先 npm start，见 docs/local.md）：/usr/bin/aws dynamodb scan、stepfunctions list-executions',
              '  · 自己的数据：lianshen vet 名册.xlsx --policy dinghai-2017 --election-date YYYY-MM-DD --records 记录文件夹/',
              '',
            ].join('\n'),
          );
        }
        context.exitCode = code;
      });
  },
};
