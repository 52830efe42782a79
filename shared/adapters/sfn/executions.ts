// Executions on Step Functions: StartExecution, where a name already used means the review exists;
// and the FAILED ones for redrive (ListExecutions, DescribeExecution, RedriveExecution).
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { Executions, FailedExecution, Redrives } from '../../app/ports.js';

export function sfnExecutions(sfn: SFNClient, stateMachineArn: string): Executions {
  return {
    async start({ name, input }) {
      try {
        await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return 'started';
      } catch (error) {
        // Same name already used: this candidate's review exists (running or finished).
        if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return 'alreadyStarted';
        throw error;
      }
    },
    async stop({ name, error, cause }) {
      try {
        const out = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(stateMachineArn, name) }));
        if (out.status !== 'RUNNING') return 'notRunning';
        await sfn.send(new StopExecutionCommand({ executionArn: executionArnOf(stateMachineArn, name), error, cause }));
        return 'stopped';
      } catch (err) {
        // Never started (a candidate still on the intake queue): nothing to stop.
        if (err instanceof Error && err.name === 'ExecutionDoesNotExist') return 'notRunning';
        throw err;
      }
    },
  };
}

/** arn:…:stateMachine:NAME → arn:…:execution:NAME:EXECUTION (Step Functions' own scheme). */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Not redrivable now: running again, past its 14 days, or at the redrive limit. */
const NOT_REDRIVABLE = new Set(['ExecutionNotRedrivable', 'ExecutionLimitExceeded']);

export function sfnRedrives(sfn: SFNClient, stateMachineArn: string): Redrives {
  return {
    async listFailed(since) {
      const found: FailedExecution[] = [];
      let nextToken: string | undefined;
      // Every page: an execution that started long ago (a department's days) may have failed recently.
      do {
        const page = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED', maxResults: 1000, ...(nextToken ? { nextToken } : {}) }),
        );
        for (const e of page.executions ?? []) {
          const stopDate = e.stopDate ?? e.startDate;
          if (e.executionArn === undefined || e.name === undefined || stopDate === undefined || stopDate < since) continue;
          found.push({ executionArn: e.executionArn, name: e.name, stopDate });
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return found;
    },
    async inputOf(executionArn) {
      const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      const input: unknown = out.input === undefined ? undefined : JSON.parse(out.input);
      return input;
    },
    async redrive(executionArn) {
      try {
        await sfn.send(new RedriveExecutionCommand({ executionArn }));
        return 'redriven';
      } catch (error) {
        if (error instanceof Error && NOT_REDRIVABLE.has(error.name)) return 'notRedrivable';
        throw error;
      }
    },
  };
}
