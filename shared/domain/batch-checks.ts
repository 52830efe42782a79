// Checks across the candidates of one village or community: near relatives standing together
// (a conflict to resolve, not a disqualification) and the team structure report.
import { ageOn, birthDateOf, sexFromIdNumber } from './dates.js';
import {
  EDUCATION_RANK,
  RELATIONS,
  type CandidateRow,
  type Citation,
  type Education,
  type Policy,
  type Relation,
  type Relative,
} from './model.js';
import { isPartyMember } from './routing.js';

export interface ConflictParty {
  name: string;
  idNumber: string;
}

/** candidates[1] is candidates[0]'s `relation` (e.g. relation 父母: the second is a parent of the first). */
export interface Conflict {
  village: string;
  township: string;
  relation: Relation;
  candidates: [ConflictParty, ConflictParty];
  via: 'declared' | 'id-link';
  citation: Citation | null;
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

/**
 * Near relatives among the candidates of one township + village: a declared relative whose ID is
 * another candidate's ID ("declared"), or two candidates who declare the same third person's ID in
 * relations that make them near relatives ("id-link"). One conflict per pair, declared first.
 * Only the policy's avoidance relations count; without them, all near relations do.
 */
export function findRelativeConflicts(dossiers: WithRelatives[], policy: Policy): Conflict[] {
  const allowed = new Set<Relation>(policy.relativeAvoidance?.relations ?? RELATIONS);
  const citation = policy.relativeAvoidance?.citation ?? null;
  const conflicts: Conflict[] = [];

  for (const group of groupByVillage(dossiers).values()) {
    const byId = new Map<string, WithRelatives>();
    for (const d of group) {
      const id = normaliseId(d.idNumber);
      if (id && !byId.has(id)) byId.set(id, d);
    }
    const found = new Map<string, Conflict>();
    const record = (a: WithRelatives, b: WithRelatives, relation: Relation, via: Conflict['via']) => {
      if (!allowed.has(relation)) return;
      const ids = [normaliseId(a.idNumber) ?? '', normaliseId(b.idNumber) ?? ''].sort();
      const key = ids.join('|');
      const existing = found.get(key);
      if (existing && (existing.via === 'declared' || via === 'id-link')) return;
      found.set(key, {
        village: a.village.trim(),
        township: a.township.trim(),
        relation,
        candidates: [
          { name: a.name, idNumber: a.idNumber },
          { name: b.name, idNumber: b.idNumber },
        ],
        via,
        citation,
      });
    };

    // Declared: A lists B's ID among A's relatives.
    const declaredBy = new Map<string, Array<{ who: WithRelatives; relation: Relation }>>();
    for (const row of group) {
      const aId = normaliseId(row.idNumber);
      const a = aId ? byId.get(aId) : undefined;
      if (!aId || !a) continue;
      for (const rel of row.relatives) {
        const xId = normaliseId(rel.idNumber);
        if (!xId || xId === aId) continue;
        const b = byId.get(xId);
        if (b) record(a, b, rel.relation, 'declared');
        const list = declaredBy.get(xId);
        if (list) list.push({ who: a, relation: rel.relation });
        else declaredBy.set(xId, [{ who: a, relation: rel.relation }]);
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
