import { resolve } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { COGNITO_ADMIN_ACTIONS, COGNITO_REVIEWER_ACTIONS } from '../shared/adapters/identity/cognito-actions.js';
import type { Policy } from '../shared/domain/model.js';
import { API_SCOPE, type ClaimNames, COGNITO_CLAIMS, type DeployConfig, METRICS_NAMESPACE, type OidcIdentity } from './config.js';
import { deadLetterQueue } from './constructs/queues.js';
import { acknowledge } from './nag.js';
import { Anchors } from './constructs/anchors.js';
import { Uploads } from './constructs/uploads.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { Data } from './constructs/data.js';
import { Departments } from './constructs/departments.js';
import { LambdaFunctions } from './constructs/functions.js';
import { Intake } from './constructs/intake.js';
import { Exports } from './constructs/exports.js';
import { Keys } from './constructs/keys.js';
import { Observability } from './constructs/observability.js';
import { type PortalAuthSettings, PortalHosting, TOKEN_PATH } from './constructs/portal-hosting.js';
import { Workflow } from './constructs/workflow.js';
import { collectDepartments, selectPolicies } from './departments.js';
import { REPO_ROOT } from './paths.js';
import type { RegionProfile } from './region.js';
import { SFN_CALLERS, sfnCallRates } from './sfn-rates.js';

export interface LianshenStackProps extends StackProps {
  config: DeployConfig;
  /** What the target Region offers (Cognito, which CloudFront, X-Ray on Lambda, log delivery). */
  profile: RegionProfile;
  /** Every shipped policy; `config.policyIds` picks the deployed ones. */
  policies: readonly Policy[];
}

