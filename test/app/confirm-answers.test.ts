// A reviewer's answer stored but never confirmed (the process died between the verdict write and
// SendTaskSuccess) is sent again by the recovery step, through the same path as a repeated answer.
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenHash } from '../../shared/app/common.js';
import { answerTask } from '../../shared/app/answer-task.js';
import { confirmStoredAnswers } from '../../shared/app/confirm-answers.js';
import type { CallbackResult, TaskCallbacks } from '../../shared/app/ports.js';
import type { MemoryRepositories } from '../adapters/memory-repositories.js';
import { apiDeps, CAMPAIGN, seedBatch, seedCampaign, seedTask } from '../functions/api/support.js';

const metrics = { count: () => undefined };
const now = () => new Date('2026-04-10T02:00:00.000Z');
const REVIEWER = { kind: 'reviewer' as const, id: 'u-discipline' };

let repos: MemoryRepositories;
let ids: string[];
let sent: string[];
let reply: CallbackResult;
const callbacks: TaskCallbacks = {
  succeed: async (token) => {
    sent.push(token);
    return reply;
  },
  fail: async () => 'sent',
};

async function storedAnswer(candidateId: string) {
  await repos.verdicts.putAnswer({
    campaignId: CAMPAIGN.id,
    candidateId,
    department: 'discipline',
    status: 'clear',
    findings: [],
    answeredBy: REVIEWER,
    answeredAt: '2026-04-09T08:00:00.000Z',
    source: 'portal',
  });
}

beforeEach(async () => {
  repos = apiDeps().repos;
  sent = [];
  reply = 'sent';
  await seedCampaign(repos);
  ({ candidateIds: ids } = await seedBatch(repos));
  for (const id of ids) await seedTask(repos, id, 'discipline');
});

describe('confirming stored answers after a restart', () => {
  it('sends an unconfirmed answer again and confirms it; answers not given are left alone', async () => {
    const [answered = '', silent = ''] = ids;
    await storedAnswer(answered);
    const result = await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] });
    expect(result).toEqual({ checked: 2, resent: 1, completed: 0, late: 0 });
    const token = (await repos.tasks.getToken(answered, 'discipline')) ?? '';
    expect(sent).toEqual([token]);
    expect((await repos.verdicts.get(answered, 'discipline'))?.resultSentFor).toBe(tokenHash(token));
    expect((await repos.tasks.get(answered, 'discipline'))?.status).toBe('answered');
    expect((await repos.tasks.get(silent, 'discipline'))?.status).toBe('open');
    const events = await repos.audit.listByCandidate(answered);
    expect(events.filter((e) => e.type === 'answered').map((e) => e.actor)).toEqual([REVIEWER]);

    // Run again (another restart): nothing is sent twice.
    sent = [];
    expect(await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] })).toMatchObject({ resent: 0 });
    expect(sent).toEqual([]);
  });

  it("reads the open tasks' verdicts together and looks one by one only at a task with a stored answer", async () => {
    const [answered = '', silent = ''] = ids;
    await storedAnswer(answered);
    const single: string[] = [];
    const many: number[] = [];
    const { get, getMany } = repos.verdicts;
    repos.verdicts.get = (candidateId, department) => {
      single.push(candidateId);
      return get(candidateId, department);
    };
    repos.verdicts.getMany = (refs) => {
      many.push(refs.length);
      return getMany(refs);
    };
    await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] });
    expect(many).toEqual([2]);
    expect(single).toContain(answered);
    expect(single).not.toContain(silent);
  });

  it('finishes a task whose answer was confirmed before the crash without sending it again', async () => {
    const [id = ''] = ids;
    await storedAnswer(id);
    const token = (await repos.tasks.getToken(id, 'discipline')) ?? '';
    await repos.verdicts.markResultSent(id, 'discipline', tokenHash(token), '2026-04-09T08:00:01.000Z');
    const result = await confirmStoredAnswers({ repos, now, metrics, callbacks });
    expect(result).toMatchObject({ resent: 0, completed: 1 });
    expect(sent).toEqual([]);
    expect((await repos.tasks.get(id, 'discipline'))?.status).toBe('answered');
  });

  it('sends again an answer confirmed on its put, whose writer may have died before sending, and finishes its task', async () => {
    const [id = '', spent = ''] = ids;
    const confirmedOnPut = async (candidateId: string, claim?: { by: string; at: string }) => {
      const token = (await repos.tasks.getToken(candidateId, 'discipline')) ?? '';
      const at = '2026-04-10T01:59:59.000Z';
      const verdict = {
        campaignId: CAMPAIGN.id,
        candidateId,
        department: 'discipline',
        status: 'clear' as const,
        findings: [],
        answeredBy: REVIEWER,
        answeredAt: at,
        source: 'portal' as const,
      };
      await repos.verdicts.putAnswer(verdict, claim, undefined, { tokenHash: tokenHash(token), at });
      return token;
    };
    // A fresh claim: its writer was sending a second ago.
    const token = await confirmedOnPut(id, { by: 'writer', at: '2026-04-10T01:59:59.000Z' });
    const result = await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] });
    expect(result).toMatchObject({ resent: 1, late: 0 });
    expect(sent).toEqual([token]);
    expect((await repos.tasks.get(id, 'discipline'))?.status).toBe('answered');

    // Its writer had sent it after all: the token is spent, and the answer still stands.
    await confirmedOnPut(spent);
    reply = 'timedOut';
    expect(await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] })).toMatchObject({ late: 0 });
    expect((await repos.verdicts.get(spent, 'discipline'))?.verdict.status).toBe('clear');
    expect((await repos.tasks.get(spent, 'discipline'))?.status).toBe('answered');
  });

  it('records an answer whose task already timed out as late, as a late answer from the portal is', async () => {
    const [id = ''] = ids;
    await storedAnswer(id);
    reply = 'timedOut';
    expect(await confirmStoredAnswers({ repos, now, metrics, callbacks }, { departments: ['discipline'] })).toMatchObject({ late: 1 });
    expect((await repos.verdicts.get(id, 'discipline'))?.verdict.status).toBe('overdue');
    expect((await repos.tasks.get(id, 'discipline'))?.status).toBe('overdue');
  });
});

describe('an answer confirmed on its put, repeated later', () => {
  it('is sent again when its writer went silent past its claim, and not once its task was answered', async () => {
    const [id = ''] = ids;
    let clock = new Date('2026-04-10T02:00:00.000Z');
    let down = true;
    const flaky: TaskCallbacks = {
      succeed: async (token) => {
        if (down) throw new Error('socket hang up');
        sent.push(token);
        return 'sent';
      },
      fail: async () => 'sent',
    };
    const deps = { repos, now: () => clock, metrics, callbacks: flaky, pause: async () => undefined };
    const caller = { userId: 'u-discipline', username: 'dis', townships: [], departments: ['discipline'], orgdept: false };
    const answer = () => answerTask(deps, { caller, taskId: `${id}~discipline`, answer: { status: 'clear', findings: [] } });
    // The writer's send fails: the answer is stored, confirmed on its put, and its task stays open.
    await expect(answer()).rejects.toThrow('socket hang up');
    down = false;
    expect(await answer()).toMatchObject({ kind: 'repeated' });
    expect(sent).toHaveLength(1);
    expect((await repos.tasks.get(id, 'discipline'))?.status).toBe('answered');
    // Long after: the task is answered, so a repeat sends nothing whatever the claim's age.
    clock = new Date('2026-04-10T03:00:00.000Z');
    expect(await answer()).toMatchObject({ kind: 'repeated' });
    expect(sent).toHaveLength(1);
  });
});
