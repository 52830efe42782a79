import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../../shared/domain/model.js';
import { campaignChainId } from '../../../shared/domain/ids.js';
import { AUDIT_SAMPLES } from '../../adapters/samples.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import { CLEARANCE_HEADERS } from '../../../shared/adapters/files/clearance-xlsx.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, NOW, sampleRow, seedBatch, seedCampaign, seedTask, TOWNSHIP } from './support.js';

const ORG = claimsFor(['orgdept'], 'org-1');
const CRIME_CITATION = {
  document: '《昌国街道2017年村和社区组织换届选举工作方案》',
  clause: '“五不能”第一项',
  file: '001_450a4215c6f8d83b.txt',
  quote: '对被判处刑罚或者刑满释放(或缓刑期满)未满5年的',
};

let repos: MemoryRepositories;
let api: ApiHandler;
let ids: string[];
let batchId: string;

function decision(candidateId: string, outcome: Decision['outcome'], reasons: Decision['reasons'] = []): Decision {
  return {
    campaignId: CAMPAIGN.id,
    candidateId,
    policy: { id: 'dinghai-2017', version: '1.0.0' },
    outcome,
    reasons,
    warnings: [],
    unanswered: outcome === 'incomplete' ? [{ department: 'petitions', status: 'overdue' }] : [],
    referenceDate: '2026-05-20',
    decidedAt: '2026-04-09T00:00:00.000Z',
  };
}

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  ({ batchId, candidateIds: ids } = await seedBatch(repos, {
    rows: [
      sampleRow(1, '王建国', '330902197008150311'),
      sampleRow(2, '李秀英', '33090219820304042X'),
      sampleRow(3, '陈海峰', '33090219911122017X'),
      sampleRow(4, '周丽萍', '330902198001010121'),
    ],
  }));
  const [a = '', b = '', c = ''] = ids;
  await repos.decisions.put(decision(a, 'cleared'), batchId);
  await repos.decisions.put(
    decision(b, 'disqualified', [
      {
        category: '刑事处罚',
        severity: 'bar',
        department: 'court',
        documentNumber: '（2019）浙0902刑初12号',
        eligibleFrom: '2027-03-01',
        citation: CRIME_CITATION,
      },
    ]),
    batchId,
  );
  await repos.decisions.put(
    decision(c, 'referred', [
      {
        category: '扰乱公共秩序',
        severity: 'concern',
        department: 'petitions',
        documentNumber: null,
        eligibleFrom: null,
        citation: { file: '001_450a4215c6f8d83b.txt', quote: '六不宜' },
      },
    ]),
    batchId,
  );
  api = checkedByContract(createOrgdeptApi(deps));
});

const call = (
  routeKey: string,
  opts: { id?: string; body?: unknown; query?: Record<string, string>; claims?: ReturnType<typeof claimsFor> } = {},
) =>
  api(
    httpEvent({
      routeKey,
      ...(opts.id === undefined ? {} : { pathParameters: { id: opts.id } }),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.query === undefined ? {} : { query: opts.query }),
      claims: opts.claims ?? ORG,
    }),
    lambdaContext,
  );

describe('organization department only', () => {
  it('refuses township and department accounts with 403', async () => {
    for (const claims of [claimsFor(['township:changguo']), claimsFor(['department:court'])]) {
      expect((await call('GET /campaigns/{id}/dashboard', { id: CAMPAIGN.id, claims })).statusCode).toBe(403);
      expect((await call('GET /campaigns/{id}/report', { id: CAMPAIGN.id, claims })).statusCode).toBe(403);
      expect(
        (await call('POST /candidates/{id}/ruling', { id: ids[2], body: { outcome: 'uphold', justification: '经研究维持提名' }, claims }))
          .statusCode,
      ).toBe(403);
      expect((await call('GET /candidates/{id}/audit', { id: ids[0], claims })).statusCode).toBe(403);
    }
  });
});

