// The policy routes: the organization department uploads versions (workbook, YAML or JSON, all or
// nothing), everyone reads them, a campaign pins one, and a new version is a new campaign setting
// with a diff first and a switch that decides the candidates again.
import { beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readPolicyFile } from '../../../shared/adapters/files/policy-files.js';
import { policyWorkbook } from '../../../shared/adapters/files/policy-workbook.js';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import { decideCandidate } from '../../../shared/app/decide.js';
import { recordDecision } from '../../../shared/app/record-decision.js';
import { campaignChainId } from '../../../shared/domain/ids.js';
import type { PolicyInput } from '../../../shared/domain/model.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { editedWorkbook } from '../../support/policy-books.js';
import { EXAMPLE_POLICY, examplePolicy } from '../../support/policies.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, NOW, sampleRow, seedBatch } from './support.js';

const ORG = claimsFor(['orgdept'], 'org-1');
const TOWNSHIP = claimsFor(['township:changguo'], 't-1');

let repos: MemoryRepositories;
let api: ApiHandler;

function setUp(deployedDepartments: readonly string[] | null = null) {
  const deps = apiDeps();
  repos = deps.repos;
  api = checkedByContract(createOrgdeptApi({ ...deps, deployedDepartments }));
}
beforeEach(() => setUp());

const call = (
  routeKey: string,
  opts: { params?: Record<string, string>; body?: unknown; query?: Record<string, string>; claims?: ReturnType<typeof claimsFor> } = {},
) =>
  api(
    httpEvent({
      routeKey,
      ...(opts.params === undefined ? {} : { pathParameters: opts.params }),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.query === undefined ? {} : { query: opts.query }),
      claims: opts.claims ?? ORG,
    }),
    lambdaContext,
  );

const upload = (bytes: Uint8Array | string, filename: string) => ({
  file: { filename, contentBase64: Buffer.from(bytes).toString('base64') },
});
const yamlOf = (policy: Partial<PolicyInput> = {}) => upload(stringify({ ...EXAMPLE_POLICY, ...policy }), 'example.yaml');

/** 刑事处罚 for 3 years instead of 5: a new version that changes what a release four years ago means. */
const SHORTER = {
  version: '1.1.0',
  categories: EXAMPLE_POLICY.categories.map((c) =>
    c.label === '刑事处罚' ? { ...c, window: { kind: 'years' as const, years: 3, anchor: 'end' as const, ongoingWithoutEnd: true } } : c,
  ),
};

describe('POST /policies', () => {
  it('stores a workbook as a new version (201), a repeat of the same content is 200, other content under that version 409', async () => {
    const workbook = await policyWorkbook(examplePolicy());
    const created = await call('POST /policies', { body: upload(workbook, '示例县负面清单.xlsx') });
    expect(created.statusCode).toBe(201);
    expect(bodyOf(created)).toMatchObject({
      created: true,
      policy: { id: 'example-2027', version: '1.0.0', builtIn: false, storedBy: 'org-1' },
    });
    expect((await repos.policies.get('example-2027', '1.0.0'))?.policy).toEqual(examplePolicy());

    const again = await call('POST /policies', { body: yamlOf() });
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)).toMatchObject({ created: false });

    const changed = await call('POST /policies', { body: yamlOf({ name: '改了名称却没改版本' }) });
    expect(changed.statusCode).toBe(409);
    expect(bodyOf(changed)).toMatchObject({ code: 'POLICY_VERSION_EXISTS', message: expect.stringContaining('请提高版本号') });
  });

  it('refuses a bad workbook with the same sheet/row/column errors as the CLI, storing nothing (422)', async () => {
    const bytes = await editedWorkbook([
      ['负面清单', 'C2', '不宜'],
      ['部门', 'C2', '手工'],
    ]);
    const res = await call('POST /policies', { body: upload(bytes, 'bad.xlsx') });
    expect(res.statusCode).toBe(422);
    const offline = await readPolicyFile({ bytes, filename: 'bad.xlsx' });
    expect(bodyOf(res)).toMatchObject({ errors: offline.ok ? [] : offline.errors });
    expect(offline.ok ? [] : offline.errors.map((e) => [e.sheet, e.row, e.column, e.code])).toEqual([
      ['部门', 2, '答复方式', 'POLICY_MODE_INVALID'],
      ['负面清单', 2, '结论', 'POLICY_SEVERITY_INVALID'],
    ]);
    expect(await repos.policies.versions('example-2027')).toEqual([]);
  });

  it('refuses a policy naming a department this deployment has no queue for, naming the codes', async () => {
    setUp(['police', 'court']);
    const res = await call('POST /policies', { body: upload(await policyWorkbook(examplePolicy()), 'p.xlsx') });
    expect(res.statusCode).toBe(422);
    expect(bodyOf(res)).toMatchObject({
      message: expect.stringContaining('discipline'),
      errors: [{ sheet: '部门', column: '部门编码', value: 'discipline', code: 'POLICY_DEPARTMENT_UNDEPLOYED' }],
    });
    const campaign = await call('POST /campaigns', {
      body: { id: 'c-county', name: '衡南', jurisdiction: '衡南县', policyId: 'county-2017', electionDate: '2027-05-20' },
    });
    expect(campaign.statusCode).toBe(422);
    expect(bodyOf(campaign)).toMatchObject({
      code: 'POLICY_DEPARTMENT_UNDEPLOYED',
      message: expect.stringMatching(/discipline、political-legal/),
    });
  });

  it('is for the organization department only', async () => {
    expect((await call('POST /policies', { body: yamlOf(), claims: TOWNSHIP })).statusCode).toBe(403);
  });
});

