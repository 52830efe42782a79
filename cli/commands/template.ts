import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';
import { writeOutputFile } from '../lib/files.js';
import { loadPolicy } from '../lib/policy.js';

const Options = z.object({
  out: z.string(),
  records: z.boolean().optional(),
  units: z.boolean().optional(),
  policy: z.string().optional(),
  force: z.boolean().optional(),
});

async function template(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = Options.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --out <文件.xlsx>');
  const options = parsed.data;
  if (!options.out.toLowerCase().endsWith('.xlsx')) throw new CliUsageError(`模板是 Excel 文件，--out 应以 .xlsx 结尾：${options.out}`);
  if (options.units && (options.records || options.policy !== undefined)) {
    throw new CliUsageError('--units（行政区划名单模板）不能与 --records 或 --policy 同时使用');
  }
  if (options.records && options.policy === undefined) throw new CliUsageError('部门记录模板需要 --policy <政策编号>');
  if (!options.records && options.policy !== undefined) throw new CliUsageError('--policy 只用于部门记录模板，请同时加 --records');

  const { buildBatchTemplate, buildRecordsTemplate, buildUnitsTemplate } = await import('../../shared/adapters/files/template.js');
  let bytes: Uint8Array;
  let what: string;
  if (options.units) {
    bytes = await buildUnitsTemplate();
    what = '行政区划名单模板（乡镇（街道）及所辖村、社区）';
  } else if (options.records && options.policy !== undefined) {
    const policy = await loadPolicy(options.policy);
    bytes = await buildRecordsTemplate(policy);
    what = `部门记录模板（政策 ${policy.id} ${policy.version}）`;
  } else {
    bytes = await buildBatchTemplate();
    what = '候选人名册模板';
  }
  const written = await writeOutputFile(options.out, io.cwd, bytes, options.force ?? false);
  io.stdout(`已生成${what}：${written}\n`);
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('template')
      .description('生成上报模板（xlsx，含表头、下拉选项、示例行和填写说明）')
      .requiredOption('--out <file>', '输出文件，.xlsx')
      .option('--records', '生成部门记录清单模板（需要 --policy），默认生成候选人名册模板')
      .option('--units', '生成换届工作的行政区划名单模板（乡镇(街道)、乡镇代码、村(社区)、类型），供组织部门填写')
      .option('--policy <id>', '部门记录模板所依据的政策编号')
      .option('--force', '输出文件已存在时覆盖')
      .action(async (options: unknown) => {
        context.exitCode = await template(options, context);
      });
  },
};
