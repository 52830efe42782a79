import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * What the target Region offers that the stack depends on. The stack is built for one concrete
 * Region, so every choice below is made at synth time and pinned by test/infra/regions.test.ts.
 */
export interface RegionProfile {
  region: string;
  partition: 'aws' | 'aws-cn';
  urlSuffix: string;
  /** Cognito user pools exist here (not in the China Regions). */
  cognitoUserPools: boolean;
  /**
   * Which CloudFront: `global`, or `china`, which has no cache, origin-request or response-headers
   * policies (it rejects CachePolicyId "for this region"), no CloudFront Functions, no origin access
   * control, and serves only an ICP-filed alternate domain with an IAM server certificate (the
   * *.cloudfront.cn domain cannot serve content, and there is no ACM).
   */
  cloudFront: 'global' | 'china';
  /**
   * CloudFront standard logging can deliver to an S3 bucket in this Region. It cannot deliver to a
   * bucket in an opt-in Region (ap-east-1 and the others RegionInfo marks opt-in).
   */
  cloudFrontLogsToRegionalBucket: boolean;
  /** X-Ray active tracing on Lambda functions ("not available in the China Regions"). */
  lambdaXRay: boolean;
  /**
   * Amazon SNS sends SMS here. Not in the China Regions ("SMS messaging" is listed as not yet
   * available in Beijing and Ningxia, docs.amazonaws.cn/en_us/aws/latest/userguide/sns.html);
   * elsewhere the Region must be in SNS's list of SMS Regions, which is checked at deploy time, not here.
   */
  snsSms: boolean;
  /** Amazon SES sends e-mail here. Not in the China Regions (SES is not among the services of Beijing and Ningxia; verify before use). */
  sesEmail: boolean;
}

/** The profile of a Region CDK knows; other partitions (GovCloud, ISO) are refused. */
export function regionProfile(region: string): RegionProfile {
  const info = RegionInfo.get(region);
  const partition = info.partition;
  if (partition !== 'aws' && partition !== 'aws-cn') {
    throw new Error(
      partition === undefined
        ? `Unknown Region ${region}: this aws-cdk-lib does not know it (upgrade aws-cdk-lib, or check the spelling)`
        : `Region ${region} is in partition ${partition}; the stack supports the aws and aws-cn partitions only`,
    );
  }
  const china = partition === 'aws-cn';
  return {
    region,
    partition,
    urlSuffix: china ? 'amazonaws.com.cn' : 'amazonaws.com',
    cognitoUserPools: !china,
    cloudFront: china ? 'china' : 'global',
    cloudFrontLogsToRegionalBucket: !info.isOptInRegion,
    lambdaXRay: !china,
    snsSms: !china,
    sesEmail: !china,
  };
}
