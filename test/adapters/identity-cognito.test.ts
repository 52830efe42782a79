// The Cognito account adapter against a mocked user pool (aws-sdk-client-mock): roles are groups
// created on first use, new and reset passwords are temporary, lists page through every result,
// nothing is left half-created, and ending sessions is a global sign-out.
import 'aws-sdk-client-mock-vitest/extend';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  ResourceNotFoundException,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { accountAction } from '../../shared/app/accounts/account-action.js';
import { cognitoIdentityAdmin } from '../../shared/adapters/identity/cognito.js';
import { memoryRepositories } from './memory-repositories.js';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'ap-east-1_AbCdEf123';
const admin = () =>
  cognitoIdentityAdmin(new CognitoIdentityProviderClient({ region: 'ap-east-1' }), { userPoolId: POOL, accessTokenMinutes: 60 });
const meta = { $metadata: {} };
const notFound = (message: string) => new UserNotFoundException({ message, ...meta });

const user = (username: string, extra: Record<string, unknown> = {}) => ({
  Username: username,
  Enabled: true,
  UserStatus: 'CONFIRMED' as const,
  UserCreateDate: new Date('2026-04-01T00:00:00Z'),
  Attributes: [
    { Name: 'sub', Value: `sub-${username}` },
    { Name: 'name', Value: `${username} 的名字` },
    { Name: 'phone_number', Value: '+8613812345678' },
  ],
  ...extra,
});

beforeEach(() => {
  cognito.reset();
});

describe('listing', () => {
  it('pages through users and groups and gives each user the role its group names', async () => {
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user('wang.li'), user('li.court', { UserStatus: 'FORCE_CHANGE_PASSWORD' })], PaginationToken: 'p2' })
      .resolvesOnce({ Users: [user('org.one', { Enabled: false })] });
    cognito
      .on(ListGroupsCommand)
      .resolvesOnce({ Groups: [{ GroupName: 'orgdept' }, { GroupName: 'admins-of-something-else' }], NextToken: 'g2' })
      .resolvesOnce({ Groups: [{ GroupName: 'township:baiquan' }, { GroupName: 'department:court' }] });
    cognito.on(ListUsersInGroupCommand, { GroupName: 'orgdept' }).resolves({ Users: [user('org.one')] });
    cognito
      .on(ListUsersInGroupCommand, { GroupName: 'township:baiquan' })
      .resolvesOnce({ Users: [], NextToken: 't2' })
      .resolvesOnce({ Users: [user('wang.li')] });
    cognito.on(ListUsersInGroupCommand, { GroupName: 'department:court' }).resolves({ Users: [user('li.court')] });

    const accounts = await admin().list();
    expect(accounts.map((a) => [a.username, a.role, a.status, a.mustChangePassword])).toEqual([
      ['wang.li', 'township:baiquan', 'enabled', false],
      ['li.court', 'department:court', 'enabled', true],
      ['org.one', 'orgdept', 'disabled', false],
    ]);
    expect(accounts[0]).toMatchObject({ sub: 'sub-wang.li', displayName: 'wang.li 的名字', phone: '+8613812345678', locked: false });
    expect(cognito).toHaveReceivedCommandTimes(ListUsersCommand, 2);
    expect(cognito).toHaveReceivedCommandWith(ListUsersCommand, { UserPoolId: POOL, PaginationToken: 'p2' });
    expect(cognito).toHaveReceivedCommandWith(ListGroupsCommand, { UserPoolId: POOL, NextToken: 'g2' });
    expect(cognito).not.toHaveReceivedCommandWith(ListUsersInGroupCommand, { GroupName: 'admins-of-something-else' });
  });

  it('lists a role’s users, and none for a group that does not exist yet', async () => {
    cognito.on(ListUsersInGroupCommand, { GroupName: 'department:court' }).resolves({ Users: [user('li.court')] });
    cognito
      .on(ListUsersInGroupCommand, { GroupName: 'department:health' })
      .rejects(new ResourceNotFoundException({ message: 'no group', ...meta }));
    expect((await admin().listByRole('department:court')).map((a) => a.username)).toEqual(['li.court']);
    expect(await admin().listByRole('department:health')).toEqual([]);
  });
});

