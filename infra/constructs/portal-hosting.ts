import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, DefaultStackSynthesizer, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type AddBehaviorOptions,
  AllowedMethods,
  CachePolicy,
  CfnCloudFrontOriginAccessIdentity,
  CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IDistribution,
  type IOrigin,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CanonicalUserPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ClaimNames, PortalDomain } from '../config.js';
import { SPA_ROUTING_SOURCE } from '../edge-functions.js';
import { acknowledge } from '../nag.js';
import { PORTAL_DIST } from '../paths.js';
import type { RegionProfile } from '../region.js';
import { API_PATH_PREFIX } from '../routes.js';

export interface PortalHostingProps {
  namePrefix: string;
  profile: RegionProfile;
  /** Alternate domain name and IAM server certificate (required in China); null: the CloudFront domain. */
  domain: PortalDomain | null;
  /** Origins of the identity provider the browser fetches from (discovery, token endpoint); none for Cognito. */
  identityOrigins: readonly string[];
  /** Origins the sign-in pages post forms to. */
  signInFormOrigins: readonly string[];
  /** The built portal (default portal/dist); deployed only if the folder exists. */
  distPath?: string;
}

/**
 * The Cognito token endpoint the portal's sign-in POSTs to; CloudFront forwards it to the hosted UI
 * domain. (No revocation endpoint: the portal keeps no refresh token, only the access token.)
 */
export const TOKEN_PATH = '/oauth2/token';

/**
 * What the portal reads from /config.json at run time: OIDC authorization code + PKCE against
 * `issuer`. Endpoints that are given are used as they are (a path means this origin); the others
 * come from `${issuer}/.well-known/openid-configuration`.
 */
export interface PortalRuntimeConfig {
  signIn: 'oidc';
  apiBase: string;
  /** `path` where the edge answers portal routes with index.html; `hash` (#/batches) where it cannot. */
  routing: 'path' | 'hash';
  issuer: string;
  clientId: string;
  /** Value of the `scope` parameter of the authorization request. */
  scope: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  endSessionEndpoint?: string;
  /** Query parameter of endSessionEndpoint that carries the return URL (Cognito: `logout_uri`). */
  logoutRedirectParam: string;
  /** The token sent as the API bearer. */
  bearerToken: 'access' | 'id';
  /** Claims the portal reads the user's roles from (the same names the API reads). */
  claims: ClaimNames;
}

export type PortalAuthSettings = Omit<PortalRuntimeConfig, 'signIn' | 'apiBase' | 'routing'>;

/** Request headers the API needs through the legacy (ForwardedValues) behaviour; never Host. */
const API_FORWARDED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'Idempotency-Key'];

