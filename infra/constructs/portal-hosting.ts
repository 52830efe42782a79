import { existsSync } from 'node:fs';
import { CfnResource, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type AddBehaviorOptions,
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IOrigin,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { SPA_ROUTING_SOURCE, STRIP_API_PREFIX_SOURCE } from '../edge-functions.js';
import { acknowledge } from '../nag.js';
import { PORTAL_DIST } from '../paths.js';
import { API_PATH_PREFIX } from '../routes.js';

export interface PortalHostingProps {
  namePrefix: string;
  /** The built portal (default portal/dist); deployed only if the folder exists. */
  distPath?: string;
}

/** The Cognito endpoints the portal's sign-in POSTs to; CloudFront forwards them to the hosted UI domain. */
export const TOKEN_PATH = '/oauth2/token';
export const REVOKE_PATH = '/oauth2/revoke';

/** The Cognito settings of the portal's hosted-UI sign-in (authorization code + PKCE). */
export interface PortalAuthSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Hosted UI base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  authDomain: string;
  /** Value of the `scope` parameter of /oauth2/authorize. */
  scope: string;
}

/**
 * What the portal reads from /config.json at run time. Every fetch stays on the portal's origin:
 * the API under `apiBase`, the token exchange and revocation at `tokenPath`/`revokePath`. Only
 * navigations (/oauth2/authorize, /logout) go to `authDomain`.
 */
export interface PortalRuntimeConfig extends PortalAuthSettings {
  signIn: 'cognito';
  apiBase: string;
  tokenPath: string;
  revokePath: string;
}

/** A behaviour that forwards everything to a dynamic origin: any method, nothing cached, HTTPS only. */
function passThrough(headers: ResponseHeadersPolicy): AddBehaviorOptions {
  return {
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    // Forwards Authorization, the query string and the body; Host must be the origin's own.
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: headers,
  };
}

function httpsOrigin(domainName: string): IOrigin {
  return new HttpOrigin(domainName, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
  });
}

/**
 * Private S3 bucket behind CloudFront (OAC) for the static portal build. The same distribution
 * serves the API under /api/* and the Cognito token endpoint, so the portal never fetches from
 * another origin.
 */
export class PortalHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly securityHeaders: ResponseHeadersPolicy;
  /** Set by deployPortal(); deployed as /config.json when the portal has been built. */
  runtimeConfig: PortalRuntimeConfig | null = null;
  private readonly distPath: string;

  constructor(scope: Construct, id: string, props: PortalHostingProps) {
    super(scope, id);
    this.distPath = props.distPath ?? PORTAL_DIST;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${props.namePrefix}-portal-security-headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // Ant Design injects its component styles as <style> elements at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            // The API and the token endpoint are behaviours of this distribution: the browser
            // refuses any fetch to another origin.
            "connect-src 'self'",
            "form-action 'self' https://*.amazoncognito.com",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.securityHeaders = headers;

    const spaRouting = new CloudFrontFunction(this, 'SpaRouting', {
      comment: 'Portal routes (no file extension) get index.html',
      code: FunctionCode.fromInline(SPA_ROUTING_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.namePrefix} portal`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: spaRouting }],
      },
      // No errorResponses: they apply to every behaviour and would hide the API's 403/404.
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Includes the Hong Kong and other Asian edge locations; mainland edges need the China partition.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: users sign in with MFA-protected Cognito accounts, and officials may work from anywhere.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: the static build files are public anyway, and every /api/* route requires a Cognito access token ' +
        'and is throttled per stage. A web ACL (about 6 USD a month minimum, e.g. per-IP rate limits) can be attached later without code changes.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain with ' +
        'TLSv1.2_2021 is the deployment-time choice documented in docs/deploy.md.',
    );
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Serves the HTTP API at /api/* on this distribution: the prefix is stripped at the edge, so the
   * API's routes stay those of infra/routes.ts. Nothing is cached.
   */
  routeApi(api: IHttpApi): void {
    const stack = Stack.of(this);
    const stripPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      comment: `Strip ${API_PATH_PREFIX} before the HTTP API`,
      code: FunctionCode.fromInline(STRIP_API_PREFIX_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution.addBehavior(`${API_PATH_PREFIX}/*`, httpsOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`), {
      ...passThrough(this.securityHeaders),
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: stripPrefix }],
    });
  }

  /**
   * Forwards the hosted UI's token and revocation endpoints, which the portal's sign-in fetches
   * (the authorization-code exchange), so that they are same-origin too. Paths are kept as they are.
   */
  routeTokenEndpoint(authDomainBaseUrl: string): void {
    const origin = httpsOrigin(authDomainBaseUrl.replace(/^https:\/\//, ''));
    for (const path of [TOKEN_PATH, REVOKE_PATH]) this.distribution.addBehavior(path, origin, passThrough(this.securityHeaders));
  }

  /**
   * Records the portal's /config.json, then deploys it with the portal build; deploys nothing
   * until the portal has been built.
   */
  deployPortal(auth: PortalAuthSettings): BucketDeployment | null {
    const config: PortalRuntimeConfig = {
      signIn: 'cognito',
      apiBase: API_PATH_PREFIX,
      tokenPath: TOKEN_PATH,
      revokePath: REVOKE_PATH,
      ...auth,
    };
    this.runtimeConfig = config;
    if (!existsSync(this.distPath)) return null;
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(this.distPath), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler(deployment);
    return deployment;
  }

  /**
   * BucketDeployment runs a CDK-owned singleton Lambda whose role and runtime we do not choose;
   * each of its findings is acknowledged by its exact id.
   */
  private acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler === undefined) throw new Error('BucketDeployment handler not found; cdk-nag acknowledgements need updating');
    const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const qualifierContext: unknown = this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier');
    const qualifier = typeof qualifierContext === 'string' ? qualifierContext : DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetBucket = `cdk-${qualifier}-assets-${part(stack.account, 'AccountId')}-${part(stack.region, 'Region')}`;
    const site = this.bucket.node.defaultChild;
    const siteId = site !== undefined && CfnResource.isCfnResource(site) ? stack.getLogicalId(site) : 'unknown';
    const why =
      'CDK BucketDeployment handler (copies the portal build from the CDK asset bucket to the site bucket and invalidates CloudFront): ';
    acknowledge(handler, 'AwsSolutions-L1', `${why}its runtime is pinned by aws-cdk-lib and moves with CDK upgrades.`);
    acknowledge(
      deployment.handlerRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${why}CDK attaches the basic execution role for its own log group.`,
    );
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      acknowledge(deployment.handlerRole, `AwsSolutions-IAM5[Action::${action}]`, `${why}CDK's bucket grants use these action groups.`);
    }
    acknowledge(
      deployment.handlerRole,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*]`,
      `${why}reads the uploaded portal asset from the bootstrap asset bucket.`,
    );
    acknowledge(
      deployment.handlerRole,
      `AwsSolutions-IAM5[Resource::<${siteId}.Arn>/*]`,
      `${why}writes and prunes every object of the site bucket.`,
    );
    acknowledge(
      deployment.handlerRole,
      'AwsSolutions-IAM5[Resource::*]',
      `${why}cloudfront:CreateInvalidation and GetInvalidation take no resource-level permissions in CDK's grant.`,
    );
  }
}
