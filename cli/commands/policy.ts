// `lianshen policy template|validate|export`: the policy a county writes, as an Excel workbook (or
// YAML/JSON), checked offline with the same reader the upload uses.
import type { Command } from 'commander';
import { z } from 'zod';
import type { ImportError } from '../../shared/domain/import/errors.js';
import type { Policy } from '../../shared/domain/model.js';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';
import { readInputFile, writeOutputFile } from '../lib/files.js';
import { printErrorTable, printJson } from '../lib/report.js';

/** The --json shape of `policy validate`, exactly. */
export interface PolicyJsonReport {
  valid: boolean;
  errors: Array<{ sheet: string; row: number; column: string; code: string; message: string }>;
}

export function policyJsonReport(filename: string, errors: readonly ImportError[]): PolicyJsonReport {
  return {
    valid: errors.length === 0,
    errors: errors.map((e) => ({ sheet: e.sheet ?? filename, row: e.row, column: e.column, code: e.code, message: e.message })),
  };
}

const POLICY_FILE = /\.(xlsx|xlsm|yaml|yml|json)$/i;

async function readPolicy(file: string, cwd: string) {
  if (!POLICY_FILE.test(file)) throw new CliUsageError(`政策文件应为 .xlsx、.yaml 或 .json：${file}`);
  const input = await readInputFile(file, cwd);
  const { readPolicyFile } = await import('../../shared/adapters/files/policy-files.js');
  return { input, result: await readPolicyFile({ bytes: input.bytes, filename: input.filename }) };
}

const Out = z.object({ out: z.string(), force: z.boolean().optional() });

async function template(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = Out.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --out <文件.xlsx>');
  if (!parsed.data.out.toLowerCase().endsWith('.xlsx'))
    throw new CliUsageError(`模板是 Excel 文件，--out 应以 .xlsx 结尾：${parsed.data.out}`);
  const { buildPolicyTemplate } = await import('../../shared/adapters/files/policy-workbook.js');
  const written = await writeOutputFile(parsed.data.out, io.cwd, await buildPolicyTemplate(), parsed.data.force ?? false);
  io.stdout(`已生成政策（负面清单）模板：${written}\n按“填写说明”工作表填写后，用 lianshen policy validate ${parsed.data.out} 检查。\n`);
  return EXIT.ok;
}

async function validate(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const options = z.object({ json: z.boolean().optional() }).parse(rawOptions);
  const { input, result } = await readPolicy(file, io.cwd);
  if (options.json) {
    printJson(io, policyJsonReport(input.filename, result.ok ? [] : result.errors));
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (!result.ok) {
    printErrorTable(io, input.filename, result.errors);
    return EXIT.invalid;
  }
  const p = result.policy;
  const count = (severity: string) => p.categories.filter((c) => c.severity === severity).length;
  io.stdout(
    `✓ ${input.filename} 校验通过：政策 ${p.id} 版本 ${p.version}（${p.document.title}）\n` +
      `  ${p.departments.length} 个部门，负面清单 ${p.categories.length} 类（不得提名 ${count('bar')}，需研判 ${count('concern')}，提示 ${count('notice')}），` +
      `人选条件 ${p.personRules.length} 条，回避规则 ${p.avoidance.length} 条\n`,
  );
  return EXIT.ok;
}

async function exportPolicy(source: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = Out.extend({ policyVersion: z.string().optional() }).safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --out <文件.xlsx|.yaml|.json>');
  const { out, force, policyVersion: version } = parsed.data;
  let policy: Policy;
  if (POLICY_FILE.test(source)) {
    const { input, result } = await readPolicy(source, io.cwd);
    if (!result.ok) {
      printErrorTable(io, input.filename, result.errors);
      return EXIT.invalid;
    }
    policy = result.policy;
  } else {
    const { builtInPolicies } = await import('../../shared/adapters/files/policy-files.js');
    const found = builtInPolicies().find((p) => p.id === source && (version === undefined || p.version === version));
    if (found === undefined) {
      throw new CliUsageError(
        `没有内置政策 ${source}${version === undefined ? '' : ` ${version}`}。可用的有：${builtInPolicies()
          .map((p) => `${p.id} ${p.version}`)
          .join('、')}`,
      );
    }
    policy = found;
  }
  let bytes: Uint8Array;
  if (/\.xlsx$/i.test(out)) {
    const { policyWorkbook } = await import('../../shared/adapters/files/policy-workbook.js');
    bytes = await policyWorkbook(policy);
  } else if (/\.ya?ml$/i.test(out)) {
    const { stringify } = await import('yaml');
    bytes = new TextEncoder().encode(
      `# yaml-language-server: $schema=https://lianshen.invalid/policy.schema.json\n${stringify(policy, { lineWidth: 0 })}`,
    );
  } else if (/\.json$/i.test(out)) {
    bytes = new TextEncoder().encode(`${JSON.stringify(policy, null, 2)}\n`);
  } else {
    throw new CliUsageError(`--out 应以 .xlsx、.yaml 或 .json 结尾：${out}`);
  }
  const written = await writeOutputFile(out, io.cwd, bytes, force ?? false);
  io.stdout(`已导出政策 ${policy.id} 版本 ${policy.version}：${written}\n`);
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    const policy = program.command('policy').description('联审政策（负面清单）：生成模板、校验、导出');
    policy
      .command('template')
      .description('生成政策（负面清单）填写模板：政策、部门、负面清单、人选条件、回避、班子结构，含下拉选项、示例和填写说明')
      .requiredOption('--out <file>', '输出文件，.xlsx（如 负面清单模板.xlsx）')
      .option('--force', '输出文件已存在时覆盖')
      .action(async (options: unknown) => {
        context.exitCode = await template(options, context);
      });
    policy
      .command('validate')
      .description('校验一份政策：Excel 工作簿（.xlsx）、.yaml 或 .json，错误指明工作表、行和列')
      .argument('<file>', '政策文件')
      .option('--json', '以 JSON 输出 { valid, errors: [{ sheet, row, column, code, message }] }')
      .addHelpText('after', '\n退出码：0 通过，1 未通过，2 用法错误或文件无法读取\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await validate(file, options, context);
      });
    policy
      .command('export')
      .description('把内置政策（编号）或一份政策文件导出为 Excel 工作簿、YAML 或 JSON')
      .argument('<policy>', '内置政策编号（如 dinghai-2017），或 .xlsx/.yaml/.json 文件')
      .requiredOption('--out <file>', '输出文件：.xlsx、.yaml 或 .json')
      .option('--policy-version <version>', '内置政策的版本（默认唯一的那个）')
      .option('--force', '输出文件已存在时覆盖')
      .action(async (source: string, options: unknown) => {
        context.exitCode = await exportPolicy(source, options, context);
      });
  },
};
