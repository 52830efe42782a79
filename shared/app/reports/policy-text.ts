// A policy in plain Chinese, as a township or department reads it: the document, who answers and by
// when, the 负面清单 by 结论 with each window in words, the candidate conditions, avoidance and who
// gives way, every clause cited as 《…》条款：“原文”.
import type { AvoidanceRule, Category, PersonRule, Policy, PostBody, Severity } from '../../domain/model.js';
import { chineseDate } from '../../domain/rules.js';
import { orgdeptDepartmentOf } from '../../domain/orgdept-department.js';
import { citeText } from './labels.js';

const SEVERITY_TEXT: Record<Severity, string> = { bar: '不得提名', concern: '需组织部门研判', notice: '提示' };
const EFFECT_TEXT: Record<PersonRule['effect'], string> = { bar: '不得提名', concern: '需组织部门研判', warning: '提示' };
const BODY_TEXT: Record<PostBody, string> = { party: '党组织', committee: '村(居)民委员会', supervision: '村(居)务监督委员会' };
const ALL_RELATIONS = 8;

function period(years: number, months: number | undefined): string {
  const m = months ?? 0;
  if (m === 0) return `${years}年`;
  return years === 0 ? `${m}个月` : `${years}年${m}个月`;
}

const quoted = (values: readonly string[]) => values.map((v) => `“${v}”`).join('或');

/** E.g. 自终止日期起算，满5年之次日起不再适用；没有终止日期的（仍在执行）适用. */
export function windowText(category: Category): string {
  const w = category.window;
  const end = category.endDate === 'firstDayFree' ? '终止日期（期满次日）' : '终止日期';
  switch (w.kind) {
    case 'years': {
      const from = w.anchor === 'end' ? end : '起始日期';
      const base = `自${from}起算，满${period(w.years, w.months)}之次日起不再适用`;
      if (w.anchor === 'end') return `${base}；${w.ongoingWithoutEnd ? '没有终止日期的（仍在执行）适用' : '没有终止日期的需人工核实'}`;
      return `${base}；没有起始日期的需人工核实`;
    }
    case 'untilEnd':
      return `至${end}止（含当日），次日起不再适用；没有终止日期的适用`;
    case 'status':
      return `${w.negate ? `状态不是${quoted(w.statuses)}时适用` : `状态为${quoted(w.statuses)}时适用`}${w.alsoWithoutEnd ? '；没有终止日期的也适用' : ''}；未填状态的适用`;
    case 'permanent':
      return '长期适用';
  }
}

function conditionText(rule: PersonRule): string {
  const w = rule.when;
  const parts: string[] = [];
  if (w.incumbent !== undefined) parts.push(w.incumbent ? '继续提名的现任人选' : '新任人选');
  if (w.posts !== undefined) parts.push(`拟任${w.posts.join('、')}`);
  if (w.unitKinds !== undefined) parts.push(`${w.unitKinds.join('、')}的人选`);
  if (w.sex !== undefined) parts.push(`${w.sex}性`);
  if (w.bornBefore !== undefined) parts.push(`${chineseDate(w.bornBefore)}以前出生`);
  else if (w.ageAtLeast !== undefined) parts.push(`满${w.ageAtLeast}周岁（超过${w.ageAtLeast - 1}周岁）`);
  if (w.educationBelow !== undefined) parts.push(`学历低于${w.educationBelow}`);
  return `${parts.join('，') || '所有人选'}：${EFFECT_TEXT[rule.effect]}`;
}

function avoidanceText(rule: AvoidanceRule): { relations: string; between: string; givesWay: string } {
  const sides = rule.between.map((side) => side.map((b) => BODY_TEXT[b]).join('或'));
  const relations = rule.relations.length === ALL_RELATIONS ? `近亲属（${rule.relations.join('、')}）` : rule.relations.join('、');
  const givesWay =
    rule.givesWay === 'second'
      ? `拟任${sides[1] ?? ''}成员的一方回避`
      : rule.givesWay === 'lowerRank'
        ? '只保留职务最高的一人，职务低者回避'
        : '方案未规定谁回避，由乡镇（街道）和组织部门研究确定';
  return { relations, between: `同一村(社区)的两名人选，一方拟任${sides[0] ?? ''}成员、另一方拟任${sides[1] ?? ''}成员`, givesWay };
}

/** Everything the policy page shows, in Chinese. */
export function policyReading(policy: Policy) {
  const d = policy.document;
  const answeredBy = (label: string) => policy.departments.filter((x) => x.categories.includes(label)).map((x) => x.name);
  const item = (c: Category) => ({
    label: c.label,
    group: c.group,
    window: windowText(c),
    text: `${c.label}：${windowText(c)}`,
    citation: citeText(c.citation),
    description: c.description ?? null,
    departments: answeredBy(c.label),
    exceptions: c.statusOverrides.map((o) => ({
      statuses: o.statuses,
      text: `状态为${quoted(o.statuses)}的：${o.severity === 'none' ? '不计入' : SEVERITY_TEXT[o.severity]}${o.note ? `（${o.note}）` : ''}`,
      citation: citeText(o.citation),
    })),
  });
  const structure = policy.structure;
  const targets: Array<{ text: string; citation: string }> = [];
  if (structure !== undefined) {
    const cite = (key: 'minWomen' | 'minUnder35' | 'minEducation' | 'oneShoulder') =>
      citeText(structure.targetCitations?.[key] ?? structure.citation);
    if (structure.minWomen !== undefined)
      targets.push({ text: `每个村(社区)“两委”至少有${structure.minWomen}名女性成员`, citation: cite('minWomen') });
    if (structure.minUnder35 !== undefined)
      targets.push({ text: `至少有${structure.minUnder35}名35周岁以下的成员`, citation: cite('minUnder35') });
    if (structure.minEducation !== undefined)
      targets.push({ text: `以${structure.minEducation}以上学历为主体`, citation: cite('minEducation') });
    if (structure.oneShoulder === true)
      targets.push({ text: '党组织书记依法兼任村(居)民委员会主任（一肩挑）', citation: cite('oneShoulder') });
  }
  return {
    document: [d.title, d.number, d.date === undefined ? undefined : chineseDate(d.date), d.issuer]
      .filter((x) => x !== undefined)
      .join('　'),
    source: citeText(policy.source),
    // The department the organization department answers for itself (its own inbox), by name.
    orgdeptDepartment: policy.departments.find((x) => x.code === orgdeptDepartmentOf(policy))?.name ?? null,
    departments: policy.departments.map((x) => ({
      code: x.code,
      name: x.name,
      mode: x.mode === 'auto' ? '自动答复（部门上传记录表，系统比对）' : '人工答复（审查人员在系统中逐人答复）',
      sla: `${x.slaDays}个工作日`,
      scope: x.appliesTo === 'partyMembers' ? '仅党员' : '全部人选',
      categories: x.categories,
    })),
    categories: {
      bar: policy.categories.filter((c) => c.severity === 'bar').map(item),
      concern: policy.categories.filter((c) => c.severity === 'concern').map(item),
      notice: policy.categories.filter((c) => c.severity === 'notice').map(item),
    },
    conditions: policy.personRules.map((r) => ({
      label: r.label,
      effect: EFFECT_TEXT[r.effect],
      text: conditionText(r),
      citation: citeText(r.citation),
    })),
    avoidance: policy.avoidance.map((r) => ({ label: r.label, ...avoidanceText(r), citation: citeText(r.citation) })),
    structure: targets,
  };
}
export type PolicyReading = ReturnType<typeof policyReading>;
