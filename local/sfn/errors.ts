// A Step Functions API error: `type` becomes the JSON 1.0 `__type`, which the SDK and the AWS CLI
// turn into the exception name (ExecutionAlreadyExists, TaskTimedOut, ...).
export class SfnServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** A task's failure as the engine sees it: `name` is what Retry/Catch match, the message the Cause. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** A callback for a token that is no longer waited on (expired, completed, execution closed). */
export function taskTimedOut(): SfnServiceError {
  return new SfnServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}
