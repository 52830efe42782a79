import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest.js';
import type { DeployedDepartment } from '../departments.js';
import { queueWithDlq } from './queues.js';

export interface DepartmentsProps {
  key: IKey;
  departments: readonly DeployedDepartment[];
  /** Queue of department `code` is named `<queueNamePrefix><code>` (the ASL relies on it). */
  queueNamePrefix: string;
  /** SQS event-source MaximumConcurrency of the checker, per department queue. */
  checkerConcurrency: number;
}

export interface DepartmentQueues {
  department: DeployedDepartment;
  queue: Queue;
  dlq: Queue;
}

/** One queue and DLQ per department; one shared checker consumes them all. */
export class Departments extends Construct {
  readonly queues: readonly DepartmentQueues[];
  private readonly checkerConcurrency: number;

  constructor(scope: Construct, id: string, props: DepartmentsProps) {
    super(scope, id);
    this.checkerConcurrency = props.checkerConcurrency;
    this.queues = props.departments.map((department) => {
      const { queue, dlq } = queueWithDlq(this, `Dept-${department.code}`, {
        queueName: `${props.queueNamePrefix}${department.code}`,
        key: props.key,
        consumerTimeoutSeconds: FUNCTIONS.checker.timeoutSeconds,
      });
      return { department, queue, dlq };
    });
  }

  /** The shared checker gets one event source per department queue. */
  connectChecker(checker: IFunction): void {
    for (const { queue } of this.queues) {
      checker.addEventSource(
        new SqsEventSource(queue, {
          batchSize: FUNCTIONS.checker.eventSource.batchSize,
          maxConcurrency: this.checkerConcurrency,
          reportBatchItemFailures: FUNCTIONS.checker.eventSource.reportBatchItemFailures,
        }),
      );
    }
  }
}
