// The policy workbook a county writes (docs/policies.md "How a county writes its policy"): its
// sheets, columns and the Chinese words of every value, shared by the reader (policy-book.ts) and
// the writer (shared/adapters/files/policy-workbook.ts), so the two cannot disagree.
import type { DepartmentMode, PostBody, RuleEffect, Severity } from '../model.js';

export const POLICY_SHEET = {
  policy: '政策',
  departments: '部门',
  categories: '负面清单',
  conditions: '人选条件',
  avoidance: '回避',
  structure: '班子结构',
  instructions: '填写说明',
  options: '选项',
} as const;

/** Sheets a workbook must have; 班子结构 may be left out (no targets). */
export const REQUIRED_POLICY_SHEETS = [
  POLICY_SHEET.policy,
  POLICY_SHEET.departments,
  POLICY_SHEET.categories,
  POLICY_SHEET.conditions,
  POLICY_SHEET.avoidance,
] as const;

// ---------------------------------------------------------------- 政策 (key/value rows)

export const POLICY_KV_HEADERS = ['项目', '内容'] as const;
export type PolicyKvHeader = (typeof POLICY_KV_HEADERS)[number];

export const POLICY_FIELD = {
  id: '政策编号',
  version: '版本',
  name: '政策名称',
  title: '文件名称',
  number: '文号',
  date: '发文日期',
  issuer: '发文机关',
  jurisdiction: '适用地区',
  sourceClause: '联审依据条款',
  sourceQuote: '联审依据原文',
  file: '原文存档文件',
  townshipSees: '乡镇可见',
  orgdeptDepartment: '组织部门审查部门',
  note: '说明',
} as const;
export type PolicyField = (typeof POLICY_FIELD)[keyof typeof POLICY_FIELD];
export const POLICY_FIELDS: readonly PolicyField[] = Object.values(POLICY_FIELD);
export const REQUIRED_POLICY_FIELDS: readonly PolicyField[] = [
  POLICY_FIELD.id,
  POLICY_FIELD.version,
  POLICY_FIELD.title,
  POLICY_FIELD.jurisdiction,
  POLICY_FIELD.sourceClause,
  POLICY_FIELD.sourceQuote,
];
/** The only item that may be written on several rows (one note each). */
export const REPEATABLE_POLICY_FIELDS: readonly PolicyField[] = [POLICY_FIELD.note];

// ---------------------------------------------------------------- 部门

export const DEPARTMENT_HEADERS = ['部门编码', '部门名称', '答复方式', '答复时限(工作日)', '负责类别'] as const;
export const DEPARTMENT_OPTIONAL_HEADERS = ['询问范围'] as const;
export type DepartmentHeader = (typeof DEPARTMENT_HEADERS)[number] | (typeof DEPARTMENT_OPTIONAL_HEADERS)[number];

export const MODE_LABEL: Readonly<Record<DepartmentMode, string>> = { auto: '自动', manual: '人工' };
export const SCOPE_LABEL: Readonly<Record<'all' | 'partyMembers', string>> = { all: '全部人选', partyMembers: '仅党员' };

// ---------------------------------------------------------------- 负面清单

export const CATEGORY_HEADERS = ['类别', '结论', '时限(年)', '起算日', '适用状态', '依据条款', '依据原文'] as const;
export const CATEGORY_OPTIONAL_HEADERS = ['分组', '无终止日期时', '终止日期含义', '负责部门', '填报说明', '研判提示'] as const;
export type CategoryHeader = (typeof CATEGORY_HEADERS)[number] | (typeof CATEGORY_OPTIONAL_HEADERS)[number];
/** The column order of the template and the export. */
export const CATEGORY_COLUMNS: readonly CategoryHeader[] = [
  '类别',
  '分组',
  '结论',
  '时限(年)',
  '起算日',
  '无终止日期时',
  '适用状态',
  '终止日期含义',
  '负责部门',
  '依据条款',
  '依据原文',
  '填报说明',
  '研判提示',
];

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { bar: '不得提名', concern: '需研判', notice: '提示' };
/** An exception row's 结论 may also say the record does not count. */
export const EXEMPT_LABEL = '不计入';
export const ANCHOR_LABEL: Readonly<Record<'end' | 'start', string>> = { end: '终止日期', start: '起始日期' };
/** 时限(年) for "through 终止日期" (the untilEnd window). */
export const UNTIL_END_LABEL = '至终止日期';
/** 无终止日期时: a record without 终止日期 applies (still serving, still open). */
export const WITHOUT_END_APPLIES = '适用';
export const END_DATE_LABEL: Readonly<Record<'lastDayInForce' | 'firstDayFree', string>> = {
  lastDayInForce: '最后一天',
  firstDayFree: '期满次日',
};
/** 适用状态 "除已清偿外": applies while 状态 is none of the values. */
export const NEGATED_STATUS = { prefix: '除', suffix: '外' } as const;
export const DEFAULT_GROUP = '负面清单';