/** The portal's content security policy; `meta` leaves out what a <meta> element cannot carry. */
export function contentSecurityPolicy(props: { connect: readonly string[]; formAction: readonly string[]; meta?: boolean }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Ant Design injects its component styles as <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The API is a behaviour of this distribution; only the identity provider is another origin.
    ["connect-src 'self'", ...props.connect].join(' '),
    ["form-action 'self'", ...props.formAction].join(' '),
    ...(props.meta === true ? [] : ["frame-ancestors 'none'"]),
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Puts the policy into index.html as <meta http-equiv>, for distributions without response headers policies. */
export function withCspMeta(html: string, csp: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  if (!/<head[^>]*>/i.test(html)) throw new Error('index.html has no <head>: cannot add the content security policy');
  return html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`);
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

const IAM_CERTIFICATE_POLICY = SecurityPolicyProtocol.TLS_V1_2_2021;

/**
 * Private S3 bucket behind CloudFront for the static portal build; the same distribution serves
 * the API under /api/* (and, with Cognito, its token endpoint), so the portal makes no API call
 * to another origin. Where CloudFront has cache policies (every Region but China) the
 * distribution is the L2 construct with OAC and a viewer-request function for portal routes; in
 * China it is a CfnDistribution with ForwardedValues, an origin access identity and hash routing.
 */
export class PortalHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  /** The L2 distribution, where the Region has cache policies. */
  readonly distribution: Distribution | null;
  /** The distribution's CloudFormation resource (both kinds). */
  readonly cfnDistribution: CfnDistribution;
  readonly securityHeaders: ResponseHeadersPolicy | null;
  readonly routing: 'path' | 'hash';
  /** Set by deployPortal(); deployed as /config.json when the portal has been built. */
  runtimeConfig: PortalRuntimeConfig | null = null;
  private readonly distPath: string;
  private readonly profile: RegionProfile;
  private readonly domain: PortalDomain | null;
  private readonly csp: { connect: string[]; formAction: readonly string[] };
  /** Legacy (China) distribution: extra origins and behaviours, rendered at synth. */
  private readonly legacyOrigins: CfnDistribution.OriginProperty[] = [];
  private readonly legacyBehaviors: CfnDistribution.CacheBehaviorProperty[] = [];

  constructor(scope: Construct, id: string, props: PortalHostingProps) {
    super(scope, id);
    this.distPath = props.distPath ?? PORTAL_DIST;
    this.profile = props.profile;
    this.domain = props.domain;
    this.csp = { connect: [...props.identityOrigins], formAction: props.signInFormOrigins };
    this.routing = props.profile.cloudFront === 'global' ? 'path' : 'hash';

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

    if (props.profile.cloudFront === 'global') {
      const { distribution, headers } = this.modernDistribution(props.namePrefix);
      this.distribution = distribution;
      this.securityHeaders = headers;
      const cfn = distribution.node.defaultChild;
      if (!(cfn instanceof CfnDistribution)) throw new Error('Distribution without a CfnDistribution');
      this.cfnDistribution = cfn;
    } else {
      this.distribution = null;
      this.securityHeaders = null;
      this.cfnDistribution = this.legacyDistribution(props.namePrefix);
    }
    if (this.domain !== null && this.distribution !== null) {
      // The L2 takes ACM certificates only: the IAM server certificate goes in by override.
      this.cfnDistribution.addPropertyOverride('DistributionConfig.Aliases', [this.domain.name]);
      this.cfnDistribution.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: this.domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: IAM_CERTIFICATE_POLICY,
      });
    }
    this.acknowledgeDistribution();
  }

  /** Another origin the portal fetches from (connect-src): the upload bucket's presigned PUTs. */
  allowConnect(origin: string): void {
    this.csp.connect.push(origin);
  }

  /** The portal's address: the alternate domain when there is one, else the CloudFront domain. */
  get url(): string {
    return `https://${this.domain?.name ?? this.cfnDistribution.attrDomainName}`;
  }

  private get loggingEnabled(): boolean {
    return this.profile.cloudFrontLogsToRegionalBucket;
  }

  private modernDistribution(namePrefix: string): { distribution: Distribution; headers: ResponseHeadersPolicy } {
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${namePrefix}-portal-security-headers`,
      securityHeadersBehavior: {
        // Lazy: origins the portal may fetch from are added after the distribution (allowConnect).
        contentSecurityPolicy: { contentSecurityPolicy: Lazy.string({ produce: () => contentSecurityPolicy(this.csp) }), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const spaRouting = new CloudFrontFunction(this, 'SpaRouting', {
      comment: 'Portal routes (no file extension) get index.html',
      code: FunctionCode.fromInline(SPA_ROUTING_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
    });

    const distribution = new Distribution(this, 'Distribution', {
      comment: `${namePrefix} portal`,
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
      ...(this.loggingEnabled ? { enableLogging: true, logBucket: this.logBucket, logFilePrefix: 'cloudfront/' } : {}),
    });
    return { distribution, headers };
  }

  /**
   * CloudFront as the China Regions have it: no cache, origin-request or response-headers
   * policies (ForwardedValues and TTLs instead), no CloudFront Functions (the portal uses hash
   * routes, so every request for a page is `/`), and an origin access identity instead of OAC.
   */
  private legacyDistribution(namePrefix: string): CfnDistribution {
    const oai = new CfnCloudFrontOriginAccessIdentity(this, 'OriginAccessIdentity', {
      cloudFrontOriginAccessIdentityConfig: { comment: `${namePrefix} portal site bucket` },
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
        principals: [new CanonicalUserPrincipal(oai.attrS3CanonicalUserId)],
      }),
    );
    const site: CfnDistribution.OriginProperty = {
      id: 'site',
      domainName: this.bucket.bucketRegionalDomainName,
      s3OriginConfig: { originAccessIdentity: `origin-access-identity/cloudfront/${oai.ref}` },
    };
    return new CfnDistribution(this, 'Distribution', {
      distributionConfig: {
        enabled: true,
        comment: `${namePrefix} portal`,
        defaultRootObject: 'index.html',
        // HTTP/2 only: HTTP/3 is not among the features CloudFront China documents.
        httpVersion: 'http2',
        ipv6Enabled: true,
        origins: Lazy.any({ produce: () => [site, ...this.legacyOrigins] }),
        defaultCacheBehavior: {
          targetOriginId: site.id,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          forwardedValues: { queryString: false, cookies: { forward: 'none' } },
        },
        cacheBehaviors: Lazy.any({ produce: () => (this.legacyBehaviors.length === 0 ? undefined : this.legacyBehaviors) }),
        ...(this.loggingEnabled
          ? { logging: { bucket: this.logBucket.bucketRegionalDomainName, prefix: 'cloudfront/', includeCookies: false } }
          : {}),
        // CloudFront China serves only the ICP-filed alternate domain, with an IAM server certificate.
        ...(this.domain === null
          ? {}
          : {
              aliases: [this.domain.name],
              viewerCertificate: {
                iamCertificateId: this.domain.iamCertificateId,
                sslSupportMethod: 'sni-only',
                minimumProtocolVersion: IAM_CERTIFICATE_POLICY,
              },
            }),
      },
    });
  }

  /**
   * Serves the HTTP API at /api/* on this distribution, path unchanged: the API's stage is named
   * after the prefix, so `/api/batches` reaches the route `/batches`. Nothing is cached.
   */
  routeApi(api: IHttpApi): void {
    const stack = Stack.of(this);
    const domainName = `${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    const pathPattern = `${API_PATH_PREFIX}/*`;
    if (this.distribution !== null && this.securityHeaders !== null) {
      this.distribution.addBehavior(pathPattern, httpsOrigin(domainName), passThrough(this.securityHeaders));
      return;
    }
    this.legacyOrigins.push({
      id: 'api',
      domainName,
      customOriginConfig: { originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
    });
    this.legacyBehaviors.push({
      pathPattern,
      targetOriginId: 'api',
      viewerProtocolPolicy: 'https-only',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      forwardedValues: { queryString: true, headers: API_FORWARDED_HEADERS, cookies: { forward: 'none' } },
      minTtl: 0,
      defaultTtl: 0,
      maxTtl: 0,
    });
  }

  /**
   * Forwards the hosted UI's token endpoint, which the portal's sign-in fetches (the
   * authorization-code exchange), so that it is same-origin too. The path is kept as it is.
   * Cognito only, so only on the L2 distribution.
   */
  routeTokenEndpoint(authDomainBaseUrl: string): void {
    if (this.distribution === null || this.securityHeaders === null) throw new Error('The Cognito token route needs CloudFront policies');
    const origin = httpsOrigin(authDomainBaseUrl.replace(/^https:\/\//, ''));
    this.distribution.addBehavior(TOKEN_PATH, origin, passThrough(this.securityHeaders));
  }

  /**
   * Records the portal's /config.json, then deploys it with the portal build; deploys nothing
   * until the portal has been built. Without response headers policies the content security
   * policy goes into index.html as a <meta> element.
   */
  deployPortal(auth: PortalAuthSettings): BucketDeployment | null {
    const config: PortalRuntimeConfig = { signIn: 'oidc', apiBase: API_PATH_PREFIX, routing: this.routing, ...auth };
    this.runtimeConfig = config;
    if (!existsSync(this.distPath)) return null;
    const sources: ISource[] = [Source.asset(this.distPath), Source.jsonData('config.json', config)];
    if (this.securityHeaders === null) {
      const html = readFileSync(join(this.distPath, 'index.html'), 'utf8');
      sources.push(Source.data('index.html', withCspMeta(html, contentSecurityPolicy({ ...this.csp, meta: true }))));
    }
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.invalidationTarget(),
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler(deployment);
    return deployment;
  }

  private invalidationTarget(): IDistribution {
    if (this.distribution !== null) return this.distribution;
    return Distribution.fromDistributionAttributes(this, 'DistributionRef', {
      distributionId: this.cfnDistribution.ref,
      domainName: this.cfnDistribution.attrDomainName,
    });
  }

  private acknowledgeDistribution(): void {
    const target = this.distribution ?? this.cfnDistribution;
    acknowledge(
      target,
      'AwsSolutions-CFR1',
      'No geo restriction: users sign in with MFA-protected accounts of the configured identity provider, and officials may work from anywhere.',
    );
    acknowledge(
      target,
      'AwsSolutions-CFR2',
      'No WAF web ACL: the static build files are public anyway, and every /api/* route requires a token from the configured issuer ' +
        'and is throttled per stage. A web ACL (about 6 USD a month minimum, e.g. per-IP rate limits) can be attached later without code changes.',
    );
    if (this.domain === null) {
      acknowledge(
        target,
        'AwsSolutions-CFR4',
        'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain (portalDomain, portalCertificateId) ' +
          'gets TLSv1.2_2021, as documented in docs/deploy.md.',
      );
    } else if (this.distribution !== null) {
      acknowledge(
        target,
        'AwsSolutions-CFR4',
        `The viewer certificate (IAM certificate, sni-only, ${IAM_CERTIFICATE_POLICY}) is set by a property override, which cdk-nag ` +
          'does not read; test/infra/portal.test.ts pins it in the template.',
      );
    }
    if (!this.loggingEnabled) {
      acknowledge(
        target,
        'AwsSolutions-CFR3',
        `CloudFront standard logging cannot deliver to an S3 bucket in the opt-in Region ${this.profile.region}, and logging v2 ` +
          'would need delivery resources in us-east-1 (another Region, and viewer data leaving this one). Every API call is in the ' +
          "API stage's access log in this Region, and the site bucket's S3 server access log records what CloudFront fetched.",
      );
    }
    if (this.profile.cloudFront === 'china') {
      acknowledge(
        target,
        'AwsSolutions-CFR7',
        `Origin access control does not exist in ${this.profile.region}; the site bucket stays private behind an origin access identity ` +
          '(the bucket policy grants s3:GetObject to that identity only).',
      );
    }
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
