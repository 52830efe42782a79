// Checks across the candidates of one village or community: near relatives standing together
// (a conflict to resolve, not a disqualification) and the team structure report.
import { ageOn, birthDateOf, sexFromIdNumber } from './dates.js';
import {
  type AvoidanceRule,
  type CandidateRow,
  type Citation,
  EDUCATION_RANK,
  type Education,
  type Policy,
  type Post,
  type PostBody,
  type Relation,
  type Relative,
} from './model.js';
import { isPartyMember } from './routing.js';

export interface ConflictParty {
  name: string;
  idNumber: string;
  post: Post;
}

/**
 * Two candidates of one village who are near relatives in a way one of the policy's avoidance rules
 * forbids. candidates[1] is candidates[0]'s `relation` (e.g. relation 父母: the second is a parent of
 * the first). givesWay: the index of the candidate who must give way, or null when the clause only
 * says they may not serve together (the township and the organization department decide).
 */
export interface Conflict {
  village: string;
  township: string;
  relation: Relation;
  candidates: [ConflictParty, ConflictParty];
  via: 'declared' | 'id-link';
  rule: string;
  citation: Citation;
  givesWay: 0 | 1 | null;
  /** In Chinese: which clause and who gives way. */
  resolution: string;
}

type WithRelatives = CandidateRow & { relatives: Relative[] };

function normaliseId(id: string | undefined): string | null {
  const v = id?.trim().toUpperCase();
  return v ? v : null;
}

function groupByVillage<T extends CandidateRow>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.township.trim()}\u0000${row.village.trim()}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * What B is to A when A and B both declare the same third person X: key = "A's relation to X|B's
 * relation to X". Only inferences that land on a near relation are listed.
 */
function inferRelation(aToX: Relation, bToX: Relation, xId: string): Relation | null {
  switch (`${aToX}|${bToX}`) {
    case '父母|父母':
    case '兄弟姐妹|兄弟姐妹':
      return '兄弟姐妹';
    case '子女|子女':
      return '配偶'; // parents of the same child
    case '父母|配偶':
      return '父母'; // married to A's parent: A's other parent or a step-parent
    case '配偶|父母':
      return '子女'; // a child of A's spouse
    case '父母|子女':
      // X is A's parent and B's child: B is a grandparent, on the side of X's sex.
      return sexFromIdNumber(xId) === '女' ? '外祖父母' : '祖父母';
    case '子女|父母':
      // X is A's child and B's parent: B is a grandchild, on the side of X's sex.
      return sexFromIdNumber(xId) === '女' ? '外孙子女' : '孙子女';
    default:
      return null;
  }
}

const BODY_OF: Record<Post, PostBody> = {
  党组织书记: 'party',
  党组织副书记: 'party',
  党组织委员: 'party',
  '村(居)委会主任': 'committee',
  '村(居)委会副主任': 'committee',
  '村(居)委会委员': 'committee',
  监督委员会主任: 'supervision',
  监督委员会委员: 'supervision',
};

/** Rank inside a body, for "只保留其中职务最高的一人": lower is higher. */
const RANK: Record<Post, number> = {
  党组织书记: 0,
  党组织副书记: 1,
  党组织委员: 2,
  '村(居)委会主任': 0,
  '村(居)委会副主任': 1,
  '村(居)委会委员': 2,
  监督委员会主任: 0,
  监督委员会委员: 1,
};

export function bodyOf(post: Post): PostBody {
  return BODY_OF[post];
}

/** Which side of the rule each candidate stands on, when the pair falls under it at all. */
function sidesUnder(rule: AvoidanceRule, a: Post, b: Post): [0 | 1, 0 | 1] | null {
  const [first, second] = rule.between;
  if (first.includes(bodyOf(a)) && second.includes(bodyOf(b))) return [0, 1];
  if (first.includes(bodyOf(b)) && second.includes(bodyOf(a))) return [1, 0];
  return null;
}

function whoGivesWay(rule: AvoidanceRule, a: ConflictParty, b: ConflictParty, sides: [0 | 1, 0 | 1]): 0 | 1 | null {
  switch (rule.givesWay) {
    case 'second':
      return sides[0] === 1 ? 0 : 1;
    case 'lowerRank':
      if (RANK[a.post] === RANK[b.post]) return null;
      return RANK[a.post] > RANK[b.post] ? 0 : 1;
    case 'either':
      return null;
  }
}

