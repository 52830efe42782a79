import type { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError, EXIT, type CliCommand, type CliContext, type CliIO } from '../context.js';
import { printErrorTable } from '../lib/report.js';
import { renderTable } from '../lib/table.js';

const Options = z.object({
  policy: z.string({ error: '缺少 --policy（政策编号，如 dinghai-2017，或政策文件 .xlsx/.yaml/.json）' }).min(1),
  electionDate: z.string({ error: '缺少 --election-date（YYYY-MM-DD）' }).regex(/^\d{4}-\d{2}-\d{2}$/, '--election-date 应为 YYYY-MM-DD'),
  records: z.string({ error: '缺少 --records（部门记录文件夹）' }).min(1),
  relatives: z.string().optional(),
  units: z.string().optional(),
  json: z.boolean().optional(),
  wait: z.coerce
    .number({ error: '--wait 应为秒数' })
    .int('--wait 应为整数秒')
    .positive('--wait 应大于 0')
    .max(7 * 24 * 3600)
    .default(120),
  out: z.string().optional(),
  dataDir: z.string().optional(),
  /** Set by `lianshen demo`: a stack started for it runs in demo mode. */
  demo: z.boolean().optional(),
});
type Options = z.infer<typeof Options>;

export const DECISION_LABEL: Record<string, string> = {
  cleared: '通过',
  disqualified: '不通过',
  referred: '待组织部门研判',
  incomplete: '未完成',
};

/** A one-line progress bar on stderr; redrawn in place on a terminal, a line every 5 s otherwise. */
export function progressPrinter(
  io: CliIO,
  isTty: boolean,
): (p: { decided: number; total: number; answered: number; asked: number; elapsedSeconds: number; waitSeconds: number }) => void {
  let lastLine = 0;
  return (p) => {
    const width = 30;
    const done = p.total === 0 ? 0 : Math.round((p.decided / p.total) * width);
    const bar = `${'█'.repeat(done)}${'░'.repeat(width - done)}`;
    const text = `[${bar}] 已出结论 ${p.decided}/${p.total} · 部门答复 ${p.answered}/${p.asked} · ${p.elapsedSeconds}/${p.waitSeconds} 秒`;
    if (isTty) {
      io.stderr(`\r${text}`);
      if (p.decided === p.total && p.total > 0) io.stderr('\n');
    } else if (Date.now() - lastLine >= 5000 || (p.decided === p.total && p.total > 0)) {
      lastLine = Date.now();
      io.stderr(`${text}\n`);
    }
  };
}

export async function vet(batch: string, raw: unknown, { io }: CliContext, defaults: Partial<Options> = {}): Promise<number> {
  const parsed = Options.safeParse({ ...defaults, ...(typeof raw === 'object' && raw !== null ? raw : {}) });
  if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('；'));
  const o = parsed.data;
  const { runVet, VetInputError } = await import('../lib/vet.js');
  const log = (line: string) => io.stderr(`${line}\n`);
  let run: Awaited<ReturnType<typeof runVet>>;
  try {
    run = await runVet({
      batch,
      policy: o.policy,
      electionDate: o.electionDate,
      records: o.records,
      ...(o.relatives ? { relatives: o.relatives } : {}),
      ...(o.units ? { units: o.units } : {}),
      waitSeconds: o.wait,
      ...(o.out ? { outDir: o.out } : {}),
      ...(o.dataDir ? { dataDir: o.dataDir } : {}),
      ...(o.demo === true ? { demo: true } : {}),
      cwd: io.cwd,
      onProgress: progressPrinter(io, process.stderr.isTTY === true),
      log,
    });
  } catch (err) {
    if (err instanceof VetInputError) {
      io.stderr(`错误：${err.message}\n`);
      for (const p of err.problems) printErrorTable({ ...io, stdout: io.stderr }, p.file, p.errors);
      return EXIT.invalid;
    }
    throw err;
  }
  const { result } = run;
  if (o.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(`\n批次 ${result.batchId} · 政策 ${result.policy.id} ${result.policy.version} · 审计摘要 ${result.digest.slice(0, 16)}…\n\n`);
  const rows = result.candidates.map((c, i) => {
    const d = run.details[i];
    const why = [...(d?.reasons ?? []), ...(d?.unanswered ? [d.unanswered] : []), ...(d?.warnings ?? []).map((w) => `提示：${w}`)];
    return [
      String(d?.seq ?? i + 1),
      c.name,
      c.idNumber,
      c.village,
      c.post,
      `${DECISION_LABEL[c.decision] ?? c.decision}${c.pending ? '（等待中）' : ''}`,
      why.join('；') || '—',
    ];
  });
  io.stdout(renderTable(['序号', '姓名', '身份证号', '村(社区)', '拟任职务', '结论', '理由'], rows));
  const counts = new Map<string, number>();
  for (const c of result.candidates) counts.set(c.decision, (counts.get(c.decision) ?? 0) + 1);
  io.stdout(
    `\n合计：${['cleared', 'disqualified', 'referred', 'incomplete'].map((k) => `${DECISION_LABEL[k]} ${counts.get(k) ?? 0}`).join('，')}\n`,
  );
  if (result.conflicts.length > 0) {
    io.stdout('\n近亲属回避：\n');
    io.stdout(
      renderTable(
        ['村(社区)', '关系', '人选', '处理', '依据'],
        result.conflicts.map((k) => [k.village, k.relation, k.candidates.join('、'), k.resolution, k.citation]),
      ),
    );
  }
  if (run.reviewerAnswers > 0) {
    io.stdout(`\n说明：${run.reviewerAnswers} 项人工审查任务按 --records 中该部门的记录文件代为答复（审查人员身份，已记入审计）。\n`);
  }
  io.stdout(`\n报告文件（${run.outDir}）：\n${run.files.map((f) => `  ${f}`).join('\n')}\n`);
  return EXIT.ok;
}

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('vet')
      .description('在本机完整跑一遍资格联审：提交名册，部门按记录文件自动答复，等待结论并输出报告')
      .argument('<batch>', '乡镇候选人名册（.xlsx 或 .csv）')
      .requiredOption(
        '--policy <id|file>',
        '政策编号，如 dinghai-2017（lianshen policies 可查看）或已上传的政策；或政策文件（.xlsx/.yaml/.json）：校验后上传到本地环境并用这一版本',
      )
      .requiredOption('--election-date <date>', '选举日（YYYY-MM-DD），审查以此日为基准')
      .requiredOption('--records <dir>', '部门记录文件夹：每个部门一个 CSV/xlsx（按“部门”列识别；只有表头＝无记录，此时按文件名识别）')
      .option('--relatives <file>', '近亲属表（CSV 或 xlsx）')
      .option('--units <file>', '行政区划名单（乡镇(街道)、乡镇代码、村(社区)、类型）：名册须与之一致，村（社区）类型用于资格条件')
      .option('--json', '只输出一个 JSON 对象（身份证号已脱敏）')
      .option('--wait <seconds>', '等待部门答复的秒数；本命令自行启动的本地环境以此作为部门答复时限', '120')
      .option('--out <dir>', '报告文件输出目录（默认 out/vet-<批次号>）')
      .option('--data-dir <dir>', '本地环境数据目录（默认仓库下 .data）')
      .addHelpText('after', '\n退出码：0 完成，1 输入未通过校验，2 用法错误，3 内部错误\n')
      .action(async (batch: string, options: unknown) => {
        context.exitCode = await vet(batch, options, context);
      });
  },
};