describe('POST /candidates/{id}/ruling', () => {
  it('rules on a referred case with a justification and records it in the audit trail', async () => {
    const res = await call('POST /candidates/{id}/ruling', {
      id: ids[2],
      body: { outcome: 'uphold', justification: '情节轻微，已整改到位，维持提名' },
    });
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ finalStatus: 'cleared', statusLabel: '通过', ruling: { outcome: 'uphold', ruledBy: 'org-1' } });
    expect((await repos.decisions.get(ids[2] ?? ''))?.finalStatus).toBe('cleared');
    const ruled = (await repos.audit.listByCandidate(ids[2] ?? '')).find((e) => e.type === 'ruled');
    expect(ruled?.data).toMatchObject({ outcome: 'uphold', justificationSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const repeat = await call('POST /candidates/{id}/ruling', {
      id: ids[2],
      body: { outcome: 'uphold', justification: '情节轻微，已整改到位，维持提名' },
    });
    expect(repeat.statusCode).toBe(200);
    const changed = await call('POST /candidates/{id}/ruling', {
      id: ids[2],
      body: { outcome: 'disqualify', justification: '改变主意了，取消资格' },
    });
    expect(changed.statusCode).toBe(409);
  });

  it('requires a justification (400 naming the field)', async () => {
    const missing = await call('POST /candidates/{id}/ruling', { id: ids[2], body: { outcome: 'uphold' } });
    expect(bodyOf(missing)).toEqual({
      message: '请求内容有误：justification 必填',
      field: 'justification',
      in: 'body',
      code: 'INVALID_REQUEST',
    });
    const blank = await call('POST /candidates/{id}/ruling', { id: ids[2], body: { outcome: 'uphold', justification: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(bodyOf(blank)).toMatchObject({ field: 'justification' });
  });

  it('refuses a ruling on a case that was not referred (409) or not decided (404)', async () => {
    expect(
      (await call('POST /candidates/{id}/ruling', { id: ids[1], body: { outcome: 'uphold', justification: '经研究维持提名' } })).statusCode,
    ).toBe(409);
    expect(
      (await call('POST /candidates/{id}/ruling', { id: ids[3], body: { outcome: 'uphold', justification: '经研究维持提名' } })).statusCode,
    ).toBe(404);
  });
});

describe('POST /candidates/{id}/ruling/revision', () => {
  const UPHOLD = { outcome: 'uphold', justification: '情节轻微，已整改到位，维持提名' };
  const REVISION = {
    outcome: 'disqualify',
    justification: '经再次核实，违章建筑未整改，取消资格',
    reason: '乡镇（街道）报送了新的核查材料',
  };
  const revise = (body: unknown = REVISION, id = ids[2]) => call('POST /candidates/{id}/ruling/revision', { id, body });

  it('revises a ruling with a reason: a new decision version and a ruling_revised event, the earlier ruling kept', async () => {
    await call('POST /candidates/{id}/ruling', { id: ids[2], body: UPHOLD });
    const before = await repos.decisions.get(ids[2] ?? '');
    const res = await revise();
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      finalStatus: 'disqualified',
      statusLabel: '不通过',
      decisionVersion: (before?.version ?? 0) + 1,
      ruling: { outcome: 'disqualify', revisions: [{ outcome: 'uphold', justification: UPHOLD.justification, reason: REVISION.reason }] },
    });
    expect(await repos.decisions.get(ids[2] ?? '')).toMatchObject({ finalStatus: 'disqualified', version: (before?.version ?? 0) + 1 });
    const events = await repos.audit.listByCandidate(ids[2] ?? '');
    const revised = events.filter((e) => e.type === 'ruling_revised');
    expect(revised.map((e) => [e.actor.kind, e.data])).toEqual([
      [
        'orgdept',
        {
          previousOutcome: 'uphold',
          outcome: 'disqualify',
          justificationSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          reasonSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          decisionVersion: (before?.version ?? 0) + 1,
        },
      ],
    ]);
    // The free text stays with the ruling; the chain holds only its hash.
    expect(JSON.stringify(revised)).not.toContain(REVISION.reason);
    const list = bodyOf(await call('GET /campaigns/{id}/referred', { id: CAMPAIGN.id })) as { ruled: Array<Record<string, unknown>> };
    expect(list.ruled[0]).toMatchObject({ candidateId: ids[2], revisable: true, decision: { finalStatus: 'disqualified' } });
  });

  it('refuses with a code: not ruled yet, the same ruling, no reason, and once the 公示 has opened', async () => {
    const notRuled = await revise();
    expect([notRuled.statusCode, bodyOf(notRuled)]).toEqual([409, expect.objectContaining({ code: 'NOT_RULED' })]);
    await call('POST /candidates/{id}/ruling', { id: ids[2], body: UPHOLD });
    const same = await revise({ ...UPHOLD, reason: '没有改变，再提交一次' });
    expect([same.statusCode, bodyOf(same)]).toEqual([409, expect.objectContaining({ code: 'SAME_RULING' })]);
    const noReason = await revise({ outcome: 'disqualify', justification: REVISION.justification });
    expect([noReason.statusCode, bodyOf(noReason)]).toEqual([400, expect.objectContaining({ field: 'reason', in: 'body' })]);
    await repos.campaigns.update(
      { ...CAMPAIGN, schedule: { resultsDueDaysBefore: 5, publicityDays: 3, departmentDays: {}, publicityStart: '2026-04-10' } },
      { updatedAt: NOW.toISOString(), updatedBy: 'org-1', expectedRevision: 0 },
    );
    const final = await revise();
    expect([final.statusCode, bodyOf(final)]).toEqual([409, expect.objectContaining({ code: 'RESULTS_FINAL' })]);
    expect((await repos.decisions.get(ids[2] ?? ''))?.finalStatus).toBe('cleared');
    const list = bodyOf(await call('GET /campaigns/{id}/referred', { id: CAMPAIGN.id })) as { ruled: Array<Record<string, unknown>> };
    expect(list.ruled[0]).toMatchObject({ revisable: false });
  });
});

describe('a ruling never clears silence', () => {
  const concern = {
    category: '扰乱公共秩序',
    severity: 'concern' as const,
    department: 'petitions',
    documentNumber: null,
    eligibleFrom: null,
    citation: {
      document: '《昌国街道2017年村和社区组织换届选举工作方案》',
      clause: '“六不宜”第二项',
      quote: '近5年内有煽动群众闹事、扰乱公共秩序的',
    },
  };
  const silent = (candidateId: string): Decision => ({
    ...decision(candidateId, 'incomplete', [concern]),
    unanswered: [
      { department: 'court', status: 'overdue' },
      { department: 'health', status: 'pending' },
    ],
  });

  it('a 维持提名 while departments are silent is kept, the candidate stays 未完成, and it applies once every answer is in', async () => {
    const id = ids[3] ?? '';
    await repos.decisions.put(silent(id), batchId);
    const listed = bodyOf(await call('GET /campaigns/{id}/referred', { id: CAMPAIGN.id })) as {
      pending: Array<{ candidateId: string; awaitingAnswers: boolean }>;
    };
    expect(listed.pending.find((p) => p.candidateId === id)).toMatchObject({ awaitingAnswers: true });

    const res = await call('POST /candidates/{id}/ruling', { id, body: { outcome: 'uphold', justification: '情节轻微，维持提名' } });
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      finalStatus: 'incomplete',
      statusLabel: '未完成',
      ruling: { covers: ['petitions|扰乱公共秩序|'] },
    });
    expect((await repos.decisions.get(id))?.finalStatus).toBe('incomplete');
    const report = bodyOf(await call('GET /campaigns/{id}/report', { id: CAMPAIGN.id })) as {
      rows: Array<{ candidateId: string; status: string; mayStand: boolean; reasons: string[] }>;
    };
    const row = report.rows.find((c) => c.candidateId === id);
    expect(row).toMatchObject({ status: 'incomplete', mayStand: false });
    expect(row?.reasons[0]).toBe('组织部门研判：维持提名，待全部部门答复后生效（情节轻微，维持提名）');
    expect(row?.reasons.join('\n')).toContain('尚缺部门答复');

    // The silent departments answer with nothing new: the kept ruling now clears.
    await repos.decisions.put({ ...decision(id, 'referred', [concern]), decidedAt: '2026-04-12T00:00:00.000Z' }, batchId);
    expect((await repos.decisions.get(id))?.finalStatus).toBe('cleared');
  });

  it('a bar reported after a ruling wins over it', async () => {
    const id = ids[3] ?? '';
    await repos.decisions.put(silent(id), batchId);
    await call('POST /candidates/{id}/ruling', { id, body: { outcome: 'uphold', justification: '情节轻微，维持提名' } });
    const bar = { ...concern, category: '刑事处罚', severity: 'bar' as const, department: 'court', citation: CRIME_CITATION };
    await repos.decisions.put({ ...decision(id, 'disqualified', [bar, concern]), decidedAt: '2026-04-12T00:00:00.000Z' }, batchId);
    expect((await repos.decisions.get(id))?.finalStatus).toBe('disqualified');
  });

  it('refuses a ruling where a bar stands (409)', async () => {
    const res = await call('POST /candidates/{id}/ruling', { id: ids[1], body: { outcome: 'uphold', justification: '经研究维持提名' } });
    expect(res.statusCode).toBe(409);
  });
});

