// The campaign's 行政区划 list: townships (乡镇/街道) with their villages and communities. Names are
// compared as people mean them (full-width characters and stray spaces ignored), so "檀东 社区" and
// "檀东社区" are one unit and cannot both be listed.
import { compactText } from './import/normalize.js';
import { TOWNSHIP_CODE_PATTERN, type Campaign, type CampaignTownship, type CampaignVillage, type UnitKind } from './model.js';

/** Stable codes of the problems a unit list can have (the 400/409 `code`, the import error code). */
export const UNIT_PROBLEM_CODES = [
  'TOWNSHIP_CODE_INVALID',
  'TOWNSHIP_CODE_DUPLICATE',
  'TOWNSHIP_NAME_DUPLICATE',
  'VILLAGE_NAME_DUPLICATE',
  'UNITS_TOO_MANY',
] as const;
export type UnitProblemCode = (typeof UNIT_PROBLEM_CODES)[number];

export interface UnitProblem {
  code: UnitProblemCode;
  /** Path inside the list, e.g. [2, 'villages', 0, 'name']. */
  path: Array<string | number>;
  message: string;
}

/**
 * A county has a few dozen townships and some hundreds of villages; the limits keep the list inside
 * one stored item (DynamoDB's 400 KB) with room to spare.
 */
export const MAX_TOWNSHIPS = 300;
export const MAX_VILLAGES = 3000;

/** The key a name is compared by. */
export function unitKey(name: string): string {
  return compactText(name);
}

export function isTownshipCode(code: string): boolean {
  return TOWNSHIP_CODE_PATTERN.test(code);
}

export const TOWNSHIP_CODE_RULE = '只能由小写英文字母、数字和连字符“-”组成（如 changguo 或 330902001），以字母或数字开头，最长64位';

/** Every problem of a list: duplicate names (townships; villages within one township), codes, size. */
export function unitListProblems(townships: readonly CampaignTownship[]): UnitProblem[] {
  const problems: UnitProblem[] = [];
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  let villages = 0;
  townships.forEach((t, i) => {
    if (!isTownshipCode(t.code)) {
      problems.push({
        code: 'TOWNSHIP_CODE_INVALID',
        path: [i, 'code'],
        message: `乡镇（街道）代码“${t.code}”不符合要求：${TOWNSHIP_CODE_RULE}`,
      });
    }
    const earlierCode = codes.get(t.code);
    if (earlierCode !== undefined) {
      problems.push({
        code: 'TOWNSHIP_CODE_DUPLICATE',
        path: [i, 'code'],
        message: `乡镇（街道）代码“${t.code}”与第${earlierCode + 1}个乡镇（街道）重复：每个乡镇（街道）的代码必须不同`,
      });
    } else codes.set(t.code, i);
    const key = unitKey(t.name);
    const earlierName = names.get(key);
    if (earlierName !== undefined) {
      problems.push({
        code: 'TOWNSHIP_NAME_DUPLICATE',
        path: [i, 'name'],
        message: `乡镇（街道）“${t.name}”与第${earlierName + 1}个乡镇（街道）同名：同一换届工作中乡镇（街道）名称不能重复`,
      });
    } else names.set(key, i);
    const villageNames = new Map<string, number>();
    (t.villages ?? []).forEach((v, j) => {
      villages += 1;
      const vKey = unitKey(v.name);
      const earlier = villageNames.get(vKey);
      if (earlier !== undefined) {
        problems.push({
          code: 'VILLAGE_NAME_DUPLICATE',
          path: [i, 'villages', j, 'name'],
          message: `${t.name}的村（社区）“${v.name}”与该乡镇（街道）第${earlier + 1}个村（社区）同名：同一乡镇（街道）内村（社区）名称不能重复`,
        });
      } else villageNames.set(vKey, j);
    });
  });
  if (townships.length > MAX_TOWNSHIPS) {
    problems.push({ code: 'UNITS_TOO_MANY', path: [], message: `乡镇（街道）超过 ${MAX_TOWNSHIPS} 个的上限` });
  }
  if (villages > MAX_VILLAGES) {
    problems.push({ code: 'UNITS_TOO_MANY', path: [], message: `村（社区）共 ${villages} 个，超过 ${MAX_VILLAGES} 个的上限` });
  }
  return problems;
}

export function findTownshipByName(campaign: Pick<Campaign, 'townships'>, name: string): CampaignTownship | undefined {
  const key = unitKey(name);
  return campaign.townships?.find((t) => unitKey(t.name) === key);
}