// ---------------------------------------------------------------- 人选条件

export const CONDITION_HEADERS = [
  '条件名称',
  '结论',
  '适用职务',
  '适用人选',
  '性别',
  '年龄上限(周岁,含本数)',
  '出生日期不早于',
  '最低学历',
  '单位类型',
  '依据条款',
  '依据原文',
] as const;
export const CONDITION_OPTIONAL_HEADERS = ['条件编号'] as const;
export type ConditionHeader = (typeof CONDITION_HEADERS)[number] | (typeof CONDITION_OPTIONAL_HEADERS)[number];
export const CONDITION_COLUMNS: readonly ConditionHeader[] = ['条件编号', ...CONDITION_HEADERS];

export const EFFECT_LABEL: Readonly<Record<RuleEffect, string>> = { bar: '不得提名', concern: '需研判', warning: '提示' };
export const NOMINEE_LABEL = { new: '新任', continuing: '继任', all: '全部' } as const;

// ---------------------------------------------------------------- 回避

export const AVOIDANCE_HEADERS = ['规则名称', '关系', '一方职务', '另一方职务', '回避方式', '依据条款', '依据原文'] as const;
export const AVOIDANCE_OPTIONAL_HEADERS = ['规则编号'] as const;
export type AvoidanceHeader = (typeof AVOIDANCE_HEADERS)[number] | (typeof AVOIDANCE_OPTIONAL_HEADERS)[number];
export const AVOIDANCE_COLUMNS: readonly AvoidanceHeader[] = ['规则编号', ...AVOIDANCE_HEADERS];

export const BODY_LABEL: Readonly<Record<PostBody, string>> = { party: '党组织', committee: '村(居)委会', supervision: '监督委员会' };
export const GIVES_WAY_LABEL: Readonly<Record<'second' | 'lowerRank' | 'either', string>> = {
  second: '另一方回避',
  lowerRank: '职务低者回避',
  either: '由乡镇研究确定',
};
/** 关系 for all eight near relations of 民法典 第一千零四十五条. */
export const NEAR_RELATIVES_LABEL = '近亲属';

// ---------------------------------------------------------------- 班子结构

export const STRUCTURE_HEADERS = ['目标', '要求', '依据条款', '依据原文'] as const;
export type StructureHeader = (typeof STRUCTURE_HEADERS)[number];
export const TARGET_LABEL = {
  minWomen: '女性成员至少(名)',
  minUnder35: '35周岁以下成员至少(名)',
  minEducation: '学历为主体(最低)',
  oneShoulder: '一肩挑',
} as const;
export type StructureTarget = keyof typeof TARGET_LABEL;
/** A row that only gives the clause of the targets as a whole. */
export const OVERALL_TARGET_LABEL = '总体依据';
export const TARGET_ORDER: readonly StructureTarget[] = ['minWomen', 'minUnder35', 'minEducation', 'oneShoulder'];

// ---------------------------------------------------------------- cells

/** Lists inside a cell: 、 (and the commas and semicolons people type instead), or one per line. */
export const LIST_SEPARATORS = /[、,，;；]/;
export const YES = '是';
export const NO = '否';

/** Rows with drop-downs in the template (a policy has tens, not thousands). */
export const POLICY_TEMPLATE_ROWS = 300;
export const MAX_POLICY_ROWS = 2000;
/** 政策编号 the template's example carries: uploading the template unchanged is refused. */
export const EXAMPLE_POLICY_ID = 'example-county-2027';