describe('text people type', () => {
  it.each([
    ['name', '海山\u0001社区换届', 'TEXT_CONTROL_CHARACTER'],
    ['name', '海山社区\u202eexe.txt', 'TEXT_BIDI_CONTROL'],
    ['jurisdiction', '\ud800测', 'TEXT_LONE_SURROGATE'],
  ])('refuses a campaign whose %s is %j with 400 naming the field and the code %s, writing nothing', async (field, value, code) => {
    const body = {
      id: 'c-text',
      name: '2029年换届',
      jurisdiction: '定海区',
      policyId: 'dinghai-2017',
      electionDate: '2029-05-20',
      [field]: value,
    };
    const res = await call('POST /campaigns', { body });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field, code });
    expect(await repos.campaigns.get('c-text')).toBeUndefined();
  });

  it('a campaign name that slipped in before the rule still exports: the file name is made safe', async () => {
    await repos.campaigns.create(
      { ...CAMPAIGN, id: 'c-old', name: '\ud800旧\u202e换届' },
      { createdAt: '2026-03-01T00:00:00.000Z', createdBy: 'org-1' },
    );
    const res = await call('GET /campaigns/{id}/report', { id: 'c-old', query: { format: 'xlsx' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['Content-Disposition']).toContain("filename*=UTF-8''");
  });
});

