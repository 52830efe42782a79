// Review tasks: one item per (candidate, department) for departments answered by a person. The
// task token lives only here (server side). The inbox is gsi1: INBOX#<dept>#<status>, sorted by
// deadline, so a status change moves the task between inbox partitions.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AnswerEvent, StoredAnswerEvent } from '../../domain/audit/answers.js';
import { Actor, Post } from '../../domain/model.js';
import type { NewTask, TaskRepository, TaskStatus, TaskView } from '../../app/ports.js';
import { taskIdFor } from '../../domain/ids.js';
import { HeldAnswer, ReturnedAnswer } from '../../domain/sign-off.js';
import { ENTITY, keys } from './keys.js';
import { batchGetAll, countAll, isConditionalFailure, queryAll, type TableContext, writtenIf } from './util.js';

const TaskItem = z.object({
  campaignId: z.string(),
  candidateId: z.string(),
  department: z.string(),
  status: z.enum(['open', 'answered', 'overdue', 'cancelled']),
  createdAt: z.string(),
  deadline: z.string(),
  deadlineAssumedYears: z.array(z.number().int()).optional(),
  hints: z
    .array(
      z.object({
        kind: z.literal('id-match-name-differs'),
        category: z.string(),
        recordName: z.string(),
        documentNumber: z.string().optional(),
      }),
    )
    .default([]),
  candidate: z.object({ name: z.string(), idMasked: z.string(), township: z.string(), village: z.string(), post: Post }),
  assignee: z.string().optional(),
  assigneeName: z.string().optional(),
  assignVersion: z.number().int().optional(),
  answeredAt: z.string().optional(),
  answeredBy: Actor.optional(),
  lateAnswerAt: z.string().optional(),
  lateAnswerBy: Actor.optional(),
  held: HeldAnswer.optional(),
  returned: ReturnedAnswer.optional(),
});

const TokenItem = z.object({ taskToken: z.string().min(1).optional() });
const TokenOf = TokenItem.extend({ candidateId: z.string(), department: z.string() });
const StatusItem = TaskItem.pick({ status: true });

/** Deliberately never reads `taskToken`. */
function toView(item: Record<string, unknown>): TaskView {
  const t = TaskItem.parse(item);
  const view: TaskView = {
    taskId: taskIdFor(t.candidateId, t.department),
    campaignId: t.campaignId,
    candidateId: t.candidateId,
    department: t.department,
    status: t.status,
    createdAt: t.createdAt,
    deadline: t.deadline,
    hints: t.hints.map((h) => ({
      kind: h.kind,
      category: h.category,
      recordName: h.recordName,
      ...(h.documentNumber === undefined ? {} : { documentNumber: h.documentNumber }),
    })),
    candidate: t.candidate,
  };
  if (t.deadlineAssumedYears !== undefined && t.deadlineAssumedYears.length > 0) view.deadlineAssumedYears = t.deadlineAssumedYears;
  if (t.assignee !== undefined) view.assignee = t.assignee;
  if (t.assigneeName !== undefined) view.assigneeName = t.assigneeName;
  if (t.assignVersion !== undefined) view.assignVersion = t.assignVersion;
  if (t.answeredAt !== undefined) view.answeredAt = t.answeredAt;
  if (t.answeredBy !== undefined) view.answeredBy = t.answeredBy;
  if (t.lateAnswerAt !== undefined) view.lateAnswerAt = t.lateAnswerAt;
  if (t.lateAnswerBy !== undefined) view.lateAnswerBy = t.lateAnswerBy;
  if (t.held !== undefined) view.held = t.held;
  if (t.returned !== undefined) view.returned = t.returned;
  return view;
}

const NAMES = { '#status': 'status', '#g1pk': 'gsi1pk', '#g1sk': 'gsi1sk' };

/** Dispatch events are top-level attributes `dispatch#<key>` of the task item, one per token. */
const DISPATCH_PREFIX = 'dispatch#';
function dispatchAttribute(key: string): string {
  if (!/^[0-9a-f]{1,64}$/.test(key)) throw new Error('a dispatch key is 1-64 lowercase hex characters');
  return `${DISPATCH_PREFIX}${key}`;
}

