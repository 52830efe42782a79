// 联审台账 of a campaign (or of one township in it): every candidate × department with the answer
// as it stands. Townships read their own; the organization department reads all and alone may ask
// for full ID numbers, and such an export is an audit event on the campaign's chain (who and how
// many rows, never whom).
import { campaignChainId } from '../domain/ids.js';
import { canReadTownship, type Caller } from './access.js';
import { actorOf, loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import { forbidden, isRefusal, type Refusal } from './refusals.js';
import { buildLedgerRows, type Ledger } from './reports/ledger.js';
import { routedCodes } from './views.js';

export interface LedgerInput {
  caller: Caller;
  campaignId: string;
  township?: string;
  fullIds?: boolean;
}

/** Who the full-ID right belongs to: the organization department only. */
export function mayExportFullIds(caller: Caller): boolean {
  return caller.orgdept;
}

/** The township a caller's ledger is limited to: a township account always its own. */
export function ledgerScope(caller: Caller, township: string | undefined): { township?: string } | Refusal {
  if (caller.orgdept) return township === undefined ? {} : { township };
  const [only] = caller.townships;
  if (township === undefined) return only === undefined ? forbidden('无权访问：此操作需要乡镇（街道）或组织部门账号') : { township: only };
  const refused = canReadTownship(caller, township);
  return refused ?? { township };
}

export async function campaignLedger(
  deps: UseCaseDeps & { reviewerNames?: (departments: readonly string[]) => Promise<ReadonlyMap<string, string>> },
  input: LedgerInput,
): Promise<Ledger | Refusal> {
  const scope = ledgerScope(input.caller, input.township);
  if (isRefusal(scope)) return scope;
  const fullIds = input.fullIds === true;
  if (fullIds && !mayExportFullIds(input.caller)) return forbidden('无权导出完整身份证号：仅组织部门可以导出');
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const policy = await policyOf(deps.repos, stored);
  // A township's scope is its code, which its batches carry (the dossiers carry the name the file gave).
  const batches = (await deps.repos.batches.listByCampaign(input.campaignId)).filter(
    (b) => scope.township === undefined || b.township === scope.township,
  );
  const dossiers = (await mapLimit(batches, 4, (b) => deps.repos.candidates.listDossiersByBatch(b.batchId))).flat();
  const candidates = await mapLimit(dossiers, 16, async (dossier) => {
    const [routing, verdicts] = await Promise.all([
      deps.repos.candidates.getRouting(dossier.candidateId),
      deps.repos.verdicts.listByCandidate(dossier.candidateId),
    ]);
    return {
      dossier,
      departments: routedCodes(policy, routing, dossier),
      verdicts: verdicts.map((v) => ({ verdict: v.verdict, ...(v.lateAnswer === undefined ? {} : { lateAnswer: v.lateAnswer }) })),
    };
  });
  const codes = [...new Set(candidates.flatMap((c) => c.departments))];
  const names = deps.reviewerNames === undefined ? undefined : await deps.reviewerNames(codes);
  const rows = buildLedgerRows(policy, candidates, { fullIds, ...(names === undefined ? {} : { names }) });
  const now = deps.now().toISOString();
  if (fullIds) {
    await deps.repos.audit.append({
      candidateId: campaignChainId(input.campaignId),
      type: 'ledger_exported',
      actor: actorOf(input.caller, 'orgdept'),
      at: now,
      data: { township: scope.township ?? null, rows: rows.length, fullIds: true },
    });
  }
  return {
    campaignId: stored.campaign.id,
    campaignName: stored.campaign.name,
    ...(scope.township === undefined ? {} : { township: scope.township }),
    generatedAt: now,
    fullIds,
    rows,
  };
}