describe('GET /campaigns/{id}/report', () => {
  it('exports an xlsx whose rows carry the Chinese conclusion and masked IDs, and records the export', async () => {
    const res = await call('GET /campaigns/{id}/report', { id: CAMPAIGN.id, query: { format: 'xlsx' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['Content-Disposition']).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(res.body ?? '', 'base64')).buffer);
    const sheet = workbook.getWorksheet('联审结果');
    const rows: string[][] = [];
    sheet?.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
      rows.push(cells);
    });
    expect(rows[0]).toEqual([...CLEARANCE_HEADERS]);
    expect(rows.slice(1).map((r) => [r[3], r[6], r[9]])).toEqual([
      ['王建国', '330902********0311', '通过'],
      ['李秀英', '330902********042X', '不通过'],
      ['陈海峰', '330902********017X', '待组织部门研判'],
      ['周丽萍', '330902********0121', '未完成'],
    ]);
    expect(rows[2]?.[10]).toContain(
      '区法院：刑事处罚（（2019）浙0902刑初12号），2027年3月1日前不得提名。依据：《昌国街道2017年村和社区组织换届选举工作方案》“五不能”第一项：“',
    );
    expect(rows[2]?.[10]).not.toContain('.txt');
    const exported = await repos.audit.listByCandidate(campaignChainId(CAMPAIGN.id));
    expect(exported.map((e) => [e.type, e.data['format']])).toEqual([['report_exported', 'xlsx']]);
  });

  it('prints the 公示 list with only the candidates who may stand, and no ID numbers', async () => {
    const res = await call('GET /campaigns/{id}/report', { id: CAMPAIGN.id, query: { format: 'publicity' } });
    expect(res.headers?.['Content-Type']).toMatch(/text\/html/);
    expect(res.body).toContain('王建国');
    expect(res.body).not.toContain('李秀英');
    expect(res.body).not.toContain('陈海峰');
    expect(res.body).not.toMatch(/330902/);
    expect(res.body).toContain('size: A4');
  });

  it('rejects an unknown format with a 400 naming the query field', async () => {
    const res = await call('GET /campaigns/{id}/report', { id: CAMPAIGN.id, query: { format: 'pdf' } });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'format', in: 'query' });
  });
});

