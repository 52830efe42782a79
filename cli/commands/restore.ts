import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';

const Options = z.object({
  dataDir: z.string().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

async function restore(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const options = Options.parse(rawOptions);
  const { existsSync } = await import('node:fs');
  const archive = resolve(io.cwd, file);
  if (!existsSync(archive)) throw new CliUsageError(`找不到文件：${file}`);
  const { ArchiveError, RestoreTargetError, restoreBackup } = await import('../lib/restore.js');
  const { formatCounts } = await import('../lib/backup.js');
  const { DEFAULT_DATA_DIR } = await import('../../local/stack-info.js');
  try {
    const r = await restoreBackup({
      archive,
      dataDir: resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR),
      force: options.force ?? false,
      log: (line) => io.stderr(`${line}\n`),
    });
    const v = r.verification;
    if (options.json) {
      io.stdout(
        `${JSON.stringify({ ok: v.problems.length === 0, dataDir: r.dataDir, replacedTo: r.replacedTo, items: r.items, counts: r.counts, verification: v }, null, 2)}\n`,
      );
      return v.problems.length === 0 ? EXIT.ok : EXIT.invalid;
    }
    const counts = formatCounts(r.counts);
    const lines = [
      `已恢复到 ${r.dataDir}（备份于 ${r.manifest.createdAt}）`,
      ...(r.replacedTo === null ? [] : [`  原数据文件夹已移到 ${r.replacedTo}`]),
      `  DynamoDB ${r.items} 项：${counts}`,
      `  存储：${r.manifest.stores.join('、')}`,
      v.anchors === null ? '  锚定记录：无' : `  锚定记录：${v.anchors.lines} 条，完整（末行哈希 ${v.anchors.head}）`,
    ];
    if (v.problems.length === 0) {
      lines.push(
        `✓ 审计链 ${v.chains} 条（${v.events} 个事件）全部完整${v.anchors === null ? '' : `，其中 ${v.anchoredChains} 条与锚定记录一致`}`,
      );
      io.stdout(`${lines.join('\n')}\n`);
      return EXIT.ok;
    }
    lines.push(`✗ 审计链校验发现 ${v.problems.length} 个问题（数据已按备份原样恢复）：`);
    for (const p of v.problems.slice(0, 50)) lines.push(`  ${p.chain}：${p.message}`);
    if (v.problems.length > 50) lines.push(`  …另有 ${v.problems.length - 50} 个`);
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.invalid;
  } catch (err) {
    if (err instanceof ArchiveError) {
      io.stdout(`✗ ${err.message}\n  未恢复任何内容。\n`);
      return EXIT.invalid;
    }
    if (err instanceof RestoreTargetError) throw new CliUsageError(err.message);
    throw err;
  }
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('restore')
      .description('从备份文件恢复本地服务的数据：先核对清单与每个部分的 SHA-256，恢复后校验全部审计链与锚定记录')
      .argument('<file>', 'lianshen backup 生成的备份文件')
      .option('--data-dir <dir>', '恢复到的数据文件夹（默认仓库下 .data）；须为空或不存在')
      .option('--force', '数据文件夹不是空的时替换它（原内容移到旁边，不删除）')
      .option('--json', '以 JSON 输出结果')
      .addHelpText('after', '\n退出码：0 已恢复且审计链完整，1 备份文件损坏（未恢复）或审计链有问题，2 用法错误或目标文件夹不可用\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await restore(file, options, context);
      });
  },
};
