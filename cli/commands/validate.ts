import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';
import { readInputFile } from '../lib/files.js';
import { countBy, jsonReport, printErrorTable, printJson } from '../lib/report.js';
import { renderTable } from '../lib/table.js';

const Options = z.object({
  relatives: z.string().optional(),
  json: z.boolean().optional(),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--today 应为 YYYY-MM-DD')
    .optional(),
});

async function validate(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsedOptions = Options.safeParse(rawOptions);
  if (!parsedOptions.success) throw new CliUsageError(parsedOptions.error.issues.map((i) => i.message).join('；'));
  const options = parsedOptions.data;
  const candidates = await readInputFile(file, io.cwd);
  const relatives = options.relatives === undefined ? undefined : await readInputFile(options.relatives, io.cwd);
  const { parseBatch } = await import('../../shared/adapters/files/uploads.js');
  const result = await parseBatch({
    candidates: { bytes: candidates.bytes, filename: candidates.filename },
    ...(relatives ? { relatives: { bytes: relatives.bytes, filename: relatives.filename } } : {}),
    ...(options.today ? { today: options.today } : {}),
  });

  if (options.json) {
    printJson(io, jsonReport(result.ok ? [] : result.errors));
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (!result.ok) {
    printErrorTable(io, candidates.filename, result.errors);
    return EXIT.invalid;
  }
  const rows = result.candidates;
  io.stdout(`✓ ${candidates.filename} 校验通过：${rows.length} 名候选人，${result.relatives.length} 条近亲属记录。\n\n`);
  io.stdout('按村(社区)：\n');
  io.stdout(
    renderTable(
      ['乡镇(街道)', '村(社区)', '人数'],
      countBy(rows, (r) => `${r.township}\u0000${r.village}`).map(([k, n]) => [...k.split('\u0000'), String(n)]),
    ),
  );
  io.stdout('\n按拟任职务：\n');
  io.stdout(
    renderTable(
      ['拟任职务', '人数'],
      countBy(rows, (r) => r.post).map(([post, n]) => [post, String(n)]),
    ),
  );
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('validate')
      .description('校验乡镇上报的候选人名册（xlsx，或 UTF-8/GBK 的 CSV）')
      .argument('<file>', '候选人名册：.xlsx（可含“近亲属”工作表）或 .csv')
      .option('--relatives <file>', '近亲属表（CSV 或 xlsx），名册里没有“近亲属”工作表时使用')
      .option('--json', '以 JSON 输出 { valid, errors: [{ row, column, value, code, message }] }')
      .option('--today <date>', '按此日期（YYYY-MM-DD）判断出生日期是否在未来，默认今天')
      .addHelpText('after', '\n退出码：0 通过，1 未通过，2 用法错误或文件无法读取\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await validate(file, options, context);
      });
  },
};
