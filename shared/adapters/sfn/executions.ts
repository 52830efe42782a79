// Executions on Step Functions: StartExecution, where a name already used means the review exists.
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Executions } from '../../app/ports.js';

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
  };
}
