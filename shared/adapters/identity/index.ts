// The identity provider a deployment's config names (IDENTITY_ADMIN): the local stack's accounts
// in its table, a Cognito user pool, or an external OIDC provider that keeps its own accounts.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider } from '../../app/ports.js';
import { cognitoClient, dynamoDocumentClient } from '../clients.js';
import type { CommonConfig, IdentityAdminConfig } from '../config.js';
import { accountStore } from '../dynamo/accounts.js';
import type { TableContext } from '../dynamo/util.js';
import { cognitoIdentityAdmin } from './cognito.js';
import { localIdentityAdmin } from './local.js';
import { scryptHasher } from './passwords.js';

export function identityProvider(
  config: IdentityAdminConfig,
  clients: { table: TableContext; cognito: () => CognitoIdentityProviderClient },
): IdentityProvider {
  switch (config.kind) {
    case 'local': {
      const store = accountStore(clients.table);
      return { kind: 'local', admin: localIdentityAdmin(store, scryptHasher), store, hasher: scryptHasher };
    }
    case 'cognito':
      return {
        kind: 'cognito',
        admin: cognitoIdentityAdmin(clients.cognito(), { userPoolId: config.userPoolId, accessTokenMinutes: config.accessTokenMinutes }),
      };
    case 'external':
      return { kind: 'external' };
  }
}

/** The sandbox's identity provider, from a function's config (clients created once per module). */
export function configuredIdentity(config: CommonConfig & { IDENTITY_ADMIN: IdentityAdminConfig }): IdentityProvider {
  return identityProvider(config.IDENTITY_ADMIN, {
    table: { doc: dynamoDocumentClient(config), tableName: config.TABLE_NAME },
    cognito: cognitoClient,
  });
}
