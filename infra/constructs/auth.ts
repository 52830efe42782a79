import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { API_RESOURCE_SERVER, API_SCOPE_NAME } from '../config.js';
import { acknowledge } from '../nag.js';

export interface AuthProps {
  namePrefix: string;
  /** Origins (scheme://host[:port]) of the portal; each gets `<origin>/` as callback and sign-out URL. */
  portalOrigins: readonly string[];
  domainPrefix: string | null;
  plusFeaturePlan: boolean;
}

/**
 * Group names carry the role and its scope (`orgdept`, `township:<code>`, `department:<code>`);
 * the API reads them from the `cognito:groups` claim. Only `orgdept` is a stack resource: township
 * and department groups are data, created at run time (`aws cognito-idp create-group`, later the
 * organization department's user management), so the stack does not grow by one resource per
 * township and changing a township list needs no deploy.
 */
export const STACK_GROUPS = ['orgdept'] as const;

/**
 * Lifetime of the portal's access tokens. API Gateway's JWT authorizer checks signature and expiry
 * only, so a disabled or globally signed-out user's access token works until then (the accounts
 * API says so, and docs/deploy.md).
 */
export const ACCESS_TOKEN_MINUTES = 60;

/** Cognito user pool, the orgdept group, the `lianshen/api` scope and the portal's public client. */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly portalClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly resourceServer: UserPoolResourceServer;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-users`,
      // Accounts are created by the organisation department, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      // TOTP apps only: SMS needs an SNS origination setup and is unreliable for mainland numbers.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: props.plusFeaturePlan ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.plusFeaturePlan ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!props.plusFeaturePlan) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Plus tier (threat protection) is billed per monthly active user; accounts are admin-created, MFA is required ' +
          'and the pool has a few hundred users at most. Turn it on with -c cognitoPlus=true.',
      );
    }

    for (const groupName of STACK_GROUPS) this.userPool.addGroup(`Group:${groupName}`, { groupName, precedence: 0 });

    const apiScope = new ResourceServerScope({ scopeName: API_SCOPE_NAME, scopeDescription: 'Call the lianshen HTTP API' });
    const resourceServer = this.userPool.addResourceServer('Api', {
      identifier: API_RESOURCE_SERVER,
      userPoolResourceServerName: `${props.namePrefix} API`,
      scopes: [apiScope],
    });
    this.resourceServer = resourceServer;

    const urls = props.portalOrigins.map((origin) => `${origin}/`);
    this.portalClient = this.userPool.addClient('PortalClient', {
      userPoolClientName: `${props.namePrefix}-portal`,
      // A browser app cannot keep a secret: authorization code with PKCE, public client.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, OAuthScope.resourceServer(resourceServer, apiScope)],
        callbackUrls: urls,
        logoutUrls: urls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(ACCESS_TOKEN_MINUTES),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `${props.namePrefix}-${Aws.ACCOUNT_ID}` },
    });
  }

  /**
   * Lets a function call the pool's admin actions: on this pool only. `actions` are the adapter's
   * (shared/adapters/identity/cognito-actions.ts), so the grant names exactly what the code calls.
   */
  grantUserAdmin(grantee: IGrantable, actions: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.userPool.userPoolArn] }));
  }

  /** IDENTITY_ADMIN of the functions that read or manage accounts in this pool. */
  identityAdminConfig(): string {
    return Stack.of(this).toJsonString({ kind: 'cognito', userPoolId: this.userPool.userPoolId, accessTokenMinutes: ACCESS_TOKEN_MINUTES });
  }

  /**
   * The JWT issuer of this pool, exactly as the `iss` claim of its tokens reads. Built here because
   * the ProviderURL attribute has no scheme.
   */
  get issuer(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}