describe('dashboard and reminders', () => {
  it('shows the funnel, township and department progress, and overdue departments with the working days and hours late', async () => {
    const [a = '', , , d = ''] = ids;
    await repos.candidates.setRouting(d, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court', 'petitions'] });
    await repos.verdicts.putAnswer({ campaignId: CAMPAIGN.id, candidateId: d, department: 'court', status: 'clear', findings: [] });
    await seedTask(repos, d, 'petitions', { deadline: '2026-04-07T00:00:00.000Z' });
    await repos.candidates.setRouting(a, { policyId: 'dinghai-2017', policyVersion: '1.0.0', departments: ['court'] });
    await repos.verdicts.putAnswer({ campaignId: CAMPAIGN.id, candidateId: a, department: 'court', status: 'clear', findings: [] });

    const remind = await call('POST /campaigns/{id}/reminders', { id: CAMPAIGN.id, body: { department: 'petitions' } });
    expect(remind.statusCode).toBe(201);
    expect(bodyOf(remind)).toMatchObject({ department: 'petitions', name: '区信访局', openTasks: 1 });

    const res = await call('GET /campaigns/{id}/dashboard', { id: CAMPAIGN.id });
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as Record<string, unknown>;
    expect(body['funnel']).toMatchObject({
      submitted: 4,
      decided: 3,
      cleared: 1,
      disqualified: 1,
      referred: 1,
      incomplete: 0,
      reviewing: 1,
    });
    expect(body['byTownship']).toEqual([
      expect.objectContaining({ township: 'changguo', townshipName: '昌国街道', candidates: 4, decided: 3 }),
    ]);
    expect(body['byDepartment']).toContainEqual(expect.objectContaining({ code: 'court', asked: 4, answered: 2, clear: 2 }));
    expect(body['overdue']).toEqual([
      expect.objectContaining({
        department: 'petitions',
        name: '区信访局',
        openPastDeadline: 1,
        // Due 2026年4月7日 08:00, seen 4月10日 10:00: 8, 9 and 10 April are working days.
        lateWorkingDays: 3,
        lateText: '逾期 3 个工作日（3 天 2 小时）',
        reminders: 1,
        lastRemindedAt: '2026-04-10T02:00:00.000Z',
      }),
    ]);
  });

  it('refuses a reminder for a department the policy does not list', async () => {
    const res = await call('POST /campaigns/{id}/reminders', { id: CAMPAIGN.id, body: { department: 'fisheries' } });
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ field: 'department' });
  });
});

