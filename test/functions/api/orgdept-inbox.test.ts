// The organization department is one of the reviewing units: its own accounts (orgdept) get the
// inbox of the department the policy names for it, and nothing of any other department's.
import 'aws-sdk-client-mock-vitest/extend';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReviewsApi } from '../../../shared/adapters/http/reviews-routes.js';
import { builtInPolicies } from '../../../shared/adapters/files/policy-files.js';
import { memoryRepositories } from '../../adapters/memory-repositories.js';
import { seedAccount, type memoryIdentity } from '../../adapters/memory-accounts.js';
import { checkedByContract, type ApiHandler } from './contract.js';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask } from './support.js';
import type { Inbox } from '../../../shared/api/reviews.js';
import { listCampaigns } from '../../../shared/app/campaigns.js';

const sfnMock = mockClient(SFNClient);
const ORGANISATION = 'organisation';
const COURT = 'court';
const ORGDEPT = claimsFor(['orgdept'], 'org-1');

let candidateIds: string[];
let identity: ReturnType<typeof memoryIdentity>;

async function setUp(repos = memoryRepositories()): Promise<{ api: ApiHandler; repos: typeof repos }> {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  const deps = apiDeps(repos);
  identity = deps.identity;
  await seedCampaign(deps.repos);
  ({ candidateIds } = await seedBatch(deps.repos));
  return { api: checkedByContract(createReviewsApi({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) })), repos: deps.repos };
}

const inboxOf = (api: ApiHandler, claims: ReturnType<typeof claimsFor>, department?: string) =>
  api(httpEvent({ routeKey: 'GET /reviews', query: department === undefined ? {} : { department }, claims }), lambdaContext);

const answer = (api: ApiHandler, taskId: string, claims: ReturnType<typeof claimsFor>) =>
  api(
    httpEvent({ routeKey: 'POST /reviews/{id}/answer', pathParameters: { id: taskId }, body: { result: 'clear' }, claims }),
    lambdaContext,
  );

describe('an organization department account as a reviewer of its own department', () => {
  let api: ApiHandler;
  let repos: ReturnType<typeof memoryRepositories>;
  beforeEach(async () => {
    ({ api, repos } = await setUp());
  });

  it('lists the organisation inbox without naming the department', async () => {
    await seedTask(repos, candidateIds[0] ?? '', ORGANISATION);
    await seedTask(repos, candidateIds[1] ?? '', COURT);
    const res = await inboxOf(api, ORGDEPT);
    expect(res.statusCode).toBe(200);
    const inbox = bodyOf(res) as Inbox;
    expect(inbox.department).toBe(ORGANISATION);
    expect(inbox.items.map((t) => t.taskId)).toEqual([`${candidateIds[0]}~${ORGANISATION}`]);
  });

  it('answers an organisation task, which goes on to Step Functions', async () => {
    await seedTask(repos, candidateIds[0] ?? '', ORGANISATION);
    const res = await answer(api, `${candidateIds[0]}~${ORGANISATION}`, ORGDEPT);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ status: 'answered', answer: { result: 'clear' } });
    expect((await repos.verdicts.get(candidateIds[0] ?? '', ORGANISATION))?.verdict).toMatchObject({
      status: 'clear',
      answeredBy: { id: 'org-1' },
    });
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it('is still refused on another department: its inbox, its task card and its answer', async () => {
    await seedTask(repos, candidateIds[0] ?? '', COURT);
    const taskId = `${candidateIds[0]}~${COURT}`;
    expect((await inboxOf(api, ORGDEPT, COURT)).statusCode).toBe(403);
    const card = await api(httpEvent({ routeKey: 'GET /reviews/{id}', pathParameters: { id: taskId }, claims: ORGDEPT }), lambdaContext);
    expect(card.statusCode).toBe(403);
    const res = await answer(api, taskId, ORGDEPT);
    expect(res.statusCode).toBe(403);
    expect(bodyOf(res)).toEqual({ message: '无权访问该部门的数据', code: 'FORBIDDEN' });
    expect(await repos.verdicts.get(candidateIds[0] ?? '', COURT)).toBeUndefined();
    expect(sfnMock).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
  });

  it('gives nothing of the organisation department to a reviewer of another department', async () => {
    await seedTask(repos, candidateIds[0] ?? '', ORGANISATION);
    const court = claimsFor([`department:${COURT}`], 'reviewer-court');
    expect((await inboxOf(api, court, ORGANISATION)).statusCode).toBe(403);
    expect((await answer(api, `${candidateIds[0]}~${ORGANISATION}`, court)).statusCode).toBe(403);
  });

  it('keeps both inboxes apart for an orgdept account that also holds a department group, its group the default', async () => {
    await seedTask(repos, candidateIds[0] ?? '', ORGANISATION);
    await seedTask(repos, candidateIds[1] ?? '', COURT);
    const both = claimsFor(['orgdept', `department:${COURT}`], 'org-2');
    expect((bodyOf(await inboxOf(api, both)) as Inbox).department).toBe(COURT);
    expect((bodyOf(await inboxOf(api, both, ORGANISATION)) as Inbox).items).toHaveLength(1);
    expect((bodyOf(await inboxOf(api, both, COURT)) as Inbox).items).toHaveLength(1);
  });
});