describe('reading policies', () => {
  it('lists built-in and uploaded policies with their versions, for any signed-in user', async () => {
    await call('POST /policies', { body: yamlOf() });
    await call('POST /policies', { body: yamlOf(SHORTER) });
    const list = bodyOf(await call('GET /policies', { claims: TOWNSHIP }));
    expect(list).toMatchObject({
      policies: expect.arrayContaining([
        expect.objectContaining({ id: 'dinghai-2017', latest: '2.0.0', versions: [expect.objectContaining({ builtIn: true })] }),
        expect.objectContaining({
          id: 'example-2027',
          latest: '1.1.0',
          versions: [expect.objectContaining({ version: '1.0.0' }), expect.objectContaining({ version: '1.1.0' })],
        }),
      ]),
    });
    expect(bodyOf(await call('GET /policies/{id}', { params: { id: 'example-2027' } }))).toMatchObject({
      id: 'example-2027',
      versions: [{ version: '1.0.0' }, { version: '1.1.0' }],
    });
    expect((await call('GET /policies/{id}', { params: { id: 'nowhere' } })).statusCode).toBe(404);
  });

  it('gives a whole version with how a township or department reads it, and the version as a workbook', async () => {
    const res = await call('GET /policies/{id}/versions/{version}', {
      params: { id: 'county-2017', version: '2.0.0' },
      claims: claimsFor(['department:health']),
    });
    expect(res.statusCode).toBe(200);
    const body = bodyOf(res);
    expect(body).toMatchObject({
      summary: { id: 'county-2017', builtIn: true },
      reading: {
        document: '《衡南县2017年村(社区)“两委”换届选举工作方案》',
        // No 组织部门审查部门 item in the book: the policy's 组织部 (organisation) is the default.
        orgdeptDepartment: '组织部',
        departments: expect.arrayContaining([
          expect.objectContaining({ name: '卫计', mode: expect.stringContaining('自动'), sla: '5个工作日' }),
        ]),
        categories: {
          bar: expect.arrayContaining([
            expect.objectContaining({
              label: '不合格党员',
              text: '不合格党员：自起始日期起算，满3年之次日起不再适用；没有起始日期的需人工核实',
              citation: '《衡南县2017年村(社区)“两委”换届选举工作方案》二(二)第⑧项：“⑧近三年内有一年被评为不合格党员的”',
            }),
            expect.objectContaining({
              label: '违反计划生育',
              exceptions: [expect.objectContaining({ text: expect.stringMatching(/^状态为“已处理”或“已处罚到位”的：需组织部门研判/) })],
            }),
          ]),
        },
        avoidance: [expect.objectContaining({ givesWay: '拟任村(居)务监督委员会成员的一方回避' })],
      },
    });
    const workbook = await call('GET /policies/{id}/versions/{version}/workbook', { params: { id: 'county-2017', version: '2.0.0' } });
    expect(workbook.headers?.['Content-Type']).toContain('spreadsheetml');
    const read = await readPolicyFile({ bytes: Buffer.from(String(workbook.body), 'base64'), filename: 'w.xlsx' });
    expect(read.ok && read.policy.id).toBe('county-2017');
    expect((await call('GET /policies/{id}/versions/{version}', { params: { id: 'county-2017', version: '9.0.0' } })).statusCode).toBe(404);
  });

  it('hands out the template', async () => {
    const res = await call('GET /policies/template', { claims: TOWNSHIP });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers?.['Content-Disposition'])).toContain(encodeURIComponent('负面清单模板.xlsx'));
  });
});