function resolutionText(rule: AvoidanceRule, parties: [ConflictParty, ConflictParty], givesWay: 0 | 1 | null): string {
  if (givesWay === null) {
    const tail = rule.givesWay === 'lowerRank' ? '(职务相同)' : '';
    return `${parties[0].name}与${parties[1].name}不得同时任职${tail}，由乡镇(街道)党(工)委与组织部门研究确定一人回避`;
  }
  const who = parties[givesWay];
  return `${who.name}(拟任${who.post})应当回避`;
}

/**
 * Near relatives among the candidates of one township + village: a declared relative whose ID is
 * another candidate's ID ("declared"), or two candidates who declare the same third person's ID in
 * relations that make them near relatives ("id-link"). A pair conflicts only under an avoidance rule
 * of the policy (its relations and the posts both stand for); without rules there are none: the
 * report says only what the policy's text sets. One conflict per pair and rule, declared first.
 */
export function findRelativeConflicts(dossiers: WithRelatives[], policy: Policy): Conflict[] {
  const conflicts: Conflict[] = [];
  if (policy.avoidance.length === 0) return conflicts;

  for (const group of groupByVillage(dossiers).values()) {
    // A person may stand for two posts (the Party round and the committee round): every row counts.
    const rowsById = new Map<string, WithRelatives[]>();
    for (const d of group) {
      const id = normaliseId(d.idNumber);
      if (!id) continue;
      const rows = rowsById.get(id);
      if (rows) rows.push(d);
      else rowsById.set(id, [d]);
    }
    const found = new Map<string, Conflict>();
    const recordRows = (a: WithRelatives, b: WithRelatives, relation: Relation, via: Conflict['via']) => {
      for (const rule of policy.avoidance) {
        if (!rule.relations.includes(relation)) continue;
        const sides = sidesUnder(rule, a.post, b.post);
        if (!sides) continue;
        const ids = [normaliseId(a.idNumber) ?? '', normaliseId(b.idNumber) ?? ''].sort();
        const key = `${ids.join('|')}|${rule.id}`;
        const existing = found.get(key);
        if (existing && (existing.via === 'declared' || via === 'id-link')) continue;
        const parties: [ConflictParty, ConflictParty] = [
          { name: a.name, idNumber: a.idNumber, post: a.post },
          { name: b.name, idNumber: b.idNumber, post: b.post },
        ];
        const givesWay = whoGivesWay(rule, parties[0], parties[1], sides);
        found.set(key, {
          village: a.village.trim(),
          township: a.township.trim(),
          relation,
          candidates: parties,
          via,
          rule: rule.id,
          citation: rule.citation,
          givesWay,
          resolution: resolutionText(rule, parties, givesWay),
        });
      }
    };
    const record = (aId: string, bId: string, relation: Relation, via: Conflict['via']) => {
      for (const a of rowsById.get(aId) ?? []) for (const b of rowsById.get(bId) ?? []) recordRows(a, b, relation, via);
    };

    // Declared: A lists B's ID among A's relatives.
    const declaredBy = new Map<string, Array<{ who: string; relation: Relation }>>();
    for (const row of group) {
      const aId = normaliseId(row.idNumber);
      if (!aId) continue;
      for (const rel of row.relatives) {
        const xId = normaliseId(rel.idNumber);
        if (!xId || xId === aId) continue;
        if (rowsById.has(xId)) record(aId, xId, rel.relation, 'declared');
        const list = declaredBy.get(xId);
        if (list?.some((e) => e.who === aId && e.relation === rel.relation)) continue;
        if (list) list.push({ who: aId, relation: rel.relation });
        else declaredBy.set(xId, [{ who: aId, relation: rel.relation }]);
      }
    }

    // ID links: A and B both declare X.
    for (const [xId, entries] of declaredBy) {
      for (const ea of entries) {
        for (const eb of entries) {
          if (ea.who === eb.who) continue;
          const relation = inferRelation(ea.relation, eb.relation, xId);
          if (relation) record(ea.who, eb.who, relation, 'id-link');
        }
      }
    }
    conflicts.push(...found.values());
  }
  return conflicts;
}

