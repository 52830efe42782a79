import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { checkedSubstitutions, readAsl } from '../asl.js';
import { acknowledge } from '../nag.js';
import { grantSend } from './queues.js';

export interface WorkflowProps {
  namePrefix: string;
  key: IKey;
  logRetention: RetentionDays;
  queueNamePrefix: string;
  departmentQueues: readonly IQueue[];
  functions: {
    loadRouting: IFunction;
    recordOverdue: IFunction;
    decide: IFunction;
    recordDecision: IFunction;
    batchProgress: IFunction;
  };
}

/** The one candidate-review state machine, deployed from infra/statemachine/candidate-review.asl.json. */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  private readonly key: IKey;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.key = props.key;
    const name = `${props.namePrefix}-candidate-review`;
    this.name = name;
    const asl = readAsl();
    const f = props.functions;

    // The ASL builds a department's queue URL as prefix + code; queue names follow the same rule.
    const queueUrlPrefix = Fn.join('', ['https://sqs.', Aws.REGION, '.', Aws.URL_SUFFIX, '/', Aws.ACCOUNT_ID, '/', props.queueNamePrefix]);
    const definitionSubstitutions = checkedSubstitutions(asl, {
      LoadRoutingFunctionArn: f.loadRouting.functionArn,
      RecordOverdueFunctionArn: f.recordOverdue.functionArn,
      DecideFunctionArn: f.decide.functionArn,
      RecordDecisionFunctionArn: f.recordDecision.functionArn,
      BatchProgressFunctionArn: f.batchProgress.functionArn,
      DepartmentQueueUrlPrefix: queueUrlPrefix,
      // Service-integration ARNs (arn:${Partition}:states:::sqs:…) name the partition: aws-cn in China.
      Partition: Aws.PARTITION,
    });

    this.logGroup = new LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps the Logs resource policy small however many machines log here.
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention,
      encryptionKey: props.key,
      // A fixed name: Retain would leave it behind after a failed first create and block every
      // retry ("already exists"). Kept on update and stack deletion, deleted on create rollback.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(asl),
      definitionSubstitutions,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      encryptionConfiguration: new CustomerManagedEncryptionConfiguration(props.key),
    });

    // fromString gives CDK no graph to derive permissions from: grant by hand.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [f.loadRouting, f.recordOverdue, f.decide, f.recordDecision, f.batchProgress].map((fn) => fn.functionArn),
      }),
    );
    grantSend(this.stateMachine, props.departmentQueues, props.key);

    acknowledge(
      this.stateMachine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing (xray:Put*, xray:GetSampling*) ' +
        'support no resource-level permissions; these are the statements CDK adds for logging and tracing.',
    );
  }

  /**
   * A review that ends FAILED or TIMED_OUT is sent to `target` by EventBridge (Step Functions
   * emits the status change). Not a catch-all in the ASL: a redrive resumes at the state that
   * failed, and after a catch-all that is a Fail state, so the redrive would fail again at once.
   * EventBridge retries for a day; what it cannot deliver waits in `deadLetters`.
   */
  routeFailures(target: IFunction, deadLetters: IQueue): Rule {
    return new Rule(this, 'FailedReviews', {
      description: `${this.name}: mark the candidate of a FAILED or TIMED_OUT review 处理失败`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT'], stateMachineArn: [this.stateMachine.stateMachineArn] },
      },
      targets: [new LambdaFunction(target, { deadLetterQueue: deadLetters, maxEventAge: Duration.hours(24), retryAttempts: 185 })],
    });
  }

  /** StartExecution on this state machine only, with the KMS use that call needs. */
  grantStart(grantee: IGrantable): void {
    this.stateMachine.grantStartExecution(grantee);
    this.grantHistoryEncryption(grantee);
  }

  /** A withdrawal or a duplicate set aside: describe and stop this state machine's executions (nothing else). */
  grantStop(grantee: IGrantable & IConstruct): void {
    const executions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${this.name}:*`;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [executions] }),
    );
    this.grantHistoryEncryption(grantee);
    acknowledge(
      grantee,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.name}:*]`,
      'Executions are created per candidate at run time; the grant is limited to the executions of this one state machine.',
    );
  }

  /**
   * The redrive job: list this state machine's executions, read one's input, redrive it. No
   * StartExecution (a redrive reuses the execution and its ARN).
   */
  grantRedrive(grantee: IGrantable & IConstruct): void {
    const sm = this.stateMachine;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:ListExecutions'], resources: [sm.stateMachineArn] }),
    );
    // Execution ARNs of this machine only (its name is fixed at synth).
    const executions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${this.name}:*`;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:DescribeExecution', 'states:RedriveExecution'], resources: [executions] }),
    );
    this.grantHistoryEncryption(grantee);
    acknowledge(
      grantee,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.name}:*]`,
      'Executions are created per candidate at run time; the grant is limited to the executions of this one state machine.',
    );
  }

  /** states:SendTaskSuccess/Failure/Heartbeat: only the checker and the reviews API get this. */
  grantTaskResponse(grantee: IGrantable): void {
    this.stateMachine.grantTaskResponse(grantee);
    this.grantHistoryEncryption(grantee);
  }

  /**
   * The execution history is encrypted with the stack CMK, and Step Functions encrypts what a
   * caller adds to it (the input of StartExecution, the output of SendTask*) with the caller's
   * permissions: without kms:GenerateDataKey (and kms:Decrypt) the call fails with
   * KmsAccessDeniedException. A kms:ViaService grant for DynamoDB or SQS does not count. Limited
   * to the encryption context Step Functions sets for this state machine's data.
   */
  private grantHistoryEncryption(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { [STATE_MACHINE_ENCRYPTION_CONTEXT]: this.stateMachine.stateMachineArn } },
      }),
    );
  }
}

/** The KMS condition key for data Step Functions encrypts on behalf of one state machine. */
export const STATE_MACHINE_ENCRYPTION_CONTEXT = 'kms:EncryptionContext:aws:states:stateMachineArn';