describe('creating', () => {
  const input = {
    username: 'wang.li',
    displayName: '王丽',
    phone: '+8613812345678',
    role: 'township:baiquan',
    temporaryPassword: 'Kp7m-Qx3r-T9zb-H4nw',
    createdAt: '2026-04-01T00:00:00.000Z',
    createdBy: 'org-1',
  };

  it('creates the user with a temporary password and no invitation, creating the township group on first use', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: user('wang.li', { UserStatus: 'FORCE_CHANGE_PASSWORD' }) });
    cognito
      .on(AdminAddUserToGroupCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'Group not found', ...meta }))
      .resolves({});
    cognito.on(CreateGroupCommand).resolves({});
    const result = await admin().create(input);
    expect(result).toMatchObject({ created: true, account: { username: 'wang.li', role: 'township:baiquan', mustChangePassword: true } });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: POOL,
      Username: 'wang.li',
      TemporaryPassword: 'Kp7m-Qx3r-T9zb-H4nw',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'name', Value: '王丽' },
        { Name: 'phone_number', Value: '+8613812345678' },
      ],
    });
    expect(cognito).toHaveReceivedCommandWith(CreateGroupCommand, { UserPoolId: POOL, GroupName: 'township:baiquan' });
    expect(cognito).toHaveReceivedCommandTimes(AdminAddUserToGroupCommand, 2);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('reports a taken login name without touching groups', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', ...meta }));
    expect(await admin().create(input)).toEqual({ created: false });
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
  });

  it('removes the user again when its role cannot be given, so nothing is half-created', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: user('wang.li') });
    cognito.on(AdminAddUserToGroupCommand).rejects(new Error('throttled'));
    cognito.on(AdminDeleteUserCommand).resolves({});
    await expect(admin().create(input)).rejects.toThrow('throttled');
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { UserPoolId: POOL, Username: 'wang.li' });
  });
});

describe('changing an account', () => {
  beforeEach(() => {
    cognito.on(AdminGetUserCommand, { Username: 'wang.li' }).resolves({
      Username: 'wang.li',
      Enabled: false,
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      UserAttributes: [{ Name: 'sub', Value: 'sub-wang.li' }],
    });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'township:baiquan' }] });
    cognito.on(AdminGetUserCommand, { Username: 'nobody' }).rejects(notFound('User does not exist.'));
  });

  it('disables and signs the user out everywhere', async () => {
    const account = await admin().disable('wang.li', '2026-04-02T00:00:00.000Z');
    expect(account).toMatchObject({ status: 'disabled', role: 'township:baiquan' });
    expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { UserPoolId: POOL, Username: 'wang.li' });
    expect(cognito).toHaveReceivedCommandWith(AdminUserGlobalSignOutCommand, { UserPoolId: POOL, Username: 'wang.li' });
  });

  it('resets to a temporary password the next sign-in must change, and signs out everywhere', async () => {
    await admin().resetPassword('wang.li', 'Kp7m-Qx3r-T9zb-H4nw', '2026-04-02T00:00:00.000Z');
    expect(cognito).toHaveReceivedCommandWith(AdminSetUserPasswordCommand, {
      UserPoolId: POOL,
      Username: 'wang.li',
      Password: 'Kp7m-Qx3r-T9zb-H4nw',
      Permanent: false,
    });
    expect(cognito).toHaveReceivedCommandTimes(AdminUserGlobalSignOutCommand, 1);
  });

  it('enables, signs out, and says when the user does not exist', async () => {
    await admin().enable('wang.li', '2026-04-02T00:00:00.000Z');
    expect(cognito).toHaveReceivedCommand(AdminEnableUserCommand);
    await admin().signOutEverywhere('wang.li', '2026-04-02T00:00:00.000Z');
    expect(cognito).toHaveReceivedCommandTimes(AdminUserGlobalSignOutCommand, 1);
    cognito.on(AdminDisableUserCommand, { Username: 'nobody' }).rejects(notFound('User does not exist.'));
    expect(await admin().disable('nobody', '2026-04-02T00:00:00.000Z')).toBeUndefined();
    expect(await admin().get('nobody')).toBeUndefined();
  });

  it('through the use case: Cognito lifts its own locks, and a disable says when tokens stop', async () => {
    const deps = {
      repos: memoryRepositories(),
      now: () => new Date('2026-04-02T00:00:00Z'),
      identity: { kind: 'cognito' as const, admin: admin() },
    };
    const caller = { userId: 'org-1', username: 'org-1', townships: [], departments: [], orgdept: true };
    const unlock = await accountAction(deps, { caller, username: 'wang.li', action: 'unlock' });
    expect(unlock).toMatchObject({ kind: 'conflict', detail: { code: 'UNLOCK_AUTOMATIC' } });
    const disabled = await accountAction(deps, { caller, username: 'wang.li', action: 'disable' });
    expect(disabled).toMatchObject({ account: { status: 'disabled' } });
    expect(JSON.stringify(disabled)).toContain('60 分钟');
  });
});
