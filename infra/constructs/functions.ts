import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, Charset, type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../../functions/manifest.js';
import { acknowledge } from '../nag.js';
import { REPO_ROOT, repoPath } from '../paths.js';

/** ESM bundles still meet CommonJS dependencies that call require(); give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __lianshenCreateRequire } from 'node:module'; const require = __lianshenCreateRequire(import.meta.url);";

export const FUNCTION_NAMES = Object.keys(FUNCTIONS).filter((n): n is FunctionName => n in FUNCTIONS);

/** Where the built-in policies sit in the repository and beside the bundled handler (policy-files.ts looks there). */
export const POLICIES_DIR = 'policies';

/**
 * The built-in policies are data files, not imports: esbuild cannot see them, so every asset gets
 * a copy of policies/ next to index.mjs (inputDir is the project root).
 */
export const POLICY_FILES_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => [`cp -R "${inputDir}/${POLICIES_DIR}" "${outputDir}/${POLICIES_DIR}"`],
};

/** How every function is bundled (the infra tests bundle a probe with exactly these). */
export const FUNCTION_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  charset: Charset.UTF8,
  // Bundle the SDK too: the handlers are tested against the versions in package-lock.json.
  bundleAwsSDK: true,
  forceDockerBundling: false,
  commandHooks: POLICY_FILES_HOOKS,
};

export interface FunctionsProps {
  namePrefix: string;
  key: IKey;
  logRetention: RetentionDays;
  /** Environment values known up front; the rest arrive through `provideEnv`. */
  env: Readonly<Record<string, string>>;
  /** X-Ray active tracing (off where Lambda has no X-Ray integration: the China Regions). */
  xray: boolean;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * One NodejsFunction per entry of functions/manifest.ts, each with its own role, its own
 * CMK-encrypted log group and exactly the environment keys the manifest lists.
 */
export class LambdaFunctions extends Construct {
  private readonly fns = new Map<FunctionName, NodejsFunction>();
  private readonly roles = new Map<FunctionName, Role>();
  private readonly envSet = new Map<FunctionName, Set<string>>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    for (const name of FUNCTION_NAMES) {
      const spec = FUNCTIONS[name];
      const id = pascal(name);
      const role = new Role(this, `${id}Role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `${props.namePrefix} ${name}`,
      });
      const logGroup = new LogGroup(this, `${id}Logs`, {
        retention: props.logRetention,
        encryptionKey: props.key,
        // Kept on update and stack deletion; a failed first create leaves no orphan behind.
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      logGroup.grantWrite(role);

      const values: Record<string, string> = {
        ...props.env,
        POWERTOOLS_SERVICE_NAME: `${props.namePrefix}-${kebab(name)}`,
      };
      const environment: Record<string, string> = {};
      for (const key of spec.env) {
        const value = values[key];
        if (value !== undefined) environment[key] = value;
      }

      const fn = new NodejsFunction(this, id, {
        entry: repoPath(spec.entry),
        handler: 'handler',
        runtime: Runtime.NODEJS_24_X,
        architecture: Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        tracing: props.xray ? Tracing.ACTIVE : Tracing.DISABLED,
        role,
        logGroup,
        environment,
        awsSdkConnectionReuse: false,
        projectRoot: REPO_ROOT,
        depsLockFilePath: repoPath('package-lock.json'),
        bundling: FUNCTION_BUNDLING,
        description: `${props.namePrefix} ${name} (${spec.entry})`,
      });
      if (props.xray) {
        acknowledge(
          role,
          'AwsSolutions-IAM5[Resource::*]',
          'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
        );
      }
      this.fns.set(name, fn);
      this.roles.set(name, role);
      this.envSet.set(name, new Set(Object.keys(environment)));
    }

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        for (const name of FUNCTION_NAMES) {
          const set = this.envSet.get(name) ?? new Set<string>();
          const missing = FUNCTIONS[name].env.filter((k) => !set.has(k));
          if (missing.length > 0) errors.push(`function ${name} lacks environment ${missing.join(', ')}`);
        }
        return errors;
      },
    });
  }

  fn(name: FunctionName): NodejsFunction {
    const fn = this.fns.get(name);
    if (fn === undefined) throw new Error(`No function ${name}`);
    return fn;
  }

  role(name: FunctionName): Role {
    const role = this.roles.get(name);
    if (role === undefined) throw new Error(`No role for ${name}`);
    return role;
  }

  all(): Array<{ name: FunctionName; fn: NodejsFunction; role: Role }> {
    return FUNCTION_NAMES.map((name) => ({ name, fn: this.fn(name), role: this.role(name) }));
  }

  /** From the manifest: may this function call states:SendTask*? */
  sendsTaskResults(name: FunctionName): boolean {
    return FUNCTIONS[name].sendsTaskResults;
  }

  /** Sets `key` on one function (a value that differs per function); its manifest must list it. */
  provideEnvTo(name: FunctionName, key: string, value: string): void {
    const listed: readonly string[] = FUNCTIONS[name].env;
    if (!listed.includes(key)) throw new Error(`function ${name} does not list environment ${key}`);
    this.fn(name).addEnvironment(key, value);
    this.envSet.get(name)?.add(key);
  }

  /** Sets `key` on every function whose manifest lists it (values that depend on later resources). */
  provideEnv(key: string, value: string): void {
    for (const name of FUNCTION_NAMES) {
      const listed: readonly string[] = FUNCTIONS[name].env;
      if (listed.includes(key)) {
        this.fn(name).addEnvironment(key, value);
        this.envSet.get(name)?.add(key);
      }
    }
  }
}
