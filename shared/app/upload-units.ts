// The organization department uploads the campaign's 行政区划 list (乡镇(街道), 村(社区), 类型, and
// optionally 乡镇代码), all or nothing. `replace` makes the file the whole list; `add` adds its
// townships and villages to the list as it is. Once batches exist either may only add units (and
// drop units without candidates); `dryRun` shows what would change without storing anything.
import { importError, type ImportError } from '../domain/import/errors.js';
import type { UploadedTownship } from '../domain/import/units.js';
import { UNITS_SHEET } from '../domain/import/spec.js';
import type { CampaignTownship } from '../domain/model.js';
import { mergeUnits, type UnitChanges, unitChanges, unitKey, unitListProblems, unitRefText } from '../domain/units.js';
import type { Caller } from './access.js';
import { auditCampaignChange, checkLockedUnits, saveCampaign } from './campaign-settings.js';
import { loadCampaign, type UseCaseDeps } from './common.js';
import type { FileReaders, UploadedFile } from './ports.js';
import { isRefusal, type Refusal, rejected } from './refusals.js';

export interface UploadUnitsInput {
  caller: Caller;
  campaignId: string;
  file: UploadedFile;
  mode: 'replace' | 'add';
  dryRun: boolean;
}

const REJECTED = '行政区划名单校验未通过，请按提示逐项修改后重新上传，名单未作任何修改';

/** In `add` mode, a row that repeats a listed village with another kind, or a township with another code. */
function disagreements(existing: readonly CampaignTownship[], file: readonly UploadedTownship[]): ImportError[] {
  const errors: ImportError[] = [];
  for (const t of file) {
    const known = existing.find((e) => unitKey(e.name) === unitKey(t.name));
    if (known === undefined) continue;
    if (t.codeFrom === 'file' && t.code !== known.code) {
      errors.push(
        importError(
          'UNIT_CHANGED',
          t.row,
          '乡镇代码',
          t.code,
          `名单中已有“${known.name}”，代码是“${known.code}”：追加时不修改已登记的乡镇（街道），请删除该代码或改为“${known.code}”。`,
          UNITS_SHEET,
        ),
      );
    }
    for (const v of t.villages) {
      const old = known.villages?.find((x) => unitKey(x.name) === unitKey(v.name));
      if (old !== undefined && old.kind !== v.kind) {
        errors.push(
          importError(
            'UNIT_CHANGED',
            t.row,
            '类型',
            v.kind,
            `名单中已有“${known.name}${old.name}”，类型是“${old.kind}”：追加时不修改已登记的村（社区）。如需修改类型，请用“替换”方式上传整份名单。`,
            UNITS_SHEET,
          ),
        );
      }
    }
  }
  return errors;
}

function changesView(changes: UnitChanges) {
  return {
    addedTownships: changes.addedTownships.map((t) => ({ code: t.code, name: t.name, villages: t.villages?.length ?? 0 })),
    addedVillages: changes.addedVillages.map((a) => ({ township: a.township, name: a.village.name, kind: a.village.kind })),
    removed: changes.removed.map((r) => ({ township: r.township, village: r.village ?? null, text: unitRefText(r) })),
    changed: changes.changed.map((c) => ({ township: c.township, village: c.village ?? null, what: c.what, from: c.from, to: c.to })),
  };
}

export async function uploadUnits(deps: UseCaseDeps & { files: FileReaders }, input: UploadUnitsInput) {
  const stored = await loadCampaign(deps.repos, input.campaignId);
  if (isRefusal(stored)) return stored;
  const existing = stored.campaign.townships ?? [];
  const parsed = await deps.files.units({ ...input.file, existing });
  if (!parsed.ok) return rejected(REJECTED, parsed.errors);
  if (input.mode === 'add') {
    const errors = disagreements(existing, parsed.townships);
    if (errors.length > 0) return rejected(REJECTED, errors);
  }
  const uploaded: CampaignTownship[] = parsed.townships.map(({ code, name, villages }) => ({ code, name, villages }));
  const next = input.mode === 'replace' ? uploaded : mergeUnits(existing, uploaded);

  // A generated or given code may collide with a township the file does not list (add mode).
  const [problem] = unitListProblems(next);
  if (problem !== undefined) {
    const at = typeof problem.path[0] === 'number' ? next[problem.path[0]] : undefined;
    const row = parsed.townships.find((t) => at !== undefined && unitKey(t.name) === unitKey(at.name))?.row ?? 0;
    return rejected(REJECTED, [
      importError(problem.code, row, row === 0 ? '' : '乡镇(街道)', at?.name ?? '', problem.message, UNITS_SHEET),
    ]);
  }
  if ((await deps.repos.batches.listByCampaign(stored.campaign.id)).length > 0) {
    const refused: Refusal | undefined = await checkLockedUnits(deps.repos, stored, next);
    if (refused !== undefined) return refused;
  }
  const changes = unitChanges(existing, next);
  const townships = next.map((t) => ({
    code: t.code,
    name: t.name,
    villages: (t.villages ?? []).map((v) => ({ name: v.name, kind: v.kind })),
    codeFrom: parsed.townships.find((p) => unitKey(p.name) === unitKey(t.name))?.codeFrom ?? ('existing' as const),
  }));
  const result = { applied: false, mode: input.mode, changes: changesView(changes), townships };
  const nothing = changes.addedTownships.length + changes.addedVillages.length + changes.removed.length + changes.changed.length === 0;
  if (input.dryRun || nothing) return result;

  const campaign = { ...stored.campaign, townships: next };
  const saved = await saveCampaign(deps, input.caller, campaign, stored.revision ?? 0);
  if (isRefusal(saved)) return saved;
  await auditCampaignChange(deps, input.caller, campaign, 'units', ['townships'], saved.updatedAt ?? deps.now().toISOString());
  return { ...result, applied: true };
}
