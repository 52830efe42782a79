// Per-village checks of a campaign: team structure and near-relative avoidance among the
// candidates still standing (a disqualified candidate neither conflicts nor counts).
import { findRelativeConflicts, structureReport, type VillageStructure } from '../domain/batch-checks.js';
import type { Citation, Post, Relation } from '../domain/model.js';
import { loadCampaign, policyOf, type UseCaseDeps } from './common.js';
import { campaignDossiers, decisionsByCandidate } from './dashboard.js';
import { isRefusal } from './refusals.js';

export interface VillageConflictView {
  relation: Relation;
  via: 'declared' | 'id-link';
  citation: Citation | null;
  /** Never ID numbers in a response about relatives. */
  candidates: Array<{ candidateId: string | null; name: string; post: Post }>;
  /** Which avoidance rule, who gives way (index into candidates, or null: the township decides), in words. */
  rule: string;
  givesWay: 0 | 1 | null;
  resolution: string;
}

export interface VillageView {
  township: string;
  village: string;
  structure: VillageStructure | null;
  conflicts: VillageConflictView[];
}

export async function villageChecks(deps: UseCaseDeps, input: { campaignId: string }) {
  const { repos } = deps;
  const stored = await loadCampaign(repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(repos, stored);
  const decisions = await decisionsByCandidate(repos, input.campaignId);
  const standing = (await campaignDossiers(repos, input.campaignId)).filter(
    (d) => decisions.get(d.candidateId)?.finalStatus !== 'disqualified',
  );
  const structure = structureReport(standing, policy, stored.campaign.referenceDate);
  const conflicts = findRelativeConflicts(standing, policy);
  const key = (township: string, village: string) => `${township}\u0000${village}`;
  const villages = new Map<string, VillageView>();
  for (const s of structure)
    villages.set(key(s.township, s.village), { township: s.township, village: s.village, structure: s, conflicts: [] });
  for (const c of conflicts) {
    const idOf = (idNumber: string) =>
      standing.find((d) => d.idNumber === idNumber && d.village === c.village && d.township === c.township)?.candidateId ?? null;
    const entry = villages.get(key(c.township, c.village)) ?? { township: c.township, village: c.village, structure: null, conflicts: [] };
    entry.conflicts.push({
      relation: c.relation,
      via: c.via,
      citation: c.citation,
      candidates: c.candidates.map((p) => ({ candidateId: idOf(p.idNumber), name: p.name, post: p.post })),
      rule: c.rule,
      givesWay: c.givesWay,
      resolution: c.resolution,
    });
    villages.set(key(c.township, c.village), entry);
  }
  return { campaignId: input.campaignId, generatedAt: deps.now().toISOString(), villages: [...villages.values()] };
}
