// The policy workbook (shared/domain/import/policy-spec.ts): any policy written out as the sheets a
// county fills in, with drop-downs and an instructions sheet; the template is the same workbook
// around an example policy. Reading it back (policy-files.ts) gives the same policy.
import ExcelJS from 'exceljs';
import {
  ANCHOR_LABEL,
  AVOIDANCE_COLUMNS,
  BODY_LABEL,
  CATEGORY_COLUMNS,
  CONDITION_COLUMNS,
  DEPARTMENT_HEADERS,
  DEPARTMENT_OPTIONAL_HEADERS,
  EFFECT_LABEL,
  END_DATE_LABEL,
  EXAMPLE_POLICY_ID,
  EXEMPT_LABEL,
  GIVES_WAY_LABEL,
  LIST_SEPARATORS,
  MODE_LABEL,
  NEAR_RELATIVES_LABEL,
  NEGATED_STATUS,
  NO,
  NOMINEE_LABEL,
  OVERALL_TARGET_LABEL,
  POLICY_FIELD,
  POLICY_KV_HEADERS,
  POLICY_SHEET,
  POLICY_TEMPLATE_ROWS,
  SCOPE_LABEL,
  SEVERITY_LABEL,
  STRUCTURE_HEADERS,
  type StructureTarget,
  TARGET_LABEL,
  TARGET_ORDER,
  UNTIL_END_LABEL,
  WITHOUT_END_APPLIES,
  YES,
} from '../../domain/import/policy-spec.js';
import {
  EDUCATIONS,
  type Category,
  type Citation,
  type Policy,
  Policy as PolicySchema,
  type PolicyInput,
  POSTS,
  RELATIONS,
  SEXES,
  UNIT_KINDS,
} from '../../domain/model.js';
import { citationsOf } from '../../domain/policies/check.js';
import { TOWNSHIP_SEES_LABEL } from '../../domain/disclosure.js';
import { addHeader, addInstructions, EXAMPLE_FONT, inlineList, type InstructionSection, listValidation, toBytes } from './template.js';
import { DEFAULT_ORGDEPT_DEPARTMENT } from '../../domain/orgdept-department.js';

type CellValue = string | number;
type Row = Readonly<Record<string, CellValue>>;

const joinList = (values: readonly string[]): string => values.join(values.some((v) => LIST_SEPARATORS.test(v)) ? '\n' : '、');

function sameCitation(a: Citation | undefined, b: Citation | undefined): boolean {
  return (
    a !== undefined && b !== undefined && a.document === b.document && a.clause === b.clause && a.quote === b.quote && a.file === b.file
  );
}

/** 依据条款: the clause, with 《another document》 in front when it is not the policy's own. */
function clauseOf(citation: Citation | undefined, title: string): string {
  if (citation === undefined) return '';
  const clause = citation.clause ?? '';
  return citation.document !== undefined && citation.document !== title ? `${citation.document}${clause}` : clause;
}

function cite(citation: Citation | undefined, title: string): Row {
  return { 依据条款: clauseOf(citation, title), 依据原文: citation?.quote ?? '' };
}

function windowCells(category: Category): Row {
  const w = category.window;
  switch (w.kind) {
    case 'years': {
      const months = w.months ?? 0;
      const period = months === 0 ? w.years : w.years === 0 ? `${months}个月` : `${w.years}年${months}个月`;
      return { '时限(年)': period, 起算日: ANCHOR_LABEL[w.anchor], 无终止日期时: w.ongoingWithoutEnd === true ? WITHOUT_END_APPLIES : '' };
    }
    case 'untilEnd':
      return { '时限(年)': UNTIL_END_LABEL };
    case 'status': {
      const list = w.statuses.join('、');
      return {
        适用状态: w.negate === true ? `${NEGATED_STATUS.prefix}${list}${NEGATED_STATUS.suffix}` : list,
        无终止日期时: w.alsoWithoutEnd === true ? WITHOUT_END_APPLIES : '',
      };
    }
    case 'permanent':
      return {};
  }
}

