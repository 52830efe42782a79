import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';
import { readInputFile } from '../lib/files.js';
import { loadPolicy } from '../lib/policy.js';
import { countBy, jsonReport, printErrorTable, printJson } from '../lib/report.js';
import { renderTable } from '../lib/table.js';

const Options = z.object({
  policy: z.string(),
  json: z.boolean().optional(),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

async function validateRecords(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsedOptions = Options.safeParse(rawOptions);
  if (!parsedOptions.success) throw new CliUsageError('需要 --policy <政策编号>；--today 应为 YYYY-MM-DD');
  const options = parsedOptions.data;
  const policy = await loadPolicy(options.policy);
  const input = await readInputFile(file, io.cwd);
  const { parseRecords } = await import('../../shared/adapters/files/uploads.js');
  const result = await parseRecords(
    { bytes: input.bytes, filename: input.filename, ...(options.today ? { today: options.today } : {}) },
    policy,
  );

  if (options.json) {
    printJson(io, jsonReport(result.ok ? [] : result.errors));
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (!result.ok) {
    printErrorTable(io, input.filename, result.errors);
    return EXIT.invalid;
  }
  const rows = result.rows;
  io.stdout(`✓ ${input.filename} 校验通过（政策 ${policy.id} ${policy.version}）：${rows.length} 条记录。\n\n`);
  io.stdout('按部门：\n');
  io.stdout(
    renderTable(
      ['部门', '记录数'],
      countBy(rows, (r) => r.department).map(([d, n]) => [d, String(n)]),
    ),
  );
  io.stdout('\n按记录类别：\n');
  io.stdout(
    renderTable(
      ['记录类别', '记录数'],
      countBy(rows, (r) => r.category).map(([c, n]) => [c, String(n)]),
    ),
  );
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('validate-records')
      .description('校验部门上报的记录清单（xlsx 或 CSV）')
      .argument('<file>', '部门记录清单：.xlsx 或 .csv')
      .requiredOption('--policy <id>', '按哪一套政策校验部门名称和记录类别（见 lianshen policies）')
      .option('--json', '以 JSON 输出 { valid, errors: [{ row, column, value, code, message }] }')
      .option('--today <date>', '按此日期（YYYY-MM-DD）判断日期是否在未来，默认今天')
      .addHelpText('after', '\n退出码：0 通过，1 未通过，2 用法错误或文件无法读取\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await validateRecords(file, options, context);
      });
  },
};
