import { existsSync } from 'node:fs';
import { CfnResource, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';
import { PORTAL_DIST } from '../paths.js';

export interface PortalHostingProps {
  namePrefix: string;
  /** The built portal (default portal/dist); deployed only if the folder exists. */
  distPath?: string;
}

/** What the portal needs at run time, deployed next to it as /config.json. */
export interface PortalRuntimeConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  clientId: string;
  authDomain: string;
  scope: string;
}

/** Private S3 bucket behind CloudFront (OAC) for the static portal build. */
export class PortalHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
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
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            // The API (execute-api) and Cognito token endpoints.
            "connect-src 'self' https://*.execute-api.amazonaws.com https://*.execute-api.amazonaws.com.cn https://*.amazoncognito.com https://cognito-idp.*.amazonaws.com",
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

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.namePrefix} portal`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      // A single-page app: unknown paths (S3 answers 403 without ListBucket) get index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
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
      'No WAF web ACL on a static site: it serves public build files only; all data sits behind the JWT-authorised API, ' +
        'which is throttled per stage. A web ACL (about 6 USD a month minimum) can be attached later without code changes.',
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

  /** Deploys the portal build and its /config.json; does nothing until the portal has been built. */
  deployPortal(config: PortalRuntimeConfig): BucketDeployment | null {
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
    const why = 'CDK BucketDeployment handler (copies the portal build from the CDK asset bucket to the site bucket and invalidates CloudFront): ';
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
