import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { anchorLines, verifyAnchorLog, verifyChainWithAnchors } from '../../shared/domain/audit/anchors.js';
import { verifyTrail, type TrailResult } from '../../shared/domain/audit/answers.js';
import type { ChainAnchor, ChainProblem } from '../../shared/domain/audit/chain.js';
import { CliUsageError, EXIT, type CliCommand, type CliContext } from '../context.js';
import { readInputFile } from '../lib/files.js';
import { printJson } from '../lib/report.js';

const Hash = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, '链头哈希应为 64 位十六进制'));

const Options = z.object({
  head: z.string().optional(),
  count: z.string().optional(),
  anchors: z.string().optional(),
  dataDir: z.string().optional(),
  json: z.boolean().optional(),
});

/** The data folder's anchor file (shared/adapters/anchors/file.ts writes it). */
const ANCHOR_FILE = 'anchors.jsonl';
const ChainOf = z.array(z.object({ candidateId: z.string() }).loose()).min(1);

/**
 * AUDIT.json: a bare array of events, or `{ events, answers?, head?, count? }` (the API's audit
 * trail is one) with the departments' answer events and the anchor alongside.
 */
const AuditFile = z.union([
  z.array(z.unknown()).transform((events) => ({ events, answers: [], head: undefined, count: undefined })),
  z.object({
    events: z.array(z.unknown()),
    answers: z.array(z.unknown()).default([]),
    head: Hash.optional(),
    count: z.number().int().nonnegative().optional(),
  }),
]);

const PROBLEM_LABEL: Record<ChainProblem, string> = {
  altered: '被篡改',
  removed: '有事件被删除',
  reordered: '顺序被调换',
  malformed: '格式不正确',
};

async function verify(file: string, rawOptions: unknown, { io }: CliContext): Promise<number> {
  const options = Options.parse(rawOptions);
  const cliHead = options.head === undefined ? undefined : Hash.safeParse(options.head);
  if (cliHead && !cliHead.success) throw new CliUsageError(`--head 应为 64 位十六进制的链头哈希：${options.head}`);
  const cliCount = options.count === undefined ? undefined : Number(options.count);
  if (cliCount !== undefined && !(Number.isInteger(cliCount) && cliCount >= 0)) {
    throw new CliUsageError(`--count 应为非负整数：${options.count}`);
  }

  const input = await readInputFile(file, io.cwd);
  const fail = (message: string) => {
    if (options.json) printJson(io, { ok: false, index: null, seq: null, problem: 'malformed', message });
    else io.stdout(`✗ ${input.filename}：${message}\n`);
    return EXIT.invalid;
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
  } catch {
    return fail('文件不是 UTF-8 文本，已损坏或被改动');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`文件不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）`);
  }
  const parsed = AuditFile.safeParse(json);
  if (!parsed.success) return fail('文件应为审计事件数组，或 { "events": [...], "head": "…" } 形式的对象');

  // An anchor given on the command line comes from elsewhere (e.g. the batch digest), so it wins.
  const anchor: ChainAnchor = {};
  const head = cliHead?.data ?? parsed.data.head;
  const count = cliCount ?? parsed.data.count;
  if (head !== undefined) anchor.head = head;
  if (count !== undefined) anchor.count = count;
  const own = verifyTrail(parsed.data.events, parsed.data.answers, head === undefined && count === undefined ? undefined : anchor);
  const anchorsPath = options.anchors ?? (options.dataDir === undefined ? undefined : join(options.dataDir, ANCHOR_FILE));
  let result: TrailResult & { anchors?: number; anchorLog?: { count: number; head: string } } = own;
  if (own.ok && anchorsPath !== undefined) {
    const logFile = await readInputFile(anchorsPath, io.cwd);
    const log = verifyAnchorLog(anchorLines(new TextDecoder().decode(logFile.bytes)));
    if (!log.ok) return fail(`锚定记录文件 ${logFile.filename} 已被改动：${log.message}`);
    const chainId = ChainOf.safeParse(parsed.data.events);
    const checked = chainId.success ? verifyChainWithAnchors(chainId.data[0]?.candidateId ?? '', parsed.data.events, log.records) : own;
    // The answer events were checked with the chain itself (verifyTrail); a rewritten chain shows here.
    result = checked.ok
      ? { ...own, anchors: 'anchors' in checked ? checked.anchors : 0, anchorLog: { count: log.count, head: log.head } }
      : checked;
  }
  if (options.json) {
    printJson(io, result);
    return result.ok ? EXIT.ok : EXIT.invalid;
  }
  if (result.ok) {
    io.stdout(`✓ 审计链完整：${result.count} 个事件，链头 ${result.head}\n`);
    if ('answers' in result && result.answers > 0) {
      const open = result.answers - result.sealed;
      io.stdout(`  部门答复 ${result.answers} 条，其中 ${result.sealed} 条已由联审结论封存${open > 0 ? `，${open} 条尚未封存` : ''}\n`);
    }
    if (result.anchoredCount !== undefined) {
      const after = result.count - result.anchoredCount;
      io.stdout(`  与锚定值一致（锚定时 ${result.anchoredCount} 个事件${after > 0 ? `，此后追加 ${after} 个` : ''}）\n`);
    }
    if (result.anchorLog !== undefined) {
      io.stdout(
        `  与锚定记录一致：${result.anchors ?? 0} 条锚定记录含此链（锚定记录共 ${result.anchorLog.count} 条，末行哈希 ${result.anchorLog.head}）\n`,
      );
      if (result.anchors === 0) io.stdout('  注意：尚无锚定记录含此链，无法发现整条链被重写\n');
    } else if (result.anchoredCount === undefined) {
      io.stdout('  注意：未提供锚定的链头（--head）或锚定记录（--anchors），无法发现末尾事件被删除或整条链被重写\n');
    }
    return EXIT.ok;
  }
  // #index counts from 0 in stored order, like seq in an intact chain.
  const where =
    'answer' in result && result.answer !== undefined
      ? `部门答复 #${result.index}（${result.answer.department}）`
      : `事件 #${result.index}${result.seq === null ? '' : `（seq ${result.seq}）`}`;
  io.stdout(`✗ 审计链${PROBLEM_LABEL[result.problem]}：${where}\n  ${result.message}\n`);
  return EXIT.invalid;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('verify')
      .description('校验一名候选人的审计链，指出第一个被篡改、删除或调换的事件')
      .argument(
        '<file>',
        'AuditEvent 数组，或 { "events": [...], "answers"?: [...], "head"?: "…", "count"?: n }（审计记录接口的返回即此形式）',
      )
      .option('--head <hash>', '锚定的链头哈希（如批次摘要中的值）；用来发现末尾事件被删除')
      .option('--count <n>', '锚定时的事件数')
      .option('--anchors <file>', '锚定记录文件（数据文件夹中的 anchors.jsonl）：同时按锚定记录校验')
      .option('--data-dir <dir>', '本地数据文件夹：按其中的锚定记录校验（同 --anchors <dir>/anchors.jsonl）')
      .option('--json', '以 JSON 输出校验结果')
      .addHelpText('after', '\n退出码：0 审计链完整，1 发现问题，2 用法错误或文件无法读取\n')
      .action(async (file: string, options: unknown) => {
        context.exitCode = await verify(file, options, context);
      });
  },
};