function policyRows(policy: Policy): Row[] {
  const title = policy.document.title;
  const files = new Set(citationsOf(policy).map((c) => c.citation.file));
  const [file] = files;
  const kv = (key: string, value: CellValue | undefined): Row => ({ 项目: key, 内容: value ?? '' });
  return [
    kv(POLICY_FIELD.id, policy.id),
    kv(POLICY_FIELD.version, policy.version),
    kv(POLICY_FIELD.name, policy.name),
    kv(POLICY_FIELD.title, title),
    kv(POLICY_FIELD.number, policy.document.number),
    kv(POLICY_FIELD.date, policy.document.date),
    kv(POLICY_FIELD.issuer, policy.document.issuer),
    kv(POLICY_FIELD.jurisdiction, policy.jurisdiction),
    kv(POLICY_FIELD.sourceClause, clauseOf(policy.source, title)),
    kv(POLICY_FIELD.sourceQuote, policy.source.quote),
    // Kept only when every citation names the same stored text (the shipped policies).
    ...(files.size === 1 && file !== undefined ? [kv(POLICY_FIELD.file, file)] : []),
    ...(policy.townshipSees === undefined ? [] : [kv(POLICY_FIELD.townshipSees, TOWNSHIP_SEES_LABEL[policy.townshipSees])]),
    ...(policy.orgdeptDepartment === undefined ? [] : [kv(POLICY_FIELD.orgdeptDepartment, policy.orgdeptDepartment)]),
    ...(policy.notes.length === 0 ? [kv(POLICY_FIELD.note, '')] : policy.notes.map((n) => kv(POLICY_FIELD.note, n))),
  ];
}

function departmentRows(policy: Policy): Row[] {
  return policy.departments.map((d) => ({
    部门编码: d.code,
    部门名称: d.name,
    答复方式: MODE_LABEL[d.mode],
    '答复时限(工作日)': d.slaDays,
    负责类别: joinList(d.categories),
    询问范围: SCOPE_LABEL[d.appliesTo],
  }));
}

function categoryRows(policy: Policy): Row[] {
  const title = policy.document.title;
  return policy.categories.flatMap((c): Row[] => [
    {
      类别: c.label,
      分组: c.group,
      结论: SEVERITY_LABEL[c.severity],
      ...windowCells(c),
      终止日期含义: c.endDate === 'firstDayFree' ? END_DATE_LABEL.firstDayFree : '',
      ...cite(c.citation, title),
      填报说明: c.description ?? '',
    },
    ...c.statusOverrides.map((o) => ({
      类别: c.label,
      结论: o.severity === 'none' ? EXEMPT_LABEL : SEVERITY_LABEL[o.severity],
      适用状态: o.statuses.join('、'),
      ...cite(o.citation, title),
      研判提示: o.note ?? '',
    })),
  ]);
}

function conditionRows(policy: Policy): Row[] {
  const title = policy.document.title;
  return policy.personRules.map((r) => ({
    条件编号: r.id,
    条件名称: r.label,
    结论: EFFECT_LABEL[r.effect],
    适用职务: (r.when.posts ?? []).join('、'),
    适用人选: r.when.incumbent === undefined ? NOMINEE_LABEL.all : r.when.incumbent ? NOMINEE_LABEL.continuing : NOMINEE_LABEL.new,
    性别: r.when.sex ?? '',
    '年龄上限(周岁,含本数)': r.when.ageAtLeast === undefined ? '' : r.when.ageAtLeast - 1,
    出生日期不早于: r.when.bornBefore ?? '',
    最低学历: r.when.educationBelow ?? '',
    单位类型: (r.when.unitKinds ?? []).join('、'),
    ...cite(r.citation, title),
  }));
}

function avoidanceRows(policy: Policy): Row[] {
  const title = policy.document.title;
  return policy.avoidance.map((r) => ({
    规则编号: r.id,
    规则名称: r.label,
    关系:
      r.relations.length === RELATIONS.length && r.relations.every((x, i) => x === RELATIONS[i])
        ? NEAR_RELATIVES_LABEL
        : r.relations.join('、'),
    一方职务: r.between[0].map((b) => BODY_LABEL[b]).join('、'),
    另一方职务: r.between[1].map((b) => BODY_LABEL[b]).join('、'),
    回避方式: GIVES_WAY_LABEL[r.givesWay],
    ...cite(r.citation, title),
  }));
}

/**
 * One row per target with its own clause. The reader takes the first row's clause for the targets
 * as a whole, so that row goes first; when that cannot say it, a 总体依据 row does.
 */
