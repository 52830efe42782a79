// The files the e2e township uploads: nine candidates of the bundled sample county (every
// decision class, a near-relative pair), first with mistakes, then fixed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const E2E_CAMPAIGN = {
  id: 'e2e-portal-2027',
  name: '定海区2027年村和社区组织换届资格联审（端到端测试）',
  jurisdiction: '浙江省舟山市定海区',
  policyId: 'dinghai-2017',
  electionDate: '2027-03-28',
  townships: [
    { code: 'changguo', name: '昌国街道' },
    { code: 'yancang', name: '盐仓街道' },
  ],
} as const;

/** Who is who in the e2e batch (names of the sample county, see samples/sample-county.ts). */
export const PEOPLE = {
  cleared: ['王建国', '刘芳', '周敏', '吴强'],
  /** 区公安分局's extract: 刑事处罚. */
  disqualifiedByExtract: '杨明',
  /** 区纪委 answers in the portal with 党纪处分 (the e2e reviewer step). */
  disqualifiedByReviewer: '孙浩',
  /** 区住建局's extract: 违章建房 未整改 (a concern); the orgdept rules "uphold". */
  referredRuled: '李秀英',
  /** Incumbent man aged 57+: a person rule; stays referred. */
  referredOpen: '陈刚',
  /** 区公安分局's extract has his ID under another name: a hint nobody answers → overdue. */
  incomplete: '黄磊',
  conflict: ['周敏', '吴强'],
} as const;

const ORDER = ['王建国', '李秀英', '刘芳', '陈刚', '杨明', '黄磊', '周敏', '吴强', '孙浩'];

export const HEADER = '序号,姓名,性别,民族,身份证号,出生年月,学历,政治面貌,乡镇(街道),村(社区),拟任职务,人选类型,是否现任';

function sampleRows(root: string): Map<string, string[]> {
  const text = readFileSync(join(root, 'samples', 'batch.csv'), 'utf8').replace(/^\uFEFF/, '');
  const rows = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const cells = line.split(',');
    if (cells[1]) rows.set(cells[1], cells);
  }
  return rows;
}

function csv(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
}

export function goodBatch(root: string): Uint8Array {
  const sample = sampleRows(root);
  return csv(
    ORDER.map((name, i) => {
      const row = sample.get(name);
      if (!row) throw new Error(`sample batch lacks ${name}`);
      return [String(i + 1), ...row.slice(1)];
    }),
  );
}

/** Mistakes an office makes, each at a known row (Excel numbering: header = row 1) and column. */
export const BAD_CELLS = [
  { row: 3, column: '身份证号', name: '李秀英' },
  { row: 4, column: '性别', name: '刘芳' },
  { row: 6, column: '拟任职务', name: '杨明' },
  { row: 9, column: '出生年月', name: '吴强' },
] as const;

export function badBatch(root: string): Uint8Array {
  const text = new TextDecoder().decode(goodBatch(root)).replace(/^\uFEFF/, '');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  const set = (row: number, column: string, value: string | ((old: string) => string)) => {
    const col = HEADER.split(',').indexOf(column);
    const cells = lines[row - 1];
    if (!cells || col < 0) throw new Error(`no cell ${row}/${column}`);
    const old = cells[col] ?? '';
    cells[col] = typeof value === 'string' ? value : value(old);
  };
  // A wrong check digit, a sex that contradicts the ID number, a post not on the list, a birth month left empty.
  set(3, '身份证号', (id) => `${id.slice(0, 17)}${id.endsWith('6') ? '7' : '6'}`);
  set(4, '性别', '男');
  set(6, '拟任职务', '村委委员');
  set(9, '出生年月', '');
  return new TextEncoder().encode(`\uFEFF${lines.map((l) => l.join(',')).join('\n')}\n`);
}

export function relatives(): Uint8Array {
  return new TextEncoder().encode(
    '\uFEFF候选人身份证号,亲属姓名,关系,亲属身份证号\n' +
      '330902199204250968,吴强,配偶,330902199001080997\n' +
      '330902199001080997,周敏,配偶,330902199204250968\n' +
      '330902197205140817,王小燕,子女,\n',
  );
}

/** The other township's batch: one person, so cross-township reads have something to refuse. */
export function otherTownshipBatch(root: string): Uint8Array {
  const row = sampleRows(root).get('张伟');
  if (!row) throw new Error('sample batch lacks 张伟');
  const cells = ['1', ...row.slice(1)];
  cells[8] = '盐仓街道';
  cells[9] = '盐仓社区';
  return csv([cells]);
}

/** A department extract with a row belonging to another department (refused in place). */
export function badExtract(root: string, code: string): Uint8Array {
  const text = readFileSync(join(root, 'samples', 'records', `${code}.csv`), 'utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return new TextEncoder().encode(
    `${text.trimEnd()}${eol}区法院,330902198205061136,林涛,刑事处罚,2020-01-01,2020-06-01,已执行完毕,定法〔2020〕1号,${eol}`,
  );
}

export function sampleExtract(root: string, code: string): Uint8Array {
  return new Uint8Array(readFileSync(join(root, 'samples', 'records', `${code}.csv`)));
}

/** The good batch as an office types it: 王建国's ID in the old 15 digits, a space after 李秀英's village. */
export const CORRECTED_CELLS = [
  { row: 2, column: '身份证号', reason: '15 位旧身份证号已升级为 18 位' },
  { row: 3, column: '村(社区)', reason: '已去掉多余的空格' },
] as const;

export function correctableBatch(root: string): Uint8Array {
  const text = new TextDecoder().decode(goodBatch(root)).replace(/^\uFEFF/, '');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  const cols = HEADER.split(',');
  const id = cols.indexOf('身份证号');
  const village = cols.indexOf('村(社区)');
  const wang = lines[1];
  const li = lines[2];
  if (!wang || !li) throw new Error('the good batch lacks its first rows');
  const id18 = wang[id] ?? '';
  wang[id] = id18.slice(0, 6) + id18.slice(8, 17);
  li[village] = `${li[village] ?? ''} `;
  return new TextEncoder().encode(`\uFEFF${lines.map((l) => l.join(',')).join('\n')}\n`);
}

/** 昌国街道's other candidates of the sample county (not in the e2e batch): its second batch. */
export function secondBatch(root: string): Uint8Array {
  const rest = [...sampleRows(root).values()].filter((r) => r[8] === '昌国街道' && !ORDER.includes(r[1] ?? ''));
  return csv(rest.map((r, i) => [String(i + 1), ...r.slice(1)]));
}
