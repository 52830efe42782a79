import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';

const Options = z.object({
  out: z.string().min(1),
  dataDir: z.string().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

async function backup(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = Options.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --out <备份文件.tar.gz>');
  const options = parsed.data;
  const { BackupError, createBackup, formatCounts } = await import('../lib/backup.js');
  const { DEFAULT_DATA_DIR } = await import('../../local/stack-info.js');
  try {
    const { out, manifest } = await createBackup({
      dataDir: resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR),
      out: resolve(io.cwd, options.out),
      overwrite: options.force ?? false,
      log: (line) => io.stderr(`${line}\n`),
    });
    if (options.json) {
      io.stdout(`${JSON.stringify({ out, manifest }, null, 2)}\n`);
      return EXIT.ok;
    }
    const counts = formatCounts(manifest.counts);
    io.stdout(
      [
        `已备份到 ${out}`,
        `  ${manifest.source.running ? `取自运行中的本地服务（暂停 ${((manifest.source.pausedMs ?? 0) / 1000).toFixed(1)} 秒）` : '取自已停止的本地服务'}`,
        `  DynamoDB ${manifest.table.items} 项：${counts}`,
        `  存储：${manifest.stores.join('、')}；文件 ${manifest.parts.filter((p) => p.path.startsWith('files/')).length} 个`,
        `  锚定记录：${manifest.anchors === null ? '无' : `${manifest.anchors.lines} 条，末行哈希 ${manifest.anchors.head}`}`,
        '  备份含 ID 号码的密钥材料与加密数据，请像数据文件夹本身一样保管（文件权限 0600）。',
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof BackupError) throw new CliUsageError(err.message);
    throw err;
  }
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('backup')
      .description('备份本地服务的全部数据（DynamoDB、Step Functions、SQS、账号与密钥文件、锚定记录）到一个文件；运行中也可备份')
      .requiredOption('--out <file>', '备份文件（.tar.gz）')
      .option('--data-dir <dir>', '数据文件夹（默认仓库下 .data）')
      .option('--force', '备份文件已存在时覆盖')
      .option('--json', '以 JSON 输出清单')
      .addHelpText('after', '\n运行中的本地服务会暂停写入数秒以取得一致的快照，随后自动恢复。\n退出码：0 成功，2 用法错误或无法写入\n')
      .action(async (options: unknown) => {
        context.exitCode = await backup(options, context);
      });
  },
};