function structureRows(policy: Policy): Row[] {
  const s = policy.structure;
  if (s === undefined) return [];
  const title = policy.document.title;
  const targets = TARGET_ORDER.filter((k) => s[k] !== undefined);
  const requirement = (k: StructureTarget): CellValue => {
    const v = s[k];
    return typeof v === 'boolean' ? (v ? YES : NO) : (v ?? '');
  };
  const row = (k: StructureTarget, citation: Citation | undefined): Row => ({
    目标: TARGET_LABEL[k],
    要求: requirement(k),
    ...cite(citation, title),
  });
  const overall: Row = { 目标: OVERALL_TARGET_LABEL, 要求: '', ...cite(s.citation, title) };
  const own = s.targetCitations;
  if (own === undefined || Object.keys(own).length === 0) return targets.length === 0 ? [overall] : targets.map((k) => row(k, s.citation));
  const complete = targets.every((k) => own[k] !== undefined) && Object.keys(own).every((k) => targets.some((t) => t === k));
  const allSame = targets.every((k) => sameCitation(own[k], own[targets[0] ?? 'minWomen']));
  const first = targets.find((k) => sameCitation(own[k], s.citation));
  if (complete && !allSame && first !== undefined) return [first, ...targets.filter((k) => k !== first)].map((k) => row(k, own[k]));
  return [overall, ...targets.map((k) => row(k, own[k]))];
}

interface SheetSpec {
  name: string;
  columns: readonly string[];
  widths: Readonly<Record<string, number>>;
  rows: Row[];
  /** Columns with a drop-down: the allowed words. */
  lists?: Readonly<Record<string, readonly string[]>>;
  /** Columns with several values in one cell: a prompt listing them. */
  prompts?: Readonly<Record<string, string>>;
  wrap?: readonly string[];
}

function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec, example: boolean): void {
  const ws = workbook.addWorksheet(spec.name);
  addHeader(
    ws,
    spec.columns,
    spec.columns.map((c) => spec.widths[c] ?? 14),
  );
  const last = Math.max(POLICY_TEMPLATE_ROWS, spec.rows.length) + 1;
  spec.columns.forEach((column, i) => {
    const col = ws.getColumn(i + 1);
    // Text, so Excel keeps 2.0.0, dates and codes as typed.
    if (column !== '答复时限(工作日)' && column !== '时限(年)' && column !== '年龄上限(周岁,含本数)' && column !== '要求') col.numFmt = '@';
    if (spec.wrap?.includes(column)) col.alignment = { wrapText: true, vertical: 'top' };
    const list = spec.lists?.[column];
    const prompt = spec.prompts?.[column];
    for (let r = 2; r <= last; r++) {
      if (list !== undefined) ws.getCell(r, i + 1).dataValidation = listValidation(inlineList(list), column);
      else if (prompt !== undefined) {
        ws.getCell(r, i + 1).dataValidation = {
          type: 'custom',
          formulae: ['TRUE'],
          allowBlank: true,
          showInputMessage: true,
          promptTitle: column,
          prompt,
        };
      }
    }
  });
  spec.rows.forEach((row, index) => {
    spec.columns.forEach((column, i) => {
      const value = row[column];
      if (value === undefined || value === '') return;
      const cell = ws.getCell(index + 2, i + 1);
      cell.value = value;
      if (example) cell.font = EXAMPLE_FONT;
    });
  });
}

const WIDE = 40;