describe('referred queue, villages, audit, campaigns', () => {
  it('lists referred cases with their reasons in plain Chinese', async () => {
    const res = await call('GET /campaigns/{id}/referred', { id: CAMPAIGN.id });
    const body = bodyOf(res) as { pending: Array<Record<string, unknown>>; ruled: unknown[] };
    expect(body.pending).toHaveLength(1);
    expect(body.pending[0]).toMatchObject({
      candidateId: ids[2],
      name: '陈海峰',
      idNumberMasked: '330902********017X',
      decision: { statusLabel: '待组织部门研判' },
    });
    expect(body.pending[0]).toHaveProperty('decision.reasons.0.text', expect.stringContaining('区信访局：扰乱公共秩序，需组织部门研判'));
    expect(body.ruled).toEqual([]);
  });

  it('reports near-relative conflicts per village without ID numbers', async () => {
    const { batchId: b2 } = await seedBatch(repos, {
      key: '2',
      rows: [sampleRow(1, '吴大伟', '330902197507070315'), sampleRow(2, '吴小燕', '330902197808080426')],
    });
    const [husband] = await repos.candidates.listDossiersByBatch(b2);
    const stored = husband && repos.state.dossiers.get(husband.candidateId);
    if (stored)
      stored.relatives = [{ candidateIdNumber: '330902197507070315', name: '吴小燕', relation: '配偶', idNumber: '330902197808080426' }];
    const res = await call('GET /campaigns/{id}/villages', { id: CAMPAIGN.id });
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res) as {
      villages: Array<{ village: string; conflicts: Array<{ relation: string; candidates: Array<{ name: string }> }>; structure: unknown }>;
    };
    const village = body.villages.find((v) => v.village === '檀枫社区');
    expect(village?.conflicts).toEqual([
      expect.objectContaining({
        relation: '配偶',
        candidates: [expect.objectContaining({ name: '吴大伟' }), expect.objectContaining({ name: '吴小燕' })],
      }),
    ]);
    expect(village?.structure).toMatchObject({ members: expect.any(Number) });
    expect(res.body).not.toMatch(/3309021975|3309021978/);
  });

  it('returns a candidate audit trail with its verification', async () => {
    await repos.audit.append({
      candidateId: ids[0] ?? '',
      type: 'submitted',
      actor: { kind: 'township', id: 'u1' },
      at: '2026-04-01T00:00:00.000Z',
      data: { batchId, township: TOWNSHIP, seq: 1 },
    });
    await repos.audit.append({
      candidateId: ids[0] ?? '',
      ...AUDIT_SAMPLES.decided,
      actor: { kind: 'system', id: 'decide' },
      at: '2026-04-09T00:00:00.000Z',
    });
    const ok = bodyOf(await call('GET /candidates/{id}/audit', { id: ids[0] }));
    expect(ok).toMatchObject({ verification: { ok: true, count: 2 } });
    const events = repos.state.events.get(ids[0] ?? '');
    if (events?.[0]) events[0].data = { ...events[0].data, batchId: 'forged' };
    const bad = bodyOf(await call('GET /candidates/{id}/audit', { id: ids[0] }));
    expect(bad).toMatchObject({ verification: { ok: false, index: 0, problem: 'altered' } });
  });

  it('creates a campaign with its township registry; unknown policy is a 400', async () => {
    const body = {
      id: 'c2029',
      name: '2029年换届',
      jurisdiction: '定海区',
      policyId: 'dinghai-2017',
      electionDate: '2029-05-20',
      townships: [{ code: 'changguo', name: '昌国街道' }],
    };
    const res = await call('POST /campaigns', { body });
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({
      campaign: {
        id: 'c2029',
        referenceDate: '2029-05-20',
        townships: [{ code: 'changguo', name: '昌国街道' }],
        policy: { id: 'dinghai-2017' },
      },
    });
    expect((await call('POST /campaigns', { body })).statusCode).toBe(409);
    const bad = await call('POST /campaigns', { body: { ...body, id: 'c2030', policyId: 'nowhere' } });
    expect(bodyOf(bad)).toMatchObject({ field: 'policyId' });
    for (const [field, value] of [
      ['electionDate', '2027-13-45'],
      ['electionDate', '2027-02-30'],
      ['referenceDate', '0000-00-00'],
    ] as const) {
      const wrong = await call('POST /campaigns', { body: { ...body, id: 'c2031', [field]: value } });
      expect(wrong.statusCode).toBe(400);
      expect(bodyOf(wrong)).toMatchObject({ field, message: expect.stringContaining('不是真实存在的日期') });
    }
    expect((await call('GET /campaigns', {})).body).not.toContain('c2031');
    const list = await call('GET /campaigns', { claims: claimsFor(['department:court']) });
    expect(bodyOf(list)).toHaveProperty('campaigns.0.id', 'c2029');
  });
});