export function taskRepository(ctx: TableContext): TaskRepository {
  const load = async (candidateId: string, department: string): Promise<Record<string, unknown> | undefined> => {
    const out = await ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.task(candidateId, department), ConsistentRead: true }),
    );
    return out.Item;
  };

  /**
   * Moves a task in one of `from` to `to`; false when the task is missing or in another status. The
   * inbox sort key (deadline, candidate) does not depend on the status, so only the partition moves
   * and the task need not be read first.
   */
  const transition = async (
    candidateId: string,
    department: string,
    to: TaskStatus,
    set: Record<string, unknown>,
    from: readonly TaskStatus[] = ['open'],
  ): Promise<boolean> => {
    const names: Record<string, string> = { '#status': 'status', '#g1pk': 'gsi1pk' };
    const values: Record<string, unknown> = { ':to': to, ':g1pk': keys.inboxPartition(department, to) };
    from.forEach((f, i) => {
      values[`:f${i}`] = f;
    });
    const sets = ['#status = :to', '#g1pk = :g1pk'];
    Object.entries(set).forEach(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      sets.push(`#a${i} = :a${i}`);
    });
    try {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.task(candidateId, department),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalFailure(err)) return false;
      throw err;
    }
  };

  return {
    async open(task: NewTask) {
      const inbox = keys.inbox(task.department, 'open', task.deadline, task.candidateId);
      const dispatch =
        task.dispatch === undefined
          ? undefined
          : { key: dispatchAttribute(task.dispatch.key), event: AnswerEvent.parse(task.dispatch.event) };
      try {
        const out = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.task(task.candidateId, task.department),
            UpdateExpression:
              'SET #entity = :entity, #campaignId = :campaignId, #candidateId = :candidateId, #department = :department, ' +
              '#status = :open, #token = :token, #deadline = :deadline, #assumed = :assumed, #hints = :hints, #candidate = :candidate, ' +
              '#g1pk = :g1pk, #g1sk = :g1sk, #createdAt = if_not_exists(#createdAt, :createdAt)' +
              // The dispatch's audit event, once per token: a redelivery keeps the first.
              (dispatch === undefined ? '' : ', #dispatch = if_not_exists(#dispatch, :dispatch)'),
            ConditionExpression: 'attribute_not_exists(pk) OR #status = :open',
            ExpressionAttributeNames: {
              ...NAMES,
              '#entity': 'entity',
              '#campaignId': 'campaignId',
              '#candidateId': 'candidateId',
              '#department': 'department',
              '#token': 'taskToken',
              '#deadline': 'deadline',
              '#assumed': 'deadlineAssumedYears',
              '#hints': 'hints',
              '#candidate': 'candidate',
              '#createdAt': 'createdAt',
              ...(dispatch === undefined ? {} : { '#dispatch': dispatch.key }),
            },
            ExpressionAttributeValues: {
              ':entity': ENTITY.task,
              ':campaignId': task.campaignId,
              ':candidateId': task.candidateId,
              ':department': task.department,
              ':open': 'open',
              ':token': task.taskToken,
              ':deadline': task.deadline,
              ':assumed': task.deadlineAssumedYears ?? [],
              ':hints': task.hints,
              ':candidate': task.candidate,
              ':g1pk': inbox.gsi1pk,
              ':g1sk': inbox.gsi1sk,
              ':createdAt': task.createdAt,
              ...(dispatch === undefined ? {} : { ':dispatch': dispatch.event }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { opened: true, task: toView(out.Attributes ?? {}) };
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const item = await load(task.candidateId, task.department);
        if (item === undefined) throw err;
        return { opened: false, task: toView(item) };
      }
    },

    async dispatchEvents(candidateId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `CAND#${candidateId}`, ':s': keys.taskPrefix },
        ConsistentRead: true,
      });
      return items.flatMap((item) =>
        Object.entries(item).flatMap(([name, value]) => (name.startsWith(DISPATCH_PREFIX) ? [StoredAnswerEvent.parse(value)] : [])),
      );
    },

    async get(candidateId, department) {
      const item = await load(candidateId, department);
      return item === undefined ? undefined : toView(item);
    },

    async getMany(refs) {
      const items = await batchGetAll(
        ctx,
        refs.map((r) => keys.task(r.candidateId, r.department)),
      );
      return items.map(toView);
    },

    async getTokens(refs) {
      const items = await batchGetAll(
        ctx,
        refs.map((r) => keys.task(r.candidateId, r.department)),
        {
          ProjectionExpression: '#c, #d, #t',
          ExpressionAttributeNames: { '#c': 'candidateId', '#d': 'department', '#t': 'taskToken' },
        },
      );
      return new Map(
        items.flatMap((item) => {
          const t = TokenOf.parse(item);
          return t.taskToken === undefined ? [] : [[taskIdFor(t.candidateId, t.department), t.taskToken]];
        }),
      );
    },

    async getToken(candidateId, department) {
      const item = await load(candidateId, department);
      if (item === undefined) return undefined;
      return TokenItem.parse(item).taskToken;
    },

    async listInbox(department, status, opts) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.inboxPartition(department, status) },
        ScanIndexForward: true,
        ...(opts?.limit === undefined ? {} : { Limit: opts.limit }),
      });
      return items.map(toView);
    },

    countInbox(department, status) {
      return countAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.inboxPartition(department, status) },
      });
    },

    markAnswered(candidateId, department, by, at) {
      return transition(candidateId, department, 'answered', { answeredAt: at, answeredBy: by });
    },

    markOverdue(candidateId, department, at) {
      return transition(candidateId, department, 'overdue', { overdueAt: at });
    },

    cancel(candidateId, department, at) {
      return transition(candidateId, department, 'cancelled', { cancelledAt: at });
    },

    async markLate(candidateId, department, by, at) {
      // From open or already overdue: the timeout may have been recorded first.
      await transition(candidateId, department, 'overdue', { lateAnswerAt: at, lateAnswerBy: by }, ['open', 'overdue']);
    },

    async hold(candidateId, department, input) {
      const held = HeldAnswer.parse(input);
      return writtenIf(() =>
        ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.task(candidateId, department),
            UpdateExpression: 'SET #held = :held REMOVE #returned',
            ConditionExpression: 'attribute_exists(pk) AND #status = :open AND attribute_not_exists(#held)',
            ExpressionAttributeNames: { '#held': 'held', '#returned': 'returned', '#status': 'status' },
            ExpressionAttributeValues: { ':held': held, ':open': 'open' },
          }),
        ),
      );
    },

    release(candidateId, department, heldAt, returned) {
      return writtenIf(() =>
        ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.task(candidateId, department),
            UpdateExpression: returned === undefined ? 'REMOVE #held, #returned' : 'SET #returned = :returned REMOVE #held',
            ConditionExpression: 'attribute_exists(pk) AND #status = :open AND #held.#at = :heldAt',
            ExpressionAttributeNames: { '#held': 'held', '#returned': 'returned', '#status': 'status', '#at': 'at' },
            ExpressionAttributeValues: {
              ':open': 'open',
              ':heldAt': heldAt,
              ...(returned === undefined ? {} : { ':returned': ReturnedAnswer.parse(returned) }),
            },
          }),
        ),
      );
    },

    async reassign(candidateId, department, input) {
      const seen = input.expectedVersion === 0 ? 'attribute_not_exists(#v)' : '#v = :expected';
      try {
        await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.task(candidateId, department),
            UpdateExpression: 'SET #assignee = :a, #assigneeName = :n, #v = :next',
            ConditionExpression: `attribute_exists(pk) AND #status = :open AND ${seen}`,
            ExpressionAttributeNames: {
              '#assignee': 'assignee',
              '#assigneeName': 'assigneeName',
              '#status': 'status',
              '#v': 'assignVersion',
            },
            ExpressionAttributeValues: {
              ':a': input.assignee,
              ':n': input.assigneeName,
              ':open': 'open',
              ':next': input.expectedVersion + 1,
              ...(input.expectedVersion === 0 ? {} : { ':expected': input.expectedVersion }),
            },
          }),
        );
        return 'reassigned';
      } catch (err) {
        if (!isConditionalFailure(err)) throw err;
        const item = await load(candidateId, department);
        return item !== undefined && StatusItem.parse(item).status === 'open' ? 'changed' : 'notOpen';
      }
    },
  };
}