function sheetSpecs(policy: Policy): SheetSpec[] {
  const bodies = Object.values(BODY_LABEL).join('、');
  return [
    { name: POLICY_SHEET.policy, columns: POLICY_KV_HEADERS, widths: { 项目: 16, 内容: 100 }, rows: policyRows(policy), wrap: ['内容'] },
    {
      name: POLICY_SHEET.departments,
      columns: [...DEPARTMENT_HEADERS, ...DEPARTMENT_OPTIONAL_HEADERS],
      widths: { 部门编码: 22, 部门名称: 22, 答复方式: 10, '答复时限(工作日)': 16, 负责类别: 60, 询问范围: 12 },
      rows: departmentRows(policy),
      lists: { 答复方式: Object.values(MODE_LABEL), 询问范围: Object.values(SCOPE_LABEL) },
      prompts: { 负责类别: '填负面清单中的类别名称，多个用“、”分隔，或每行一个。' },
      wrap: ['负责类别'],
    },
    {
      name: POLICY_SHEET.categories,
      columns: CATEGORY_COLUMNS,
      widths: {
        类别: 22,
        分组: 12,
        结论: 10,
        '时限(年)': 10,
        起算日: 10,
        无终止日期时: 12,
        适用状态: 14,
        终止日期含义: 12,
        负责部门: 16,
        依据条款: 22,
        依据原文: WIDE,
        填报说明: 30,
        研判提示: 30,
      },
      rows: categoryRows(policy),
      lists: {
        结论: [...Object.values(SEVERITY_LABEL), EXEMPT_LABEL],
        起算日: Object.values(ANCHOR_LABEL),
        无终止日期时: [WITHOUT_END_APPLIES],
        终止日期含义: Object.values(END_DATE_LABEL),
      },
      prompts: {
        '时限(年)': `年数，如 5；长期留空；到终止日期为止填“${UNTIL_END_LABEL}”。`,
        适用状态: '留空＝不论状态都适用；如 在查；或 除已清偿外。同一类别另起一行并填状态＝按状态的例外。',
        负责部门: '可不填。填部门名称或编码，多个用“、”分隔，与部门表的“负责类别”合并。',
      },
      wrap: ['依据原文', '填报说明', '研判提示'],
    },
    {
      name: POLICY_SHEET.conditions,
      columns: CONDITION_COLUMNS,
      widths: {
        条件编号: 18,
        条件名称: 30,
        结论: 10,
        适用职务: 22,
        适用人选: 10,
        性别: 6,
        '年龄上限(周岁,含本数)': 12,
        出生日期不早于: 14,
        最低学历: 10,
        单位类型: 12,
        依据条款: 22,
        依据原文: WIDE,
      },
      rows: conditionRows(policy),
      lists: {
        结论: Object.values(EFFECT_LABEL),
        适用人选: Object.values(NOMINEE_LABEL),
        性别: [...SEXES],
        最低学历: [...EDUCATIONS],
      },
      prompts: {
        适用职务: `留空＝所有职务；或填 ${POSTS.join('、')} 中的一个或几个，用“、”分隔。`,
        单位类型: `留空＝不限；或填 ${UNIT_KINDS.join('、')}。`,
        '年龄上限(周岁,含本数)': '“45周岁以下”填 45：满46周岁起触发。',
        出生日期不早于: '如 1960-01-01：此日之前出生的触发（有出生日期时不看年龄上限）。',
      },
      wrap: ['依据原文'],
    },
    {
      name: POLICY_SHEET.avoidance,
      columns: AVOIDANCE_COLUMNS,
      widths: { 规则编号: 18, 规则名称: 30, 关系: 22, 一方职务: 16, 另一方职务: 16, 回避方式: 16, 依据条款: 22, 依据原文: WIDE },
      rows: avoidanceRows(policy),
      lists: { 回避方式: Object.values(GIVES_WAY_LABEL) },
      prompts: {
        关系: `填“${NEAR_RELATIVES_LABEL}”（${RELATIONS.join('、')}），或其中几种，用“、”分隔。`,
        一方职务: `${bodies} 中的一个或几个，用“、”分隔。`,
        另一方职务: `${bodies} 中的一个或几个，用“、”分隔。`,
      },
      wrap: ['依据原文'],
    },
    {
      name: POLICY_SHEET.structure,
      columns: STRUCTURE_HEADERS,
      widths: { 目标: 24, 要求: 10, 依据条款: 22, 依据原文: WIDE },
      rows: structureRows(policy),
      lists: { 目标: [...Object.values(TARGET_LABEL), OVERALL_TARGET_LABEL] },
      wrap: ['依据原文'],
    },
  ];
}

/** The policy as a workbook to read, correct and upload again. */
export async function policyWorkbook(policy: Policy, options: { example?: boolean } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lianshen';
  for (const spec of sheetSpecs(policy)) addSheet(workbook, spec, options.example === true);
  addPolicyInstructions(workbook.addWorksheet(POLICY_SHEET.instructions), policy, options.example === true);
  return toBytes(workbook);
}

// ---------------------------------------------------------------- the template

const DOC = '《示例县2027年村(社区)“两委”换届工作实施方案》';
const c = (clause: string, quote: string) => ({ document: DOC, clause, quote });

