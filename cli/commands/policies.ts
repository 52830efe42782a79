import type { Command } from 'commander';
import { z } from 'zod';
import { EXIT, type CliCommand, type CliContext } from '../context.js';
import { printJson } from '../lib/report.js';
import { renderTable } from '../lib/table.js';

const Options = z.object({ json: z.boolean().optional() });

async function policies(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const options = Options.parse(rawOptions);
  const { builtInPolicies } = await import('../../shared/adapters/files/policy-files.js');
  const summary = builtInPolicies().map((p) => ({
    id: p.id,
    version: p.version,
    name: p.name,
    jurisdiction: p.jurisdiction,
    departments: p.departments.length,
    categories: {
      total: p.categories.length,
      bar: p.categories.filter((c) => c.severity === 'bar').length,
      concern: p.categories.filter((c) => c.severity === 'concern').length,
    },
    personRules: p.personRules.length,
  }));
  if (options.json) {
    printJson(io, summary);
    return EXIT.ok;
  }
  io.stdout(
    renderTable(
      ['编号', '版本', '部门数', '类别（不能/不宜）', '名称'],
      summary.map((s) => [
        s.id,
        s.version,
        String(s.departments),
        `${s.categories.total}（${s.categories.bar}/${s.categories.concern}）`,
        s.name,
      ]),
    ),
  );
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('policies')
      .description('列出内置的联审政策：编号、版本、部门数、类别数')
      .option('--json', '以 JSON 输出')
      .action(async (options: unknown) => {
        context.exitCode = await policies(options, context);
      });
  },
};