describe('a policy naming the department the organization department reviews for', () => {
  it('gives the orgdept account that department instead of organisation', async () => {
    const policies = builtInPolicies().map((p) => (p.id === CAMPAIGN.policyId ? { ...p, orgdeptDepartment: 'discipline' } : p));
    const { api, repos } = await setUp(memoryRepositories({ builtInPolicies: policies.filter((p) => p.id === CAMPAIGN.policyId) }));
    await seedTask(repos, candidateIds[0] ?? '', 'discipline');
    await seedTask(repos, candidateIds[1] ?? '', ORGANISATION);
    const res = await inboxOf(api, ORGDEPT);
    expect(res.statusCode).toBe(200);
    expect((bodyOf(res) as Inbox).department).toBe('discipline');
    expect((await answer(api, `${candidateIds[1]}~${ORGANISATION}`, ORGDEPT)).statusCode).toBe(403);
    expect((await answer(api, `${candidateIds[0]}~discipline`, ORGDEPT)).statusCode).toBe(200);
  });
});

describe('the campaign as the portal reads it', () => {
  it('names the department the organization department reviews for, so its menu opens that inbox', async () => {
    const repos = memoryRepositories();
    await seedCampaign(repos);
    const { campaigns } = await listCampaigns({ repos });
    expect(campaigns.map((c) => c.policy?.orgdeptDepartment)).toEqual([ORGANISATION]);
  });
});

describe('the organization department accounts among its department reviewers', () => {
  const reviewersOf = (api: ApiHandler, code: string, claims: ReturnType<typeof claimsFor>) =>
    api(httpEvent({ routeKey: 'GET /departments/{code}/reviewers', pathParameters: { code }, claims }), lambdaContext);

  it('lists them for its own department only, and takes one as the colleague a task is handed to', async () => {
    const { api, repos } = await setUp();
    await seedAccount(identity, { username: 'zhang', role: 'orgdept', displayName: '张组织' });
    await seedAccount(identity, { username: 'wang', role: `department:${ORGANISATION}`, displayName: '王审查' });
    await seedAccount(identity, { username: 'li', role: `department:${COURT}` });
    const own = bodyOf(await reviewersOf(api, ORGANISATION, ORGDEPT)) as { reviewers: Array<{ username: string }> };
    expect(own.reviewers.map((r) => r.username)).toEqual(['wang', 'zhang']);
    const court = bodyOf(await reviewersOf(api, COURT, ORGDEPT)) as { reviewers: Array<{ username: string }> };
    expect(court.reviewers.map((r) => r.username)).toEqual(['li']);

    await seedTask(repos, candidateIds[0] ?? '', ORGANISATION);
    const handed = await api(
      httpEvent({
        routeKey: 'POST /reviews/{id}/reassign',
        pathParameters: { id: `${candidateIds[0]}~${ORGANISATION}` },
        body: { assignee: 'zhang' },
        claims: claimsFor([`department:${ORGANISATION}`], 'wang'),
      }),
      lambdaContext,
    );
    expect(handed.statusCode).toBe(200);
    expect(bodyOf(handed)).toMatchObject({ assignee: 'zhang', assigneeName: '张组织' });
  });
});