function retention(days: number): RetentionDays {
  const match = Object.values(RetentionDays).find((v): v is RetentionDays => v === days);
  if (match === undefined) throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention value`);
  return match;
}

/** The whole pipeline in one stack. */
export class LianshenStack extends Stack {
  readonly keys: Keys;
  readonly data: Data;
  readonly intake: Intake;
  readonly departments: Departments;
  readonly functions: LambdaFunctions;
  readonly workflow: Workflow;
  /** The Cognito user pool, where identity is Cognito; null with an OIDC provider. */
  readonly auth: Auth | null;
  readonly portal: PortalHosting;
  readonly anchors: Anchors;
  readonly uploads: Uploads;
  readonly api: Api;
  readonly observability: Observability;
  readonly exports: Exports;

  constructor(scope: Construct, id: string, props: LianshenStackProps) {
    super(scope, id, props);
    const cfg = props.config;
    const profile = props.profile;
    const identity = cfg.identity;
    const claims: ClaimNames = identity.kind === 'cognito' ? COGNITO_CLAIMS : identity.claims;
    const logRetention = retention(cfg.logRetentionDays);
    const departments = collectDepartments(selectPolicies(props.policies, cfg.policyIds), cfg.extraDepartments);

    this.keys = new Keys(this, 'Keys', { namePrefix: cfg.namePrefix });
    const key = this.keys.key;
    this.data = new Data(this, 'Data', { key });
    this.intake = new Intake(this, 'Intake', { key, starterConcurrency: cfg.starterConcurrency });
    this.departments = new Departments(this, 'Departments', {
      key,
      departments,
      queueNamePrefix: cfg.queueNamePrefix,
      checkerConcurrency: cfg.checkerConcurrency,
    });

    this.functions = new LambdaFunctions(this, 'Functions', {
      namePrefix: cfg.namePrefix,
      key,
      logRetention,
      xray: profile.lambdaXRay,
      env: {
        // The API functions read the caller's role, township and department from these claims.
        AUTH_CLAIMS: JSON.stringify(claims),
        TABLE_NAME: this.data.table.tableName,
        KEYS_SECRET_ARN: this.keys.idKeyMaterial.secretArn,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        INTAKE_QUEUE_URL: this.intake.queue.queueUrl,
        // An uploaded policy may only name departments that have a queue here.
        DEPARTMENT_CODES: departments.map((d) => d.code).join(','),
      },
    });
    const fn = this.functions;
    for (const { role } of fn.all()) {
      this.data.grantItemAccess(role);
      this.keys.grantReadIdKeyMaterial(role);
    }

    this.workflow = new Workflow(this, 'Workflow', {
      namePrefix: cfg.namePrefix,
      key,
      logRetention,
      queueNamePrefix: cfg.queueNamePrefix,
      departmentQueues: this.departments.queues.map((d) => d.queue),
      functions: {
        loadRouting: fn.fn('loadRouting'),
        recordOverdue: fn.fn('recordOverdue'),
        decide: fn.fn('decide'),
        recordDecision: fn.fn('recordDecision'),
        batchProgress: fn.fn('batchProgress'),
      },
    });
    fn.provideEnv('STATE_MACHINE_ARN', this.workflow.stateMachine.stateMachineArn);
    const rates = sfnCallRates(profile.region, this.departments.queues.length);
    for (const name of SFN_CALLERS) fn.provideEnvTo(name, 'SFN_CALLS_PER_SECOND', String(rates[name]));

    this.intake.grantEnqueue(fn.fn('batchesApi'));
    this.intake.connectStarter(fn.fn('starter'));
    this.workflow.grantStart(fn.role('starter'));
    // 发回重审 starts a review of one department; 撤回 stops the candidate's running reviews.
    this.workflow.grantStart(fn.role('orgdeptApi'));
    this.workflow.grantStop(fn.role('batchesApi'));
    // The side of a duplicate the organization department sets aside is stopped like a withdrawal.
    this.workflow.grantStop(fn.role('orgdeptApi'));
    this.departments.connectChecker(fn.fn('checker'));
    // Only the task responders may complete a department task (manifest: sendsTaskResults).
    for (const { name, role } of fn.all()) {
      if (fn.sendsTaskResults(name)) this.workflow.grantTaskResponse(role);
    }
    // Answers a crash left stored but unconfirmed are sent again well before a task times out.
    new Rule(this, 'ConfirmAnswersSchedule', {
      description: `${cfg.namePrefix}: re-send stored answers that were never confirmed`,
      schedule: Schedule.rate(Duration.minutes(10)),
      targets: [new LambdaFunction(fn.fn('confirmAnswers'), { retryAttempts: 0 })],
    });

    // A review that ended FAILED marks its candidate 处理失败; the hourly job runs it again
    // (docs/operate.md: 重新驱动).
    const failedReviewsDlq = deadLetterQueue(this, 'FailedReviewEventsDlq', key);
    this.keys.allowEventBridgeDeadLetters();
    this.workflow.routeFailures(fn.fn('recordFailure'), failedReviewsDlq);
    this.workflow.grantRedrive(fn.role('redrive'));
    new Rule(this, 'RedriveSchedule', {
      description: `${cfg.namePrefix}: redrive candidate reviews that ended FAILED in the last 14 days`,
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(fn.fn('redrive'), { retryAttempts: 0 })],
    });

    const oidcOrigins = identity.kind === 'oidc' ? identityProviderOrigins(identity) : null;
    this.portal = new PortalHosting(this, 'Portal', {
      namePrefix: cfg.namePrefix,
      profile,
      domain: cfg.portalDomain,
      // Cognito's token endpoint is a behaviour of the distribution; an OIDC provider is fetched directly.
      identityOrigins: oidcOrigins?.connect ?? [],
      signInFormOrigins: oidcOrigins?.formAction ?? ['https://*.amazoncognito.com'],
      ...(cfg.portalDist === null ? {} : { distPath: resolve(REPO_ROOT, cfg.portalDist) }),
    });
    const portalOrigins = [this.portal.url, ...cfg.portalOrigins];

    // Files past the Lambda payload limit: presigned PUTs from the portal, read by the API.
    this.uploads = new Uploads(this, 'Uploads', { key, profile, accessLogs: this.portal.logBucket });
    this.uploads.allowPortal(portalOrigins);
    this.portal.allowConnect(this.uploads.origin);
    fn.provideEnv('UPLOAD_BUCKET', this.uploads.bucket.bucketName);
    this.uploads.grantIssue(fn.role('batchesApi'));
    this.uploads.grantRead(fn.role('recordsApi'));

    // Batch digests, report digests and the hourly checkpoint of every chain head, outside the table.
    this.anchors = new Anchors(this, 'Anchors', { accessLogs: this.portal.logBucket });
    fn.provideEnv('ANCHOR_BUCKET', this.anchors.bucket.bucketName);
    for (const name of ['batchProgress', 'orgdeptApi', 'anchorCheckpoint'] as const) this.anchors.grantAppend(fn.role(name));
    new Rule(this, 'AnchorCheckpointSchedule', {
      description: `${cfg.namePrefix}: checkpoint the audit-chain heads that changed into the anchor bucket`,
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(fn.fn('anchorCheckpoint'), { retryAttempts: 2 })],
    });

    // Notifications: the deadline look hourly, the outbox every minute (its first retry is after 1 minute).
    const notifications = fn.fn('notifications');
    fn.provideEnvTo('notifications', 'PORTAL_URL', this.portal.url);
    fn.provideEnvTo('notifications', 'NOTIFY_SENDER', cfg.notifySender);
    if (cfg.notifySender === 'sns') grantSmsPublish(fn.role('notifications'));
    fn.provideEnvTo('notifications', 'NOTIFY_EMAIL_FROM', cfg.notifyEmailFrom ?? 'none');
    if (cfg.notifyEmailFrom !== null) grantEmailSend(fn.role('notifications'), cfg.notifyEmailFrom);
    new Rule(this, 'NotificationDeadlinesSchedule', {
      description: `${cfg.namePrefix}: notify departments of review tasks due within one working day or overdue`,
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(notifications, { retryAttempts: 0, event: RuleTargetInput.fromObject({ job: 'deadlines' }) })],
    });
    new Rule(this, 'NotificationDeliverySchedule', {
      description: `${cfg.namePrefix}: deliver pending notifications and retry failed ones`,
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(notifications, { retryAttempts: 0, event: RuleTargetInput.fromObject({ job: 'deliver' }) })],
    });
    // Reports past the API's 6 MB / 29 s: POST /exports queues a job, the export worker writes the
    // file under exports/ in the uploads bucket, GET /exports/{id} presigns its download.
    this.exports = new Exports(this, 'Exports', { key });
    fn.provideEnv('EXPORT_QUEUE_URL', this.exports.queue.queueUrl);
    this.exports.grantEnqueue(fn.fn('batchesApi'));
    this.exports.connectWorker(fn.fn('exportWorker'));
    this.uploads.keepExports();
    this.uploads.grantExportWrite(fn.role('exportWorker'));
    this.uploads.grantExportRead(fn.role('batchesApi'));
    // The clearance report carries its anchored digest, as the synchronous download does.
    this.anchors.grantAppend(fn.role('exportWorker'));

    let issuer: string;
    let audience: string[];
    let requiredScope: string | null;
    let portalAuth: PortalAuthSettings;
    if (identity.kind === 'cognito') {
      const auth = new Auth(this, 'Auth', {
        namePrefix: cfg.namePrefix,
        portalOrigins,
        domainPrefix: cfg.authDomainPrefix,
        plusFeaturePlan: cfg.cognitoPlus,
      });
      this.auth = auth;
      issuer = auth.issuer;
      audience = [auth.portalClient.userPoolClientId];
      requiredScope = API_SCOPE;
      const hostedUi = auth.domain.baseUrl();
      // Same origin for every fetch of the portal: the token exchange goes through /oauth2/* on the distribution.
      this.portal.routeTokenEndpoint(hostedUi);
      // Accounts are users of this pool: accountsApi manages them, reviewsApi lists a department's reviewers.
      fn.provideEnv('IDENTITY_ADMIN', auth.identityAdminConfig());
      auth.grantUserAdmin(fn.role('accountsApi'), COGNITO_ADMIN_ACTIONS);
      auth.grantUserAdmin(fn.role('reviewsApi'), COGNITO_REVIEWER_ACTIONS);
      // The notification job reads a unit's accounts (their phones) to send to.
      auth.grantUserAdmin(fn.role('notifications'), COGNITO_REVIEWER_ACTIONS);
      // 答复人 in the 联审台账 and the 资格审查表: the departments' reviewers by name.
      auth.grantUserAdmin(fn.role('exportWorker'), COGNITO_REVIEWER_ACTIONS);
      auth.grantUserAdmin(fn.role('batchesApi'), COGNITO_REVIEWER_ACTIONS);
      portalAuth = {
        issuer,
        clientId: auth.portalClient.userPoolClientId,
        scope: `openid ${API_SCOPE}`,
        authorizationEndpoint: `${hostedUi}/oauth2/authorize`,
        tokenEndpoint: TOKEN_PATH,
        endSessionEndpoint: `${hostedUi}/logout`,
        logoutRedirectParam: 'logout_uri',
        bearerToken: 'access',
        claims,
      };
    } else {
      this.auth = null;
      // The provider (统一身份认证平台) keeps the accounts; the accounts API says so.
      fn.provideEnv('IDENTITY_ADMIN', JSON.stringify({ kind: 'external' }));
      issuer = identity.issuer;
      audience = identity.audience;
      requiredScope = identity.apiScope;
      portalAuth = {
        issuer,
        clientId: identity.clientId,
        scope: ['openid', ...identity.scopes, ...(identity.apiScope === null ? [] : [identity.apiScope])].join(' '),
        ...(identity.authorizationEndpoint === null ? {} : { authorizationEndpoint: identity.authorizationEndpoint }),
        ...(identity.tokenEndpoint === null ? {} : { tokenEndpoint: identity.tokenEndpoint }),
        ...(identity.endSessionEndpoint === null ? {} : { endSessionEndpoint: identity.endSessionEndpoint }),
        logoutRedirectParam: 'post_logout_redirect_uri',
        bearerToken: identity.bearerToken,
        claims,
      };
    }

    this.api = new Api(this, 'Api', {
      namePrefix: cfg.namePrefix,
      key,
      logRetention,
      issuer,
      audience,
      requiredScope,
      // Not the portal's own origin: it calls /api/* on its distribution (and CORS listing the
      // distribution would make the API and the distribution refer to each other).
      allowedOrigins: cfg.portalOrigins,
      rateLimit: cfg.apiRateLimit,
      burstLimit: cfg.apiBurstLimit,
      handler: (name) => fn.fn(name),
    });
    this.portal.routeApi(this.api.httpApi);
    this.portal.deployPortal(portalAuth);

    this.observability = new Observability(this, 'Observability', {
      namePrefix: cfg.namePrefix,
      key,
      alarmEmail: cfg.alarmEmail,
      stateMachine: this.workflow.stateMachine,
      deadLetterQueues: [
        { label: 'intake', queue: this.intake.dlq },
        { label: 'failed-review-events', queue: failedReviewsDlq },
        { label: 'exports', queue: this.exports.dlq },
        ...this.departments.queues.map((d) => ({ label: d.department.code, queue: d.dlq })),
      ],
      departmentQueues: this.departments.queues.map((d) => ({ label: d.department.code, queue: d.queue })),
      intakeQueue: this.intake.queue,
      functions: fn.all(),
      httpApi: this.api.httpApi,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PortalUrl', { value: this.portal.url });
    // Register this as the portal client's redirect and post-logout URI at the identity provider.
    new CfnOutput(this, 'PortalCallbackUrl', { value: `${this.portal.url}/` });
    // The CNAME target of portalDomain (…cloudfront.net, …cloudfront.cn in China).
    new CfnOutput(this, 'DistributionDomainName', { value: this.portal.cfnDistribution.attrDomainName });
    new CfnOutput(this, 'Issuer', { value: issuer });
    if (this.auth !== null) {
      new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
      new CfnOutput(this, 'PortalClientId', { value: this.auth.portalClient.userPoolClientId });
      new CfnOutput(this, 'AuthDomain', { value: this.auth.domain.baseUrl() });
    }
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'DepartmentCodes', { value: departments.map((d) => d.code).join(',') });
  }
}

/**
 * Origins of an OIDC provider the portal fetches (discovery, token exchange) and posts forms to;
 * endpoints given as paths are this distribution's own.
 */
export function identityProviderOrigins(identity: OidcIdentity): { connect: string[]; formAction: string[] } {
  const originOf = (url: string | null) => (url === null || url.startsWith('/') ? [] : [new URL(url).origin]);
  const issuer = new URL(identity.issuer).origin;
  return {
    connect: [...new Set([issuer, ...originOf(identity.tokenEndpoint)])],
    formAction: [...new Set([issuer, ...originOf(identity.authorizationEndpoint)])],
  };
}

/**
 * SMS straight to a phone number: sns:Publish only. A phone number is no resource ARN, so the
 * statement names `*` (SNS has no resource-level permission for it); nothing else of SNS is granted.
 */
/** ses:SendEmail as the sending identity only: the verified address, or the domain it belongs to. */
function grantEmailSend(role: IRole, from: string): void {
  const stack = Stack.of(role);
  const domain = from.slice(from.indexOf('@') + 1);
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [from, domain].map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
    }),
  );
}

function grantSmsPublish(role: IRole): void {
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'SMS to a phone number: sns:Publish to a PhoneNumber has no resource ARN to name, so the resource is *.',
  );
}
