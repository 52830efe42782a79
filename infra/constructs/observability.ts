import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SearchExpression,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../config.js';
import { MAX_RECEIVE_COUNT } from './queues.js';

export interface ObservabilityProps {
  namePrefix: string;
  key: IKey;
  alarmEmail: string | null;
  stateMachine: StateMachine;
  /** Every DLQ in the stack, by a readable label. */
  deadLetterQueues: ReadonlyArray<{ label: string; queue: IQueue }>;
  departmentQueues: ReadonlyArray<{ label: string; queue: IQueue }>;
  intakeQueue: IQueue;
  functions: ReadonlyArray<{ name: string; fn: IFunction }>;
  httpApi: HttpApi;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** Alarms (to one KMS-encrypted SNS topic) and the operations dashboard. */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);

    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.namePrefix} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== null) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, metric: IMetric): Alarm => {
      const a = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const { label, queue } of props.deadLetterQueues) {
      alarm(
        `DlqDepth-${label}`,
        `Messages in the ${label} dead-letter queue: a message failed ${MAX_RECEIVE_COUNT} deliveries and needs a look (redrive after fixing).`,
        queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      );
    }

    const sm = props.stateMachine;
    alarm('ExecutionsFailed', 'Candidate-review executions failed.', sm.metricFailed({ period: FIVE_MINUTES }));
    alarm('ExecutionsTimedOut', 'Candidate-review executions timed out.', sm.metricTimedOut({ period: FIVE_MINUTES }));
    alarm(
      'ExecutionThrottled',
      'Candidate-review executions were throttled by Step Functions.',
      sm.metricThrottled({ period: ONE_MINUTE }),
    );
    const startThrottled = new Metric({
      namespace: 'AWS/States',
      metricName: 'ThrottledEvents',
      dimensionsMap: { APIName: 'StartExecution' },
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
    alarm(
      'StartExecutionThrottled',
      'StartExecution calls were throttled (account-wide API bucket); the starter retries, but the burst exceeds the quota.',
      startThrottled,
    );
    // Emitted by record-overdue (Powertools EMF) whatever dimensions it adds: query the metric name.
    const overdue = new MathExpression({
      expression: `SELECT SUM(OverdueTasks) FROM "${METRICS_NAMESPACE}"`,
      label: 'Overdue department tasks',
      period: FIVE_MINUTES,
    });
    alarm(
      'OverdueTasks',
      'A department task ran past its deadline (TimeoutSecondsPath = the department SLA); the candidate will be incomplete.',
      overdue,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      defaultInterval: Duration.days(7),
    });
    const deptQueueMetrics = (metricOf: (q: IQueue) => Metric) =>
      props.departmentQueues.map(({ label, queue }) => metricOf(queue).with({ label }));
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${props.namePrefix}: joint qualification review\nOne execution per candidate; one queue per department.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Executions',
        width: 12,
        left: [
          sm.metricStarted({ period: FIVE_MINUTES }),
          sm.metricSucceeded({ period: FIVE_MINUTES }),
          sm.metricFailed({ period: FIVE_MINUTES }),
          sm.metricTimedOut({ period: FIVE_MINUTES }),
          sm.metricThrottled({ period: FIVE_MINUTES }),
        ],
      }),
      new GraphWidget({
        title: 'Throttled Step Functions API calls',
        width: 12,
        left: ['StartExecution', 'SendTaskSuccess', 'SendTaskFailure'].map(
          (api) =>
            new Metric({
              namespace: 'AWS/States',
              metricName: 'ThrottledEvents',
              dimensionsMap: { APIName: api },
              statistic: 'Sum',
              period: FIVE_MINUTES,
              label: api,
            }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Department queues: messages waiting',
        width: 12,
        left: deptQueueMetrics((q) => q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' })),
      }),
      new GraphWidget({
        title: 'Department queues: age of oldest message (s)',
        width: 12,
        left: deptQueueMetrics((q) => q.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' })),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `Pipeline metrics (namespace ${METRICS_NAMESPACE})`,
        width: 12,
        left: [
          new SearchExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE}} MetricName="OverdueTasks" OR MetricName="AutoAnswered" OR MetricName="TasksQueuedForReview" OR MetricName="Decisions"', 'Sum', 300)`,
            label: ' ',
          }),
        ],
      }),
      new GraphWidget({
        title: 'Intake queue and dead-letter queues',
        width: 12,
        left: [
          props.intakeQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, label: 'intake waiting' }),
          ...props.deadLetterQueues.map(({ label, queue }) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: `DLQ ${label}` }),
          ),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda errors',
        width: 12,
        left: props.functions.map(({ name, fn }) => fn.metricErrors({ period: FIVE_MINUTES, label: name })),
      }),
      new GraphWidget({
        title: 'Lambda throttles',
        width: 12,
        left: props.functions.map(({ name, fn }) => fn.metricThrottles({ period: FIVE_MINUTES, label: name })),
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'HTTP API',
        width: 12,
        left: [props.httpApi.metricClientError({ period: FIVE_MINUTES }), props.httpApi.metricServerError({ period: FIVE_MINUTES })],
        right: [props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p90' })],
      }),
      new AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarms }),
    );
  }
}
