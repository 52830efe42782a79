// The township checks its files before it submits them: the same validation as the submission,
// nothing written. It learns how many people the batch holds, what was corrected on its own and
// the name the batch will have, so the confirmation can say 确认提交（30 人）and name it.
import { batchName, batchOrdinals } from '../domain/batch-name.js';
import { writeInRefusal } from './batch-stage.js';
import { letsIn } from './ports.js';
import { isRefusal } from './refusals.js';
import { personClashRefusal, readSubmission, type SubmitDeps, type SubmitInput } from './submit-batch.js';
import { townshipNameOf } from './views.js';

export async function checkBatch(
  deps: Pick<SubmitDeps, 'repos' | 'files' | 'now'>,
  input: Pick<SubmitInput, 'township' | 'campaignId' | 'candidates' | 'relatives' | 'kind'>,
) {
  const read = await readSubmission(deps, input);
  if (isRefusal(read)) return read;
  const { campaign, parsed } = read;
  const writeIns = writeInRefusal(input.kind ?? 'pre-election', parsed);
  if (writeIns !== undefined) return writeIns;
  // The people this township's other batches hold are refused here already, as the submission would
  // refuse them; another township's are let in and flagged at submission (duplicates.ts).
  const held = (await deps.repos.batches.heldPersons(campaign.id, parsed.candidates)).filter(
    (clash) => !letsIn({ letInOtherTownships: true, township: input.township }, clash),
  );
  if (held.length > 0) return personClashRefusal(deps.repos, campaign, parsed, held);
  const earlier = (await deps.repos.batches.listByTownship(input.township)).filter((b) => b.campaignId === campaign.id);
  const next = Math.max(0, ...batchOrdinals(earlier).values()) + 1;
  return {
    campaignId: campaign.id,
    candidates: parsed.candidates.length,
    relatives: parsed.relatives.length,
    corrections: parsed.corrections,
    name: batchName(townshipNameOf(campaign, input.township) ?? input.township, next, deps.now().toISOString()),
  };
}
