import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';

const ExportOptions = z.object({
  out: z.string().min(1),
  recipient: z.string().min(1),
  dataDir: z.string().optional(),
  force: z.boolean().optional(),
});

const ImportOptions = z.object({
  key: z.string().min(1),
  dataDir: z.string().optional(),
  endpoint: z.string().optional(),
  table: z.string().optional(),
  region: z.string().optional(),
  keysSecretArn: z.string().optional(),
  keyMaterialFile: z.string().optional(),
  anchorBucket: z.string().optional(),
});

function readText(io: CliContext['io'], path: string, what: string): string {
  const full = resolve(io.cwd, path);
  if (!existsSync(full)) throw new CliUsageError(`找不到${what}：${path}`);
  return readFileSync(full, 'utf8');
}

/** Refusals the user can act on: exit 1 with the message; usage problems: exit 2. */
async function guarded(io: CliContext['io'], fn: () => Promise<number>): Promise<number> {
  const { CampaignMoveError } = await import('../lib/campaign-move.js');
  const { ArchiveError } = await import('../lib/archive.js');
  const { SealedFileError } = await import('../lib/sealed.js');
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CampaignMoveError || err instanceof ArchiveError || err instanceof SealedFileError) {
      io.stdout(`✗ ${err.message}\n`);
      return EXIT.invalid;
    }
    throw err;
  }
}

async function keygen(rawOptions: unknown, { io }: CliContext): Promise<number> {
  const { out, force } = z.object({ out: z.string().min(1), force: z.boolean().optional() }).parse(rawOptions);
  const { generateRecipientKeys } = await import('../lib/sealed.js');
  const keys = generateRecipientKeys();
  const privatePath = resolve(io.cwd, out);
  const publicPath = `${privatePath}.pub`;
  for (const p of [privatePath, publicPath])
    if (existsSync(p) && !force) throw new CliUsageError(`文件已存在：${p}（如要覆盖，请加 --force）`);
  writeFileSync(privatePath, keys.privatePem, { mode: 0o600 });
  writeFileSync(publicPath, keys.publicPem, { mode: 0o644 });
  io.stdout(
    `已生成接收方密钥：\n  私钥 ${privatePath}（只留在导入的一方，权限 0600）\n  公钥 ${publicPath}（交给导出的一方）\n  指纹 ${keys.fingerprint}\n`,
  );
  return EXIT.ok;
}

