// Constants shared by every piece of the local stack. DynamoDB Local rejects access keys that are
// not letters and digits only (UnrecognizedClientException on every call), so keep them plain.
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'lianshenlocal', secretAccessKey: 'lianshenlocal' } as const;
export const TABLE_NAME = 'lianshen';
export const STATE_MACHINE_NAME = 'lianshen-candidate-review';
export const STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${STATE_MACHINE_NAME}`;
export const INTAKE_QUEUE_NAME = 'lianshen-intake';
/** Department queues are `<prefix><code>`, as in infra (the ASL builds the URL the same way). */
export const DEPARTMENT_QUEUE_PREFIX = 'lianshen-dept-';