describe('a campaign pins one version', () => {
  const campaignBody = { name: '示例县2027年换届', jurisdiction: '示例县', policyId: 'example-2027', electionDate: '2027-05-20' };

  it('pins the latest at creation unless it names one', async () => {
    await call('POST /policies', { body: yamlOf() });
    await call('POST /policies', { body: yamlOf(SHORTER) });
    const latest = await call('POST /campaigns', { body: { ...campaignBody, id: 'c-latest' } });
    expect(bodyOf(latest)).toMatchObject({ campaign: { policyId: 'example-2027', policyVersion: '1.1.0', policy: { version: '1.1.0' } } });
    const named = await call('POST /campaigns', { body: { ...campaignBody, id: 'c-named', policyVersion: '1.0.0' } });
    expect(bodyOf(named)).toMatchObject({ campaign: { policyVersion: '1.0.0' } });
    expect((await repos.campaigns.get('c-named'))?.campaign.policyVersion).toBe('1.0.0');
    const unknown = await call('POST /campaigns', { body: { ...campaignBody, id: 'c-x', policyVersion: '3.0.0' } });
    expect(unknown.statusCode).toBe(400);
    expect(bodyOf(unknown)).toMatchObject({ field: 'policyVersion' });
  });
});

describe('a new version for a running campaign', () => {
  const pipeline = () => ({ repos, now: () => NOW, metrics: { count: () => undefined } });
  let released: string;
  let clean: string;

  beforeEach(async () => {
    await call('POST /policies', { body: yamlOf() });
    await call('POST /policies', { body: yamlOf(SHORTER) });
    await call('POST /campaigns', {
      body: {
        id: CAMPAIGN.id,
        name: '示例县2027年换届',
        jurisdiction: '示例县',
        policyId: 'example-2027',
        policyVersion: '1.0.0',
        electionDate: '2027-05-20',
      },
    });
    const { batchId, candidateIds } = await seedBatch(repos, {
      rows: [sampleRow(1, '王建国', '330902197008150311'), sampleRow(2, '李秀英', '33090219820304042X')],
    });
    [released = '', clean = ''] = candidateIds;
    for (const candidateId of candidateIds) {
      const findings = candidateId === released ? [{ category: '刑事处罚', startDate: '2021-03-01', endDate: '2023-03-01' }] : [];
      await repos.verdicts.putAnswer({
        campaignId: CAMPAIGN.id,
        candidateId,
        department: 'police',
        status: findings.length > 0 ? 'findings' : 'clear',
        findings,
      });
      await repos.verdicts.putAnswer({ campaignId: CAMPAIGN.id, candidateId, department: 'discipline', status: 'clear', findings: [] });
      const ref = { campaignId: CAMPAIGN.id, batchId, candidateId };
      await recordDecision(pipeline(), { ...ref, decision: await decideCandidate(pipeline(), ref) });
    }
    expect((await repos.decisions.get(released))?.decision.outcome).toBe('disqualified');
  });

  it('shows, writing nothing, whose outcome or reasons the new version changes and which rules changed', async () => {
    const before = await repos.decisions.get(released);
    const res = await call('GET /campaigns/{id}/policy-diff', { params: { id: CAMPAIGN.id }, query: { version: '1.1.0' } });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      from: { version: '1.0.0' },
      to: { version: '1.1.0' },
      changes: { categories: { added: [], removed: [], changed: ['刑事处罚'] }, departmentCodesDiffer: false },
      candidates: {
        decided: 2,
        unchanged: 1,
        changed: [
          {
            candidateId: released,
            name: '王建国',
            before: { outcome: 'disqualified', reasons: [expect.stringContaining('刑事处罚')] },
            after: { outcome: 'cleared', reasons: [] },
          },
        ],
      },
    });
    expect(await repos.decisions.get(released)).toEqual(before);
    expect((await repos.campaigns.get(CAMPAIGN.id))?.campaign.policyVersion).toBe('1.0.0');
  });

  it('switches the pinned version with a reason and an audit event, and decides the candidates again under it', async () => {
    const res = await call('PUT /campaigns/{id}/policy', {
      params: { id: CAMPAIGN.id },
      body: { version: '1.1.0', reason: '县委组织部印发修订稿' },
    });
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      campaign: { policyVersion: '1.1.0' },
      from: { version: '1.0.0' },
      to: { version: '1.1.0' },
      redecided: 2,
      changed: 1,
    });
    expect(await repos.decisions.get(released)).toMatchObject({
      decision: { outcome: 'cleared', policy: { id: 'example-2027', version: '1.1.0' } },
      version: 2,
    });
    expect((await repos.decisions.get(clean))?.decision.policy.version).toBe('1.1.0');
    expect((await repos.campaigns.get(CAMPAIGN.id))?.policySwitches).toEqual([
      { from: '1.0.0', to: '1.1.0', reason: '县委组织部印发修订稿', by: 'org-1', at: NOW.toISOString() },
    ]);
    const events = await repos.audit.listByCandidate(campaignChainId(CAMPAIGN.id));
    expect(events.filter((e) => e.type === 'policy_switched').map((e) => e.data)).toEqual([
      {
        from: { id: 'example-2027', version: '1.0.0' },
        to: { id: 'example-2027', version: '1.1.0' },
        reasonSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    const decidedEvents = (await repos.audit.listByCandidate(released)).filter((e) => e.type === 'decided');
    expect(decidedEvents.map((e) => e.data['outcome'])).toEqual(['disqualified', 'cleared']);
    // Asking again changes nothing more.
    const again = await call('PUT /campaigns/{id}/policy', {
      params: { id: CAMPAIGN.id },
      body: { version: '1.1.0', reason: '县委组织部印发修订稿' },
    });
    expect(bodyOf(again)).toMatchObject({ redecided: 0, changed: 0 });
    expect((await repos.audit.listByCandidate(campaignChainId(CAMPAIGN.id))).filter((e) => e.type === 'policy_switched')).toHaveLength(1);
  });

  it('decides again a candidate whose decision was made under the old version after the switch', async () => {
    const ref = { campaignId: CAMPAIGN.id, batchId: (await repos.decisions.get(released))?.batchId ?? '', candidateId: released };
    const stale = await decideCandidate(pipeline(), ref);
    await call('PUT /campaigns/{id}/policy', { params: { id: CAMPAIGN.id }, body: { version: '1.1.0', reason: '县委组织部印发修订稿' } });
    // The pipeline's RecordDecision step arrives late with a decision made before the switch.
    await recordDecision(pipeline(), { ...ref, decision: stale });
    expect((await repos.decisions.get(released))?.decision).toMatchObject({ outcome: 'cleared', policy: { version: '1.1.0' } });
  });

  it('refuses a version whose departments differ once candidates are in, a missing version, a short reason, and other roles', async () => {
    await call('POST /policies', {
      body: yamlOf({
        version: '2.0.0',
        departments: [...EXAMPLE_POLICY.departments, { code: 'court', name: '县法院', slaDays: 5, mode: 'auto', categories: ['刑事处罚'] }],
      }),
    });
    const differ = await call('PUT /campaigns/{id}/policy', {
      params: { id: CAMPAIGN.id },
      body: { version: '2.0.0', reason: '增加县法院' },
    });
    expect(differ.statusCode).toBe(422);
    expect(bodyOf(differ)).toMatchObject({ code: 'POLICY_DEPARTMENTS_DIFFER' });
    const diff = bodyOf(await call('GET /campaigns/{id}/policy-diff', { params: { id: CAMPAIGN.id }, query: { version: '2.0.0' } }));
    expect(diff).toMatchObject({ changes: { departments: { added: ['县法院'] }, departmentCodesDiffer: true } });
    expect(
      (await call('PUT /campaigns/{id}/policy', { params: { id: CAMPAIGN.id }, body: { version: '9.9.9', reason: '没有这个版本' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('PUT /campaigns/{id}/policy', { params: { id: CAMPAIGN.id }, body: { version: '1.1.0', reason: '改' } })).statusCode,
    ).toBe(400);
    expect(
      (
        await call('PUT /campaigns/{id}/policy', {
          params: { id: CAMPAIGN.id },
          body: { version: '1.1.0', reason: '县委组织部印发修订稿' },
          claims: TOWNSHIP,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await call('GET /campaigns/{id}/policy-diff', { params: { id: CAMPAIGN.id }, query: { version: '1.1.0' }, claims: TOWNSHIP }))
        .statusCode,
    ).toBe(403);
  });
});
