import { resolve } from 'node:path';
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { COGNITO_CLAIMS } from '../shared/adapters/http/auth.js';
import type { Policy } from '../shared/domain/model.js';
import { API_SCOPE, type DeployConfig, METRICS_NAMESPACE } from './config.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { Data } from './constructs/data.js';
import { Departments } from './constructs/departments.js';
import { LambdaFunctions } from './constructs/functions.js';
import { Intake } from './constructs/intake.js';
import { Keys } from './constructs/keys.js';
import { Observability } from './constructs/observability.js';
import { PortalHosting } from './constructs/portal-hosting.js';
import { Workflow } from './constructs/workflow.js';
import { collectDepartments, selectPolicies } from './departments.js';
import { REPO_ROOT } from './paths.js';

export interface LianshenStackProps extends StackProps {
  config: DeployConfig;
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
  readonly auth: Auth;
  readonly portal: PortalHosting;
  readonly api: Api;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: LianshenStackProps) {
    super(scope, id, props);
    const cfg = props.config;
    const logRetention = retention(cfg.logRetentionDays);
    const departments = collectDepartments(selectPolicies(props.policies, cfg.policyIds));

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
      env: {
        // The API functions read the caller's role, township and department from these claims.
        AUTH_CLAIMS: JSON.stringify(COGNITO_CLAIMS),
        TABLE_NAME: this.data.table.tableName,
        KEYS_SECRET_ARN: this.keys.idKeyMaterial.secretArn,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        INTAKE_QUEUE_URL: this.intake.queue.queueUrl,
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

    this.intake.grantEnqueue(fn.fn('batchesApi'));
    this.intake.connectStarter(fn.fn('starter'));
    this.workflow.grantStart(fn.role('starter'));
    this.departments.connectChecker(fn.fn('checker'));
    // Only these two may complete a department task (manifest: sendsTaskResults).
    for (const { name, role } of fn.all()) {
      if (fn.sendsTaskResults(name)) this.workflow.grantTaskResponse(role);
    }

    this.portal = new PortalHosting(this, 'Portal', {
      namePrefix: cfg.namePrefix,
      ...(cfg.portalDist === null ? {} : { distPath: resolve(REPO_ROOT, cfg.portalDist) }),
    });
    this.auth = new Auth(this, 'Auth', {
      namePrefix: cfg.namePrefix,
      townships: cfg.townships,
      departmentCodes: departments.map((d) => d.code),
      portalOrigins: [this.portal.url, ...cfg.portalOrigins],
      domainPrefix: cfg.authDomainPrefix,
      plusFeaturePlan: cfg.cognitoPlus,
    });
    this.api = new Api(this, 'Api', {
      namePrefix: cfg.namePrefix,
      key,
      logRetention,
      issuer: this.auth.issuer,
      audience: [this.auth.portalClient.userPoolClientId],
      // Not the portal's own origin: it calls /api/* on its distribution (and CORS listing the
      // distribution would make the API and the distribution refer to each other).
      allowedOrigins: cfg.portalOrigins,
      rateLimit: cfg.apiRateLimit,
      burstLimit: cfg.apiBurstLimit,
      handler: (name) => fn.fn(name),
    });
    // Same origin for every fetch of the portal: the API at /api/*, the token exchange at /oauth2/*.
    this.portal.routeApi(this.api.httpApi);
    this.portal.routeTokenEndpoint(this.auth.domain.baseUrl());
    this.portal.deployPortal({
      region: Aws.REGION,
      userPoolId: this.auth.userPool.userPoolId,
      clientId: this.auth.portalClient.userPoolClientId,
      authDomain: this.auth.domain.baseUrl(),
      scope: `openid ${API_SCOPE}`,
    });

    this.observability = new Observability(this, 'Observability', {
      namePrefix: cfg.namePrefix,
      key,
      alarmEmail: cfg.alarmEmail,
      stateMachine: this.workflow.stateMachine,
      deadLetterQueues: [
        { label: 'intake', queue: this.intake.dlq },
        ...this.departments.queues.map((d) => ({ label: d.department.code, queue: d.dlq })),
      ],
      departmentQueues: this.departments.queues.map((d) => ({ label: d.department.code, queue: d.queue })),
      intakeQueue: this.intake.queue,
      functions: fn.all(),
      httpApi: this.api.httpApi,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PortalUrl', { value: this.portal.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'PortalClientId', { value: this.auth.portalClient.userPoolClientId });
    new CfnOutput(this, 'AuthDomain', { value: this.auth.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'DepartmentCodes', { value: departments.map((d) => d.code).join(',') });
  }
}
