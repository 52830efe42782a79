import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/manifest.js';
import { API_STAGE_NAME, ROUTES } from '../routes.js';

export interface ApiProps {
  namePrefix: string;
  key: IKey;
  logRetention: RetentionDays;
  /** JWT issuer (the Cognito user pool URL or the configured OIDC issuer) and the accepted audiences. */
  issuer: string;
  audience: readonly string[];
  /** A scope every route requires (Cognito: `lianshen/api`), or null for audience-only checks. */
  requiredScope: string | null;
  /**
   * Origins allowed by CORS. The portal calls the API on its own origin (CloudFront /api/*), so it
   * needs none; without origins the API has no CORS configuration at all.
   */
  allowedOrigins: readonly string[];
  rateLimit: number;
  burstLimit: number;
  handler: (name: FunctionName) => IFunction;
}

/** Access log line: who called which route and how it went; never bodies, paths or personal data. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
};

/** The HTTP API: every route behind the JWT authorizer of the configured issuer (and its scope, if any). */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${props.namePrefix}-api`,
      createDefaultStage: false,
      ...(props.allowedOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
              allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
              exposeHeaders: ['Content-Disposition'],
              maxAge: Duration.hours(1),
            },
          }),
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // A named stage, not $default: the portal's /api/* reaches the routes of infra/routes.ts with
    // the path unchanged (the stage consumes the prefix), so no edge function has to strip it.
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: API_STAGE_NAME,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const authorizer = new HttpJwtAuthorizer('Jwt', props.issuer, {
      authorizerName: 'jwt',
      jwtAudience: [...props.audience],
      identitySource: ['$request.header.Authorization'],
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.fn);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.handler(route.fn));
        integrations.set(route.fn, integration);
      }
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer,
        ...(props.requiredScope === null ? {} : { authorizationScopes: [props.requiredScope] }),
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
