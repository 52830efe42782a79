/**
 * Local Step Functions endpoint — public API for the `npm start` orchestrator, `lianshen vet`,
 * the bench and tests.
 *
 *   import { startLocalStepFunctions } from './local/sfn/index.js';
 *   const sfn = await startLocalStepFunctions({
 *     port: 0,                                   // fixed port for `npm start`, 0 in tests
 *     dataDir: 'data/sfn',                       // omit → in-memory (tests)
 *     sqs: { endpoint: fauxqs.address },         // or an SQSClient
 *     departmentQueueUrlPrefix: `${fauxqsQueueUrlBase}/lianshen-dept-`,
 *     lambda: new LocalLambdaRuntime(),          // optional: manifest modules, loaded lazily
 *   });
 *   sfn.url              // → AWS_ENDPOINT_URL_SFN for handlers, SFNClient({ endpoint }), aws --endpoint-url
 *   sfn.stateMachineArn  // → STATE_MACHINE_ARN ('arn:aws:states:us-east-1:000000000000:stateMachine:lianshen-candidate-review')
 *   await sfn.service.waitForExecution(arn) // resolves once the execution is closed
 *   sfn.service.stats()  // { runningExecutions, waitingTasks }
 *   await sfn.stop()     // crash-like: RUNNING executions stay RUNNING and are re-driven on the next start
 *
 * Options (LocalStepFunctionsOptions & { port?, host? }): `sqs` (required; prefer `{ endpoint }`,
 * which gives the endpoint its own connection pool — a client shared with long-polling pollers
 * makes sends wait for free sockets), `departmentQueueUrlPrefix` (required by the real ASL),
 * `lambda` (LocalLambdaRuntime; `new LocalLambdaRuntime({ handlers })` stubs functions),
 * `dataDir`, `definition` / `definitionFile` (default: the infra ASL file), `substitutions`
 * (extra `${Key}` values), `stateMachineName`, `region`, `accountId`, `log`.
 *
 * Behaviour: JSON 1.0 ops StartExecution (same name + same input while RUNNING → the same
 * execution; otherwise ExecutionAlreadyExists), DescribeExecution, ListExecutions (statusFilter,
 * maxResults, nextToken), StopExecution, RedriveExecution (a FAILED, TIMED_OUT or ABORTED execution
 * stopped within 14 days runs again from its first state with its input; steps that succeeded
 * return their stored results, so in effect it continues at the failed step), GetExecutionHistory
 * (summary), SendTaskSuccess /
 * SendTaskFailure / SendTaskHeartbeat (InvalidToken for unknown tokens, TaskTimedOut for expired or
 * completed ones). Lambda Tasks run the manifest's handler module in-process; sqs:sendMessage
 * .waitForTaskToken sends the MessageBody with a freshly minted token to fauxqs (messages for one
 * queue in the same event-loop turn go as one SendMessageBatch) and waits for the callback until
 * the state's timeout, which the endpoint enforces itself (token expiry and States.Timeout at the
 * same moment; see definition.ts for the TimeoutSecondsPath shim). Step results and tokens
 * persist (SQLite in `dataDir`); after a restart RUNNING executions are re-driven and steps with
 * stored results (including department answers) are not run or asked again; a token minted
 * before the crash stays valid until its original deadline.
 *
 * Local differences from AWS: a Task without a timeout waits at most ~24.8 days (Node timer
 * limit); a task timeout is raised as an error named States.Timeout that `States.TaskFailed`
 * would also catch; GetExecutionHistory is a summary (TaskStateEntered/TaskScheduled/
 * TaskSubmitted/TaskSucceeded|TaskFailed|TaskTimedOut per task, no Map/Pass events);
 * HeartbeatSeconds is not enforced.
 *
 * The handler modules need their env (TABLE_NAME, ... and the AWS_ENDPOINT_URL_* overrides) in
 * `process.env` before the first invocation; they are imported on first use.
 */
import { LocalStepFunctions, type LocalStepFunctionsOptions } from './service.js';
import { listenSfn, type SfnServer, type SfnServerOptions } from './server.js';

export { LocalStepFunctions, DEFAULT_STATE_MACHINE_NAME } from './service.js';
export type { ExecutionStatusChangeEvent, LocalStepFunctionsOptions, LocalLog, SqsEndpointConfig } from './service.js';
export { listenSfn } from './server.js';
export type { SfnServer, SfnServerOptions } from './server.js';
export {
  DEFAULT_DEFINITION_FILE,
  localSubstitutions,
  prepareDefinition,
  readDefinitionFile,
  substitutionKeyForFunction,
  DefinitionError,
} from './definition.js';
export type { ExecutionRecord, ExecutionStatus } from './store.js';
export { SfnServiceError } from './errors.js';
export { LocalLambdaRuntime, createLambdaContext, functionArn } from '../lambda-context.js';

export interface LocalStepFunctionsHandle {
  readonly service: LocalStepFunctions;
  readonly url: string;
  readonly port: number;
  readonly stateMachineArn: string;
  stop(): Promise<void>;
}

/** Builds the service, listens, then re-drives RUNNING executions left by a previous run. */
export async function startLocalStepFunctions(options: LocalStepFunctionsOptions & SfnServerOptions): Promise<LocalStepFunctionsHandle> {
  const service = new LocalStepFunctions(options);
  let server: SfnServer;
  try {
    server = await listenSfn(service, { port: options.port, host: options.host });
  } catch (error) {
    service.close();
    throw error;
  }
  service.recover();
  return {
    service,
    url: server.url,
    port: server.port,
    stateMachineArn: service.stateMachineArn,
    stop: async () => {
      await server.close();
      service.close();
    },
  };
}
