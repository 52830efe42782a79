// The environment the handler modules validate when they load. Import this FIRST in a handler
// test: ES modules evaluate in import order, so it is set before any handler module reads it.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'lianshen-test',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:keys',
  POWERTOOLS_SERVICE_NAME: 'lianshen-test',
  POWERTOOLS_METRICS_NAMESPACE: 'LianshenTest',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:review',
  AUTH_CLAIMS: '{"groups":"cognito:groups"}',
  DEPARTMENT_CODES: '*',
  SFN_CALLS_PER_SECOND: '0',
});