/** The template's example: one of each kind of row, as a county might write it. */
export const TEMPLATE_POLICY: PolicyInput = {
  id: EXAMPLE_POLICY_ID,
  version: '1.0.0',
  name: '示例县2027年村(社区)“两委”换届候选人资格联审',
  jurisdiction: '示例省示例市示例县',
  document: { title: DOC, number: '示组通〔2027〕1号', date: '2027-01-15', issuer: '中共示例县委组织部' },
  source: c('三(二)2', '县委组织部牵头，会同县纪委监委、县公安局等部门对候选人资格进行联审'),
  notes: ['示例：把这里换成本县政策的说明（如制定依据、与上届的不同），可写多行“说明”。'],
  departments: [
    { code: 'discipline', name: '县纪委监委', slaDays: 5, mode: 'manual', categories: ['党纪处分', '立案调查'] },
    { code: 'public-security', name: '县公安局', slaDays: 3, mode: 'auto', categories: ['刑事处罚', '立案调查'] },
    { code: 'health', name: '县卫生健康局', slaDays: 3, mode: 'auto', categories: ['违反计划生育'] },
    { code: 'rural-affairs', name: '县农业农村局', slaDays: 5, mode: 'manual', categories: ['拖欠集体租金', '不合格党员'] },
  ],
  categories: [
    {
      label: '刑事处罚',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'years', years: 5, anchor: 'end', ongoingWithoutEnd: true },
      citation: c('二(一)第1项', '被判处刑罚或者刑满释放(或缓刑期满)未满5年的'),
      description: '终止日期填刑满释放或缓刑期满之日；尚在服刑的不填终止日期',
    },
    {
      label: '党纪处分',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'untilEnd' },
      citation: c('二(一)第2项', '受到党纪处分尚未超过影响期的'),
      description: '终止日期填影响期满之日',
    },
    {
      label: '立案调查',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'status', statuses: ['在查'], alsoWithoutEnd: true },
      citation: c('二(一)第3项', '正在被纪检监察机关或司法机关立案调查的'),
      description: '状态填“在查”或“已结案”；结案的填终止日期',
    },
    {
      label: '违反计划生育',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'years', years: 5, anchor: 'start' },
      statusOverrides: [
        {
          statuses: ['已处罚到位'],
          severity: 'concern',
          citation: c('二(一)第4项', '已经处罚到位，群众认可的，由乡镇党委研究提出意见'),
          note: '已处罚到位；是否群众认可由组织部门研判',
        },
      ],
      citation: c('二(一)第4项', '近5年内有违反计划生育政策行为的'),
      description: '起始日期填违法行为发生之日',
    },
    {
      label: '拖欠集体租金',
      group: '需研判',
      severity: 'concern',
      window: { kind: 'status', statuses: ['已清偿'], negate: true },
      citation: c('二(二)第1项', '拖欠村集体租金、承包款尚未清偿的'),
      description: '状态填“未清偿”或“已清偿”',
    },
    {
      label: '不合格党员',
      group: '需研判',
      severity: 'concern',
      window: { kind: 'years', years: 3, anchor: 'start' },
      citation: c('二(二)第2项', '近3年内被评为不合格党员的'),
      description: '起始日期填评定之日',
    },
  ],
  personRules: [
    {
      id: 'new-over-45',
      label: '新进人选一般在45周岁以下',
      effect: 'warning',
      when: { incumbent: false, ageAtLeast: 46 },
      citation: c('二(三)', '新进“两委”班子成员年龄一般在45周岁以下'),
    },
    {
      id: 'secretary-born-before-1962',
      label: '继续提名的党组织书记一般在1962年1月1日后出生',
      effect: 'concern',
      when: { incumbent: true, posts: ['党组织书记'], bornBefore: '1962-01-01' },
      citation: c('二(三)', '继续提名的村党组织书记一般在1962年1月1日后出生，特别优秀的须报县委组织部同意'),
    },
    {
      id: 'new-education',
      label: '新进人选一般应具有高中(中专)以上学历',
      effect: 'warning',
      when: { incumbent: false, educationBelow: '高中' },
      citation: c('二(三)', '新进人选一般应具有高中(中专)以上学历'),
    },
  ],
  avoidance: [
    {
      id: 'supervision',
      label: '两委成员的近亲属不得担任村务监督委员会成员',
      relations: [...RELATIONS],
      between: [['party', 'committee'], ['supervision']],
      givesWay: 'second',
      citation: c('二(四)', '村“两委”成员的近亲属不得担任村务监督委员会成员'),
    },
  ],
  structure: { minWomen: 1, minUnder35: 1, citation: c('二(五)', '每个村(社区)“两委”班子至少有1名女性成员和1名35周岁以下的成员') },
};