export interface VillageStructure {
  township: string;
  village: string;
  /** Distinct candidates (by ID number). Candidates outnumber seats, so these are slate counts. */
  members: number;
  women: number;
  /** 35周岁以下 at the reference date, the age itself included (以下 includes the number). */
  under35: number;
  partyMembers: number;
  education: Record<Education, number>;
  /** Candidates at or above the policy's minEducation; null when the policy sets none. */
  atOrAboveMinEducation: number | null;
  /** 一肩挑: one ID number stands both as 党组织书记 and as 村(居)委会主任. */
  oneShoulder: boolean;
  /** Both posts have candidates, but no one stands for both. */
  secretaryAndChairSeparate: boolean;
  /** In Chinese, against the policy's structure targets. */
  warnings: string[];
}

const SECRETARY = '党组织书记';
const CHAIR = '村(居)委会主任';

/**
 * One report per township + village. A person may appear in more than one batch of a campaign (the
 * Party round and the committee round), which is how 一肩挑 shows: the same ID under both posts.
 */
export function structureReport(dossiers: CandidateRow[], policy: Policy, referenceDate: string): VillageStructure[] {
  const targets = policy.structure;
  const reports: VillageStructure[] = [];
  for (const group of groupByVillage(dossiers).values()) {
    const first = group[0];
    if (!first) continue;
    const people = new Map<string, { row: CandidateRow; posts: Set<string> }>();
    for (const row of group) {
      const id = normaliseId(row.idNumber) ?? '';
      const person = people.get(id);
      if (person) person.posts.add(row.post);
      else people.set(id, { row, posts: new Set([row.post]) });
    }
    const education: Record<Education, number> = { 小学: 0, 初中: 0, 高中: 0, 中专: 0, 大专: 0, 本科: 0, 研究生: 0 };
    let women = 0;
    let under35 = 0;
    let partyMembers = 0;
    let atOrAbove = 0;
    let secretaries = 0;
    let chairs = 0;
    let oneShoulder = false;
    for (const { row, posts } of people.values()) {
      education[row.education] += 1;
      if (row.sex === '女') women += 1;
      if (isPartyMember(row.political)) partyMembers += 1;
      const birth = birthDateOf(row);
      if (birth && ageOn(birth, referenceDate) <= 35) under35 += 1;
      if (targets?.minEducation && EDUCATION_RANK[row.education] >= EDUCATION_RANK[targets.minEducation]) atOrAbove += 1;
      if (posts.has(SECRETARY)) secretaries += 1;
      if (posts.has(CHAIR)) chairs += 1;
      if (posts.has(SECRETARY) && posts.has(CHAIR)) oneShoulder = true;
    }
    const members = people.size;
    const secretaryAndChairSeparate = !oneShoulder && secretaries > 0 && chairs > 0;

    const warnings: string[] = [];
    if (targets?.minWomen !== undefined && women < targets.minWomen) {
      warnings.push(`女性人选${women}名,少于要求的${targets.minWomen}名`);
    }
    if (targets?.minUnder35 !== undefined && under35 < targets.minUnder35) {
      warnings.push(`35周岁以下人选${under35}名,少于要求的${targets.minUnder35}名`);
    }
    if (targets?.minEducation !== undefined && atOrAbove * 2 <= members) {
      warnings.push(`${targets.minEducation}及以上学历人选${atOrAbove}名,未占多数(共${members}名)`);
    }
    if (targets?.oneShoulder && secretaryAndChairSeparate) {
      warnings.push('党组织书记人选与村(居)委会主任人选不是同一人,未实现“一肩挑”');
    }

    reports.push({
      township: first.township.trim(),
      village: first.village.trim(),
      members,
      women,
      under35,
      partyMembers,
      education,
      atOrAboveMinEducation: targets?.minEducation ? atOrAbove : null,
      oneShoulder,
      secretaryAndChairSeparate,
      warnings,
    });
  }
  return reports.sort((a, b) => a.township.localeCompare(b.township, 'zh') || a.village.localeCompare(b.village, 'zh'));
}
