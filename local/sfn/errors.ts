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