/** `lianshen policy template`: the workbook around the example policy, its rows in grey. */
export async function buildPolicyTemplate(): Promise<Uint8Array> {
  return policyWorkbook(PolicySchema.parse(TEMPLATE_POLICY), { example: true });
}

// ---------------------------------------------------------------- 填写说明

function addPolicyInstructions(ws: ExcelJS.Worksheet, policy: Policy, example: boolean): void {
  const sections: InstructionSection[] = [
    {
      heading: `“${POLICY_SHEET.policy}”工作表（每个项目一行：左列写项目，右列写内容）`,
      columns: ['项目', '必填', '填写要求'],
      rows: [
        [POLICY_FIELD.id, '是', '小写英文字母、数字和“-”，如 xx-county-2027。上传后不能改；同一政策修订时保持编号不变、提高版本。'],
        [POLICY_FIELD.version, '是', '写成 1.0.0 这样（主版本.次版本.修订号）。已上传的版本不能再改，修订后请提高版本号（如 1.1.0）。'],
        [POLICY_FIELD.name, '否', '系统里显示的名称；不填则用文件名称。'],
        [POLICY_FIELD.title, '是', '实施方案的文件名称，带书名号《》（不带会自动加上）。每条依据都引用这份文件。'],
        [POLICY_FIELD.number, '否', '文号，如 示组通〔2027〕1号。'],
        [POLICY_FIELD.date, '否', '发文日期，写成 2027-01-15。'],
        [POLICY_FIELD.issuer, '否', '发文机关。'],
        [POLICY_FIELD.jurisdiction, '是', '适用地区，如 ××省××市××县。'],
        [POLICY_FIELD.sourceClause, '是', '规定开展资格联审的条款位置，如 三(二)2。'],
        [POLICY_FIELD.sourceQuote, '是', '该条款的原文，一字不改地照录。'],
        [POLICY_FIELD.file, '否', '系统内置政策校对原文用的存档文件名，县里自己写的政策不用填。'],
        [
          POLICY_FIELD.townshipSees,
          '否',
          `乡镇看到部门查实情况的范围：“${TOWNSHIP_SEES_LABEL.category}”（不填即此项：只看类别和依据条款，不看部门文号）或“${TOWNSHIP_SEES_LABEL.full}”。组织部门始终看到全部。`,
        ],
        [
          POLICY_FIELD.orgdeptDepartment,
          '否',
          `组织部门自己作为联审部门答复时所用的部门：填“${POLICY_SHEET.departments}”表中的部门编码或部门名称，组织部门账号即可办理该部门的待办审查。不填时，部门表中有编码为 ${DEFAULT_ORGDEPT_DEPARTMENT} 的部门即为此部门。`,
        ],
        [POLICY_FIELD.note, '否', '对本政策的说明，可以写多行，每行一个“说明”。'],
      ],
    },
    {
      heading: `“${POLICY_SHEET.departments}”工作表（参加联审的每个部门一行）`,
      rows: [
        [
          '部门编码',
          '是',
          '小写英文字母、数字和“-”，以字母开头，如 public-security。用于部门账号和消息队列，部署在云上时须是已部署的部门。',
        ],
        ['部门名称', '是', '部门全称，与部门上报记录表中的“部门”一致，如 县公安局。'],
        [
          '答复方式',
          '是',
          `下拉选择：${MODE_LABEL.auto}（部门上传记录表，系统自动比对）或 ${MODE_LABEL.manual}（审查人员在系统里逐人答复）。`,
        ],
        ['答复时限(工作日)', '是', '部门收到后多少个工作日内答复，正整数，如 5。逾期不答复的人选结论为“未完成”，不会被视为通过。'],
        [
          '负责类别',
          '是',
          '该部门负责答复的负面清单类别，多个用“、”分隔（类别名称本身带“、”的，每行写一个）。每个类别至少要有一个部门负责。',
        ],
        ['询问范围', '否', `下拉选择：${SCOPE_LABEL.all}（默认）或 ${SCOPE_LABEL.partyMembers}（方案明确只审党员时）。`],
      ],
    },
    {
      heading: `“${POLICY_SHEET.categories}”工作表（每个类别一行；按状态有例外的，另起一行写同一类别）`,
      rows: [
        ['类别', '是', '负面情形的名称，如 刑事处罚。部门上报记录时“记录类别”要写这个名称。'],
        ['分组', '否', '方案里的分组，如 五不能、六不宜；不填为“负面清单”。'],
        [
          '结论',
          '是',
          `下拉选择：${SEVERITY_LABEL.bar}（有此记录即不通过）、${SEVERITY_LABEL.concern}（交组织部门研判）、${SEVERITY_LABEL.notice}（只提示，不影响结论）。例外行还可以选 ${EXEMPT_LABEL}（此状态的记录不算）。`,
        ],
        [
          '时限(年)',
          '是',
          `留空＝长期（无期限）；填年数如 5＝“未满5年”（也可写 3年6个月）；填“${UNTIL_END_LABEL}”＝到记录的终止日期为止（如处分影响期）。`,
        ],
        [
          '起算日',
          '视情况',
          `填了年数的必填：${ANCHOR_LABEL.end}（如刑满释放、处理完结之日）或 ${ANCHOR_LABEL.start}（如行为发生、评定之日）。其他情况留空。`,
        ],
        [
          '无终止日期时',
          '否',
          `填“${WITHOUT_END_APPLIES}”：记录没有终止日期，说明仍在执行或仍在查，按适用处理（用于从终止日期起算的年数，或按状态判断的类别）。`,
        ],
        [
          '适用状态',
          '否',
          '留空＝不论记录状态如何都适用；填状态如 在查＝状态是“在查”时才适用；填 除已清偿外＝状态不是“已清偿”时适用（多个状态用“、”分隔）。不能与时限同时填写。',
        ],
        [
          '终止日期含义',
          '否',
          `留空＝${END_DATE_LABEL.lastDayInForce}（终止日期是措施的最后一天，如判决书写“至…止”）；${END_DATE_LABEL.firstDayFree}＝终止日期是期满后的第一天。`,
        ],
        ['负责部门', '否', '也可以在这里写负责答复的部门（名称或编码），与部门表的“负责类别”合并。'],
        ['依据条款', '是', '条款位置，如 二(一)第1项。引用其他文件时在前面加书名号，如 《中华人民共和国村民委员会组织法》第十五条。'],
        ['依据原文', '是', '条款原文，一字不改地照录。审查结论的理由会引用：依据《文件名称》条款：“原文”。'],
        ['填报说明', '否', '给部门看的说明：起始日期、终止日期、状态各填什么。'],
        ['研判提示', '否', '只用于例外行：组织部门研判时还要核实什么。'],
      ],
    },
    {
      heading: `“${POLICY_SHEET.conditions}”工作表（对人选本身的条件：年龄、学历、是否现任等；没有可只留表头）`,
      rows: [
        ['条件编号', '否', '英文编号，如 new-over-45；不填自动编号。'],
        ['条件名称', '是', '如 新进人选一般在45周岁以下。'],
        [
          '结论',
          '是',
          `下拉选择：${EFFECT_LABEL.bar}、${EFFECT_LABEL.concern}、${EFFECT_LABEL.warning}。方案写“一般”“原则上”的，通常选 ${EFFECT_LABEL.warning}。`,
        ],
        ['适用职务', '否', `留空＝所有职务；或 ${POSTS.join('、')} 中的一个或几个。`],
        [
          '适用人选',
          '否',
          `${NOMINEE_LABEL.new}（不是现任的）、${NOMINEE_LABEL.continuing}（现任继续提名的）或 ${NOMINEE_LABEL.all}（默认）。`,
        ],
        ['性别', '否', '男、女，或留空。'],
        ['年龄上限(周岁,含本数)', '否', '方案写“45周岁以下”就填 45：以下、以上都包括本数，满46周岁起触发。方案写“57周岁以上不宜”就填 56。'],
        ['出生日期不早于', '否', '方案写“(1960年1月1日后出生)”就填 1960-01-01：此日之前出生的触发。填了出生日期就不再看年龄上限。'],
        ['最低学历', '否', `${EDUCATIONS.join('、')} 之一：低于此学历的触发（高中与中专同级）。`],
        ['单位类型', '否', `留空＝不限；或 ${UNIT_KINDS.join('、')}（按换届工作的村(社区)名单判断）。`],
        ['依据条款、依据原文', '是', '同负面清单。'],
      ],
    },
    {
      heading: `“${POLICY_SHEET.avoidance}”工作表（近亲属回避；没有可只留表头）`,
      rows: [
        ['规则编号', '否', '英文编号，如 supervision；不填自动编号。'],
        ['规则名称', '是', '如 两委成员的近亲属不得担任村务监督委员会成员。'],
        [
          '关系',
          '是',
          `“${NEAR_RELATIVES_LABEL}”＝${RELATIONS.join('、')}（民法典第一千零四十五条）；也可以只写其中几种，用“、”分隔（“夫妻”即配偶）。`,
        ],
        [
          '一方职务、另一方职务',
          '是',
          `${Object.values(BODY_LABEL).join('、')} 中的一个或几个：同一村(社区)的两名人选，一方拟任前者、另一方拟任后者，且是上述关系，即需回避。`,
        ],
        [
          '回避方式',
          '是',
          `${GIVES_WAY_LABEL.second}（拟任“另一方职务”的回避）、${GIVES_WAY_LABEL.lowerRank}（只保留职务最高的）或 ${GIVES_WAY_LABEL.either}（方案未规定谁回避）。`,
        ],
        ['依据条款、依据原文', '是', '同负面清单。'],
      ],
    },
    {
      heading: `“${POLICY_SHEET.structure}”工作表（班子结构目标，只提示，不影响个人结论；没有可删除此表）`,
      rows: [
        ['目标', '是', `${Object.values(TARGET_LABEL).join('、')}；各项目标依据同一条款的，也可以另写一行“${OVERALL_TARGET_LABEL}”。`],
        ['要求', '是', `人数（如 1）、学历（如 高中）或 ${YES}/${NO}（一肩挑）。`],
        ['依据条款、依据原文', '是', '同负面清单。'],
      ],
    },
  ];
  const notes = [
    ...(example
      ? [`各表灰色斜体的内容是示例，请改成本县方案的内容或删除；“政策编号”必须改（示例编号 ${EXAMPLE_POLICY_ID} 不能上传）。`]
      : [`这是政策“${policy.name}”（${policy.id}，版本 ${policy.version}）导出的工作簿；修改后上传须提高版本号。`]),
    '期限按民法典第二百零一条、第二百零二条计算：开始的当日不计入，到期月的对应日为期间的最后一日，没有对应日的以月末为最后一日。例如“刑满释放未满5年”：2012年4月6日刑满释放的，到2017年4月6日仍在期内，2017年4月7日起不再适用；2012年2月29日释放的，到2017年2月28日为止。',
    '“以上、以下、以内”包括本数（刑法第九十九条）；满N周岁从N周岁生日的第二天起算：“45周岁以下”包括45周岁，满46周岁起触发。',
    '终止日期是措施的最后一天（判决、处分决定写“至…止”的那一天），除非“终止日期含义”选了期满次日。从终止日期起算的，记录没填终止日期时：填了“无终止日期时 适用”按仍在执行处理，否则交人工核实；从起始日期起算的，记录没填起始日期时交人工核实——系统不会猜测，也不会因缺少日期而放行。',
    '按状态判断：适用状态留空＝不论状态都适用；写“在查”＝状态是在查时适用；写“除已清偿外”＝状态不是已清偿时适用。记录没有填状态时按适用处理。',
    '按状态的例外：方案对某种处理结果另有规定的（如“违反计划生育已经处罚到位的，可以研判提名”），在该类别下面另起一行，写同一个类别名称，在“适用状态”写这些状态（如 已处罚到位），在“结论”写此时的结论（需研判、提示或不计入），并写明这条例外的依据条款和原文。例外行的时限、起算日沿用类别本身那一行，留空即可；已过期限的记录无论状态如何都不再适用。',
    '同一个单元格写多个值时用“、”分隔；类别名称本身带“、”的（如 党性不强、作风不实），每行写一个。',
    '整份校验：只要有一处错误，整份政策都不会导入。请按错误清单中的工作表、行号和列名逐一改正。上传前可以先在命令行检查：lianshen policy validate 文件.xlsx。',
    '表头必须在第1行，列名不要改动；列的先后顺序可以调整，标“否”的列可以删除。',
  ];
  addInstructions(ws, '村（社区）“两委”换届资格联审政策（负面清单）填写说明', sections, notes, '期限、日期和状态的算法');
}
