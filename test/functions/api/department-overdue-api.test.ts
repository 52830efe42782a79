// GET /campaigns/{id}/departments/{code}/overdue: from the dashboard, the organization department
// reads one late department's overdue tasks and its 催办 history, without being one of its reviewers.
import { beforeEach, describe, expect, it } from 'vitest';
import { createOrgdeptApi } from '../../../shared/adapters/http/orgdept-routes.js';
import type { DepartmentOverdue } from '../../../shared/api/overdue.js';
import type { MemoryRepositories } from '../../adapters/memory-repositories.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, sampleRow, seedBatch, seedCampaign, seedTask } from './support.js';

const ORG = claimsFor(['orgdept'], 'u-org');
const COURT = claimsFor(['department:court'], 'u-court');
let repos: MemoryRepositories;
let orgdept: ApiHandler;
let candidateIds: string[];

beforeEach(async () => {
  const deps = apiDeps();
  repos = deps.repos;
  await seedCampaign(repos);
  ({ candidateIds } = await seedBatch(repos));
  orgdept = checkedByContract(createOrgdeptApi(deps));
});

const read = (code = 'court', claims = ORG) =>
  orgdept(
    httpEvent({ routeKey: 'GET /campaigns/{id}/departments/{code}/overdue', pathParameters: { id: CAMPAIGN.id, code }, claims }),
    lambdaContext,
  );
const remind = () =>
  orgdept(
    httpEvent({
      routeKey: 'POST /campaigns/{id}/reminders',
      pathParameters: { id: CAMPAIGN.id },
      body: { department: 'court' },
      claims: ORG,
    }),
    lambdaContext,
  );

describe('a late department’s overdue tasks and 催办 history, for the organization department', () => {
  it('lists the timed-out and the open-past-deadline tasks (not those still in time) and the reminders, newest first', async () => {
    const [timedOut = '', pastDeadline = ''] = candidateIds;
    const [inTime = ''] = (await seedBatch(repos, { key: '2', rows: [sampleRow(1, '吴大伟', '330902197507070315')] })).candidateIds;
    await seedTask(repos, timedOut, 'court', { deadline: '2026-04-07T16:00:00.000Z' });
    await repos.tasks.markOverdue(timedOut, 'court', '2026-04-07T16:00:00.000Z');
    await seedTask(repos, pastDeadline, 'court', { deadline: '2026-04-08T16:00:00.000Z' });
    await seedTask(repos, inTime, 'court');
    await seedTask(repos, inTime, 'police', { deadline: '2026-04-08T16:00:00.000Z' });
    expect((await remind()).statusCode).toBe(201);
    expect((await remind()).statusCode).toBe(201);

    const res = await read();
    expect(res.statusCode, res.body).toBe(200);
    const body = bodyOf(res) as DepartmentOverdue;
    expect(body).toMatchObject({ department: 'court', name: '区法院' });
    expect(body.tasks.map((t) => [t.candidateId, t.status, t.overdue])).toEqual([
      [timedOut, 'overdue', true],
      [pastDeadline, 'open', true],
    ]);
    expect(body.tasks[0]?.dueText).toMatch(/^逾期/);
    expect(body.tasks[0]?.candidate.idMasked).toMatch(/\*{8}/);
    expect(body.reminders).toHaveLength(2);
    expect(body.reminders[0]).toMatchObject({ by: 'u-org', openTasks: 2, overdueTasks: 1 });
    expect((body.reminders[0]?.at ?? '') >= (body.reminders[1]?.at ?? '')).toBe(true);
  });

  it('is for the organization department only, and for a department of the policy', async () => {
    expect((await read('court', COURT)).statusCode).toBe(403);
    const unknown = await read('no-such-dept');
    expect(unknown.statusCode).toBe(400);
    expect(bodyOf(unknown)).toMatchObject({ code: 'DEPARTMENT_UNKNOWN' });
    expect(bodyOf(await read())).toMatchObject({ tasks: [], reminders: [] });
  });
});
