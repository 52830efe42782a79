// Accounts in a Cognito user pool (where Cognito exists). A role is a group (orgdept,
// township:<code>, department:<code>); township and department groups are created on first use,
// as data, never as stack resources. New and reset passwords are temporary (FORCE_CHANGE_PASSWORD):
// the hosted sign-in asks for a new one (NEW_PASSWORD_REQUIRED). Ending sessions is
// AdminUserGlobalSignOut: refresh tokens stop at once, access tokens at their expiry, because
// API Gateway's JWT authorizer checks only signature and expiry.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  paginateAdminListGroupsForUser,
  paginateListGroups,
  paginateListUsers,
  paginateListUsersInGroup,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseRole } from '../../domain/accounts.js';
import type { Account, IdentityAdmin } from '../../app/ports.js';

export interface CognitoAdminOptions {
  userPoolId: string;
  /** The portal client's access-token lifetime: how long a token outlives a global sign-out. */
  accessTokenMinutes: number;
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : undefined);

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((a) => a.Name === name)?.Value;
}

/** The account a Cognito user stands for; its role is its first group that names one. */
export function accountOfUser(
  user: Pick<UserType, 'Username' | 'Attributes' | 'Enabled' | 'UserStatus' | 'UserCreateDate'>,
  groups: readonly string[],
): Account {
  const username = user.Username ?? '';
  const phone = attribute(user.Attributes, 'phone_number');
  const email = attribute(user.Attributes, 'email');
  const role = groups.find((g) => g === 'orgdept') ?? groups.find((g) => parseRole(g) !== null) ?? '';
  return {
    username,
    sub: attribute(user.Attributes, 'sub') ?? username,
    displayName: attribute(user.Attributes, 'name') ?? username,
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
    role,
    status: user.Enabled === false ? 'disabled' : 'enabled',
    // Cognito's own lockout after wrong passwords is temporary and not visible through its API.
    locked: false,
    mustChangePassword: user.UserStatus === 'FORCE_CHANGE_PASSWORD' || user.UserStatus === 'RESET_REQUIRED',
    createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
  };
}

export function cognitoIdentityAdmin(client: CognitoIdentityProviderClient, options: CognitoAdminOptions): IdentityAdmin {
  const UserPoolId = options.userPoolId;

  const groupsOf = async (username: string): Promise<string[]> => {
    const names: string[] = [];
    for await (const page of paginateAdminListGroupsForUser({ client }, { UserPoolId, Username: username })) {
      for (const g of page.Groups ?? []) if (g.GroupName) names.push(g.GroupName);
    }
    return names;
  };

  const get = async (username: string): Promise<Account | undefined> => {
    try {
      const out = await client.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
      return accountOfUser(
        {
          Username: out.Username,
          Attributes: out.UserAttributes,
          Enabled: out.Enabled,
          UserStatus: out.UserStatus,
          UserCreateDate: out.UserCreateDate,
        },
        await groupsOf(username),
      );
    } catch (err) {
      if (errorName(err) === 'UserNotFoundException') return undefined;
      throw err;
    }
  };

  /** Runs `calls` for an existing user; undefined when there is none. */
  const onUser = async (username: string, calls: () => Promise<void>): Promise<Account | undefined> => {
    try {
      await calls();
    } catch (err) {
      if (errorName(err) === 'UserNotFoundException') return undefined;
      throw err;
    }
    return get(username);
  };

  const signOut = (username: string) => client.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: username }));

  const usersInGroup = async (group: string): Promise<UserType[]> => {
    const users: UserType[] = [];
    try {
      for await (const page of paginateListUsersInGroup({ client }, { UserPoolId, GroupName: group })) users.push(...(page.Users ?? []));
    } catch (err) {
      if (errorName(err) === 'ResourceNotFoundException') return [];
      throw err;
    }
    return users;
  };

  const addToGroup = async (username: string, group: string): Promise<void> => {
    try {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }));
    } catch (err) {
      if (errorName(err) !== 'ResourceNotFoundException') throw err;
      // The first account of a township or department: its group is created now, as data.
      try {
        await client.send(
          new CreateGroupCommand({
            UserPoolId,
            GroupName: group,
            Precedence: 10,
            Description: 'lianshen：按需创建的乡镇（街道）或部门账号组',
          }),
        );
      } catch (created) {
        if (errorName(created) !== 'GroupExistsException') throw created;
      }
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }));
    }
  };

  return {
    provider: 'cognito',
    revocationDelayMinutes: options.accessTokenMinutes,

    async list() {
      const users: UserType[] = [];
      for await (const page of paginateListUsers({ client }, { UserPoolId })) users.push(...(page.Users ?? []));
      const groupsByUser = new Map<string, string[]>();
      for await (const page of paginateListGroups({ client }, { UserPoolId })) {
        for (const g of page.Groups ?? []) {
          if (!g.GroupName || parseRole(g.GroupName) === null) continue;
          for (const u of await usersInGroup(g.GroupName)) {
            if (!u.Username) continue;
            groupsByUser.set(u.Username, [...(groupsByUser.get(u.Username) ?? []), g.GroupName]);
          }
        }
      }
      return users.map((u) => accountOfUser(u, groupsByUser.get(u.Username ?? '') ?? []));
    },

    get,

    async listByRole(role) {
      return (await usersInGroup(role)).map((u) => accountOfUser(u, [role]));
    },

    async create(input) {
      let user: UserType | undefined;
      try {
        const out = await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: input.username,
            TemporaryPassword: input.temporaryPassword,
            // The portal shows the temporary password once; Cognito sends no invitation.
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'name', Value: input.displayName },
              ...(input.phone === undefined ? [] : [{ Name: 'phone_number', Value: input.phone }]),
              // Entered by the organization department for notices; Cognito sends nothing to it.
              ...(input.email === undefined ? [] : [{ Name: 'email', Value: input.email }]),
            ],
          }),
        );
        user = out.User;
      } catch (err) {
        if (errorName(err) === 'UsernameExistsException') return { created: false };
        throw err;
      }
      try {
        await addToGroup(input.username, input.role);
      } catch (err) {
        // Nothing partly written: a user without a role would sign in and see nothing.
        await client.send(new AdminDeleteUserCommand({ UserPoolId, Username: input.username }));
        throw err;
      }
      return { created: true, account: accountOfUser({ ...user, Username: input.username }, [input.role]) };
    },

    disable: (username) =>
      onUser(username, async () => {
        await client.send(new AdminDisableUserCommand({ UserPoolId, Username: username }));
        await signOut(username);
      }),

    enable: (username) =>
      onUser(username, async () => {
        await client.send(new AdminEnableUserCommand({ UserPoolId, Username: username }));
      }),

    resetPassword: (username, temporaryPassword) =>
      onUser(username, async () => {
        // Permanent: false puts the user in FORCE_CHANGE_PASSWORD; the hosted sign-in asks for a new one.
        await client.send(
          new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: temporaryPassword, Permanent: false }),
        );
        await signOut(username);
      }),

    signOutEverywhere: (username) =>
      onUser(username, async () => {
        await signOut(username);
      }),
  };
}
