// Local accounts (the stack's own sign-in) in the stack's one table: one item per login name,
// listed through gsi1 (ACCOUNTS, role#username). Wrong passwords are counted with an atomic ADD
// and the lock is a conditional write, so parallel sign-ins lock an account exactly once.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { AccountChange, AccountStore, StoredAccount } from '../../app/ports.js';
import { ENTITY, keys } from './keys.js';
import { isConditionalFailure, queryAll, type TableContext, withoutUndefined } from './util.js';

const FailedAttempts = z.object({ failedAttempts: z.number().int() });

const AccountItem = z.object({
  username: z.string(),
  sub: z.string(),
  displayName: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  role: z.string(),
  status: z.enum(['enabled', 'disabled']),
  mustChangePassword: z.boolean(),
  passwordHash: z.string(),
  sessionVersion: z.number().int(),
  failedAttempts: z.number().int(),
  lockedAt: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  lastSignInAt: z.string().optional(),
});

function toStored(item: Record<string, unknown>): StoredAccount {
  const a = AccountItem.parse(item);
  return {
    username: a.username,
    sub: a.sub,
    displayName: a.displayName,
    ...(a.phone === undefined ? {} : { phone: a.phone }),
    ...(a.email === undefined ? {} : { email: a.email }),
    role: a.role,
    status: a.status,
    locked: a.lockedAt !== undefined,
    mustChangePassword: a.mustChangePassword,
    passwordHash: a.passwordHash,
    sessionVersion: a.sessionVersion,
    failedAttempts: a.failedAttempts,
    ...(a.lockedAt === undefined ? {} : { lockedAt: a.lockedAt }),
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    updatedAt: a.updatedAt,
    ...(a.lastSignInAt === undefined ? {} : { lastSignInAt: a.lastSignInAt }),
  };
}

export function accountStore(ctx: TableContext): AccountStore {
  const exists = 'attribute_exists(pk)';

  /** An update of an existing account; undefined when there is none (or `condition` fails). */
  const update = async (
    username: string,
    expression: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
    condition = exists,
  ): Promise<Record<string, unknown> | undefined> => {
    try {
      const out = await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.account(username),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes;
    } catch (err) {
      if (isConditionalFailure(err)) return undefined;
      throw err;
    }
  };

  return {
    async create(account) {
      const { locked: _locked, ...fields } = account;
      try {
        await ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: withoutUndefined({
              ...keys.account(account.username),
              ...keys.accountList(account.role, account.username),
              entity: ENTITY.account,
              ...fields,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalFailure(err)) return false;
        throw err;
      }
    },

    async get(username) {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.account(username), ConsistentRead: true }));
      return out.Item === undefined ? undefined : toStored(out.Item);
    },

    async list() {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.accountListPartition },
      });
      return items.map(toStored);
    },

    async listByRole(role) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :r)',
        ExpressionAttributeValues: { ':p': keys.accountListPartition, ':r': `${role}#` },
      });
      return items.map(toStored).filter((a) => a.role === role);
    },

    async update(username, change: AccountChange, at) {
      const sets = ['updatedAt = :at'];
      const values: Record<string, unknown> = { ':at': at };
      const names: Record<string, string> = {};
      const removes: string[] = [];
      if (change.status !== undefined) {
        sets.push('#status = :status');
        names['#status'] = 'status';
        values[':status'] = change.status;
      }
      if (change.passwordHash !== undefined) {
        sets.push('passwordHash = :hash');
        values[':hash'] = change.passwordHash;
      }
      if (change.mustChangePassword !== undefined) {
        sets.push('mustChangePassword = :must');
        values[':must'] = change.mustChangePassword;
      }
      if (change.unlock === true) {
        sets.push('failedAttempts = :zero');
        values[':zero'] = 0;
        removes.push('lockedAt');
      }
      let expression = `SET ${sets.join(', ')}`;
      if (change.endSessions === true) {
        expression += ' ADD sessionVersion :one';
        values[':one'] = 1;
      }
      if (removes.length > 0) expression += ` REMOVE ${removes.join(', ')}`;
      const item = await update(username, expression, values, names);
      return item === undefined ? undefined : toStored(item);
    },

    async recordFailure(username, at) {
      const item = await update(username, 'SET lastFailureAt = :at ADD failedAttempts :one', { ':at': at, ':one': 1 }, {});
      return item === undefined ? undefined : FailedAttempts.parse(item).failedAttempts;
    },

    async lock(username, at) {
      const item = await update(
        username,
        'SET lockedAt = :at, updatedAt = :at',
        { ':at': at },
        {},
        `${exists} AND attribute_not_exists(lockedAt)`,
      );
      return item !== undefined;
    },

    async recordSignIn(username, at) {
      // Not over a lock that a parallel wrong password just set.
      await update(
        username,
        'SET failedAttempts = :zero, lastSignInAt = :at',
        { ':zero': 0, ':at': at },
        {},
        `${exists} AND attribute_not_exists(lockedAt)`,
      );
    },
  };
}