export function findVillage(township: CampaignTownship, name: string): CampaignVillage | undefined {
  const key = unitKey(name);
  return township.villages?.find((v) => unitKey(v.name) === key);
}

/** The unit's kind as the campaign's list says it, or null when the list does not say. */
export function unitKindOf(campaign: Pick<Campaign, 'townships'>, townshipName: string, villageName: string): UnitKind | null {
  const township = findTownshipByName(campaign, townshipName);
  if (township === undefined) return null;
  return findVillage(township, villageName)?.kind ?? null;
}

/**
 * What a batch's rows are checked against: the townships the campaign lists and, for each township
 * whose villages are listed, those villages. Undefined: the campaign lists no townships at all.
 */
export interface UnitRegistry {
  townships: ReadonlyArray<{ name: string; villages?: readonly string[] }>;
}

export function unitRegistry(campaign: Pick<Campaign, 'townships'>): UnitRegistry | undefined {
  if (campaign.townships === undefined) return undefined;
  return {
    townships: campaign.townships.map((t) => ({
      name: t.name,
      ...(t.villages === undefined ? {} : { villages: t.villages.map((v) => v.name) }),
    })),
  };
}

/** A unit as one line of a change list: 昌国街道 / 檀东社区. */
export interface UnitRef {
  township: string;
  village?: string;
}

export interface UnitChanges {
  addedTownships: CampaignTownship[];
  addedVillages: Array<{ township: string; village: CampaignVillage }>;
  /** Listed before, not in the new list. */
  removed: UnitRef[];
  /** In both lists with something else changed: a township's code, a village's kind. */
  changed: Array<UnitRef & { what: 'code' | 'kind'; from: string; to: string }>;
}

/** How `after` differs from `before`, unit by unit (names compared by unitKey). */
export function unitChanges(before: readonly CampaignTownship[], after: readonly CampaignTownship[]): UnitChanges {
  const out: UnitChanges = { addedTownships: [], addedVillages: [], removed: [], changed: [] };
  const afterByName = new Map(after.map((t) => [unitKey(t.name), t]));
  const beforeByName = new Map(before.map((t) => [unitKey(t.name), t]));
  for (const old of before) {
    const now = afterByName.get(unitKey(old.name));
    if (now === undefined) {
      out.removed.push({ township: old.name });
      continue;
    }
    if (now.code !== old.code) out.changed.push({ township: old.name, what: 'code', from: old.code, to: now.code });
    const nowVillages = new Map((now.villages ?? []).map((v) => [unitKey(v.name), v]));
    for (const v of old.villages ?? []) {
      const match = nowVillages.get(unitKey(v.name));
      if (match === undefined) out.removed.push({ township: old.name, village: v.name });
      else if (match.kind !== v.kind) out.changed.push({ township: old.name, village: v.name, what: 'kind', from: v.kind, to: match.kind });
    }
    const oldVillages = new Set((old.villages ?? []).map((v) => unitKey(v.name)));
    for (const v of now.villages ?? []) if (!oldVillages.has(unitKey(v.name))) out.addedVillages.push({ township: old.name, village: v });
  }
  for (const t of after) if (!beforeByName.has(unitKey(t.name))) out.addedTownships.push(t);
  return out;
}

/**
 * `incoming` added to `existing`: new townships appended, new villages appended to their township;
 * what is already listed keeps its stored code, spelling and kind (unitChanges tells whether the
 * upload disagreed).
 */
export function mergeUnits(existing: readonly CampaignTownship[], incoming: readonly CampaignTownship[]): CampaignTownship[] {
  const merged = existing.map((t) => ({ ...t, ...(t.villages === undefined ? {} : { villages: [...t.villages] }) }));
  const byName = new Map(merged.map((t) => [unitKey(t.name), t]));
  for (const t of incoming) {
    const known = byName.get(unitKey(t.name));
    if (known === undefined) {
      const added = { ...t, ...(t.villages === undefined ? {} : { villages: [...t.villages] }) };
      merged.push(added);
      byName.set(unitKey(t.name), added);
      continue;
    }
    if (t.villages === undefined) continue;
    const villages = known.villages ?? [];
    const names = new Set(villages.map((v) => unitKey(v.name)));
    for (const v of t.villages) if (!names.has(unitKey(v.name))) villages.push(v);
    known.villages = villages;
  }
  return merged;
}

export function unitRefText(ref: UnitRef): string {
  return ref.village === undefined ? ref.township : `${ref.township}${ref.village}`;
}
