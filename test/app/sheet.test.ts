// 资格审查表 of one candidate on the in-memory store: particulars with the ID number masked, each
// routed department's answer, the conclusion with its clauses and the audit chain head; another
// township's candidate is not found.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/app/access.js';
import { candidateSheet } from '../../shared/app/sheet.js';
import { memoryRepositories } from '../adapters/memory-repositories.js';
import { CAMPAIGN, OTHER_TOWNSHIP, seedBatch, seedCampaign, TOWNSHIP } from '../functions/api/support.js';

const now = () => new Date('2026-04-10T02:00:00.000Z');
const caller = (c: Partial<Caller>): Caller => ({ userId: 'u-1', username: 'u1', townships: [], departments: [], orgdept: false, ...c });

describe('资格审查表', () => {
  it('shows the particulars, every routed department’s answer, the conclusion and the chain head', async () => {
    const repos = memoryRepositories();
    await seedCampaign(repos);
    const [id = ''] = (await seedBatch(repos)).candidateIds;
    await repos.candidates.setRouting(id, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court', 'discipline'] });
    await repos.verdicts.putAnswer({
      campaignId: CAMPAIGN.id,
      candidateId: id,
      department: 'court',
      status: 'findings',
      findings: [{ category: '刑事处罚', documentNumber: '（2019）定刑初字第12号' }],
      answeredBy: { kind: 'reviewer', id: 'u-court' },
      answeredAt: '2026-04-03T06:30:00.000Z',
      source: 'portal',
    });
    await repos.audit.append({
      candidateId: id,
      type: 'submitted',
      actor: { kind: 'township', id: 'u-town' },
      at: '2026-04-01T00:00:00.000Z',
      data: { batchId: `b-${TOWNSHIP}-1`, township: TOWNSHIP, seq: 1 },
    });
    const sheet = await candidateSheet({ repos, now }, { caller: caller({ townships: [TOWNSHIP] }), candidateId: id });
    if ('kind' in sheet) throw new Error(sheet.message);
    expect(sheet.candidate).toMatchObject({ name: '王建国', idNumberMasked: '330902********0311', township: '昌国街道' });
    expect(sheet.departments.map((d) => [d.departmentName, d.answer, d.answeredAt, d.documentNumbers.join()])).toEqual([
      ['区纪委', '未答复', '', ''],
      ['区法院', '有记录', '2026年4月3日 14:30', '（2019）定刑初字第12号'],
    ]);
    expect(sheet.conclusion).toBe('未完成');
    expect(sheet.generatedAtText).toBe('2026年4月10日 10:00');
    expect(sheet.audit).toEqual(await repos.audit.head(id));
    expect(sheet.audit?.seq).toBe(0);

    const other = await candidateSheet({ repos, now }, { caller: caller({ townships: [OTHER_TOWNSHIP] }), candidateId: id });
    expect(other).toMatchObject({ kind: 'notFound' });
    expect(await candidateSheet({ repos, now }, { caller: caller({ orgdept: true }), candidateId: id })).toMatchObject({ candidateId: id });
  });
});
