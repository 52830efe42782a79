// The one TaskCallbacks implementation: every way Step Functions says "this task is over" becomes
// a result the use cases branch on; anything else is an error to retry.
import 'aws-sdk-client-mock-vitest/extend';
import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import '../functions/aws-matchers.js';
import { sfnTaskCallbacks } from '../../shared/adapters/sfn/task-callbacks.js';

const sfn = mockClient(SFNClient);
const callbacks = sfnTaskCallbacks(new SFNClient({ region: 'us-east-1' }));

describe('TaskCallbacks on Step Functions', () => {
  beforeEach(() => sfn.reset());

  it('sends the output as JSON and reports it sent', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await callbacks.succeed('tok', { department: 'court', status: 'clear' })).toBe('sent');
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'tok', output: '{"department":"court","status":"clear"}' });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }), 'timedOut'],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task Does Not Exist', $metadata: {} }), 'gone'],
    ['InvalidToken', new InvalidToken({ message: 'Invalid Token', $metadata: {} }), 'gone'],
  ] as const)('maps %s to "%s" for success and failure alike', async (_name, error, result) => {
    sfn.on(SendTaskSuccessCommand).rejects(error);
    sfn.on(SendTaskFailureCommand).rejects(error);
    expect(await callbacks.succeed('tok', {})).toBe(result);
    expect(await callbacks.fail('tok', 'Declined', 'the department declined')).toBe(result);
  });

  it('recognises the errors by name, as the local endpoint sends them', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Invalid Token'), { name: 'InvalidToken' }));
    expect(await callbacks.succeed('tok', {})).toBe('gone');
  });

  it('throws anything else (throttling, network), so the caller retries', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(callbacks.succeed('tok', {})).rejects.toThrow('slow down');
  });
});