async function exportOne(id: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = ExportOptions.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --out <文件> 和 --recipient <接收方公钥.pem>');
  const options = parsed.data;
  const recipientPem = readText(io, options.recipient, '接收方公钥');
  const { DEFAULT_DATA_DIR } = await import('../../local/stack-info.js');
  const { exportCampaign } = await import('../lib/campaign-move.js');
  return guarded(io, async () => {
    const { out, manifest } = await exportCampaign({
      campaignId: id,
      dataDir: resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR),
      out: resolve(io.cwd, options.out),
      recipientPem,
      overwrite: options.force ?? false,
      log: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(
      [
        `已导出换届工作 ${manifest.campaign.id}（${manifest.campaign.name}）到 ${out}`,
        `  政策 ${manifest.policy.id} ${manifest.policy.version}；${manifest.batches} 个批次，${manifest.candidates} 名候选人，${manifest.items} 项`,
        `  审计链 ${manifest.chains.length} 条，链头摘要 ${manifest.digest}`,
        `  已加密给接收方 ${manifest.recipient.slice(0, 16)}…：只有持有对应私钥的一方能打开`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  });
}

async function importOne(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const parsed = ImportOptions.safeParse(rawOptions);
  if (!parsed.success) throw new CliUsageError('需要 --key <接收方私钥.pem>');
  const options = parsed.data;
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new CliUsageError(`找不到文件：${file}`);
  const privatePem = readText(io, options.key, '私钥');
  const aws = options.table !== undefined || options.endpoint !== undefined || options.region !== undefined;
  if (aws && (options.table === undefined || options.region === undefined))
    throw new CliUsageError('导入到 AWS 需要同时给出 --table 和 --region（可加 --endpoint）');
  if (aws && options.dataDir !== undefined) throw new CliUsageError('--data-dir（本地）与 --table/--region（AWS）只能选一种');
  if (options.anchorBucket !== undefined && !aws) throw new CliUsageError('--anchor-bucket 只用于导入到 AWS（本地导入锚定在数据文件夹中）');
  const { DEFAULT_DATA_DIR } = await import('../../local/stack-info.js');
  const { importCampaign } = await import('../lib/campaign-move.js');
  let anchors: import('../../shared/app/ports.js').AnchorLog | undefined;
  if (options.anchorBucket !== undefined) {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { s3AnchorLog } = await import('../../shared/adapters/anchors/s3.js');
    anchors = s3AnchorLog(new S3Client({ region: options.region }), { bucket: options.anchorBucket });
  }
  return guarded(io, async () => {
    const r = await importCampaign({
      ...(anchors ? { anchors } : {}),
      file: path,
      privatePem,
      target:
        aws && options.table !== undefined && options.region !== undefined
          ? { kind: 'aws', table: options.table, region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) }
          : { kind: 'local', dataDir: resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR) },
      ...(options.keysSecretArn ? { keysSecretArn: options.keysSecretArn } : {}),
      ...(options.keyMaterialFile ? { keyMaterial: readText(io, options.keyMaterialFile, '密钥材料文件') } : {}),
      log: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(
      [
        `已导入换届工作 ${r.manifest.campaign.id}（${r.manifest.campaign.name}）：${r.written} 项`,
        `✓ 审计链 ${r.chains} 条（${r.events} 个事件）写入前后均完整，链头与导出清单一致（摘要 ${r.manifest.digest}）`,
        r.anchored === null ? '  注意：目标没有锚定存储，导入的链头未锚定' : `  导入的链头已锚定（锚定记录 #${r.anchored.seq}）`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  });
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    const campaign = program.command('campaign').description('在服务器之间（或迁移到 AWS）移动一个换届工作及其审计链');
    campaign
      .command('keygen')
      .description('在导入的一方生成接收方密钥对：公钥交给导出方，私钥留下')
      .requiredOption('--out <file>', '私钥文件；公钥写到 <file>.pub')
      .option('--force', '文件已存在时覆盖')
      .action(async (options: unknown) => {
        context.exitCode = await keygen(options, context);
      });
    campaign
      .command('export')
      .description('导出一个已完成联审的换届工作（含全部批次、候选人、答复、结论、研判、任务终态与审计链），加密给接收方公钥')
      .argument('<id>', '换届工作编号')
      .requiredOption('--out <file>', '导出文件')
      .requiredOption('--recipient <file>', '接收方公钥（lianshen campaign keygen 生成的 .pub）')
      .option('--data-dir <dir>', '本地数据文件夹（默认仓库下 .data）')
      .option('--force', '导出文件已存在时覆盖')
      .action(async (id: string, options: unknown) => {
        context.exitCode = await exportOne(id, options, context);
      });
    campaign
      .command('import')
      .description('导入一个换届工作：写入前后各校验一次审计链；目标中已有同编号的换届工作时拒绝')
      .argument('<file>', 'lianshen campaign export 生成的文件')
      .requiredOption('--key <file>', '接收方私钥')
      .option('--data-dir <dir>', '导入到本地数据文件夹（默认仓库下 .data）')
      .option('--table <name>', '导入到 AWS 上的 DynamoDB 表')
      .option('--region <region>', 'AWS 区域，如 ap-east-1、cn-north-1')
      .option('--endpoint <url>', 'DynamoDB 端点（默认按区域）')
      .option('--keys-secret-arn <arn>', 'AWS：ID 号码密钥材料所在的 Secrets Manager 密钥（KEYS_SECRET_ARN）')
      .option('--key-material-file <file>', '或：含 ID 号码密钥材料的文件')
      .option('--anchor-bucket <bucket>', 'AWS：锚定导入链头的 S3 Object Lock 存储桶')
      .addHelpText('after', '\n退出码：0 已导入，1 文件损坏、解密失败、校验失败或换届工作已存在（未导入），2 用法错误\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await importOne(file, options, context);
      });
  },
};
