// The four Lambda entry modules load their config at import and answer through the real
// repositories; DynamoDB is mocked at the SDK level (empty table).
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyOf, claimsFor, httpEvent, lambdaContext } from './http-events.js';

const ddbMock = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  vi.stubEnv('AWS_REGION', 'cn-north-1');
  vi.stubEnv('TABLE_NAME', 'lianshen');
  vi.stubEnv('KEYS_SECRET_ARN', 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:lianshen-keys');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'lianshen');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'lianshen-test');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:lianshen-candidate-review');
  vi.stubEnv('INTAKE_QUEUE_URL', 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-intake');
  vi.stubEnv('EXPORT_QUEUE_URL', 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/lianshen-exports');
  vi.stubEnv('AUTH_CLAIMS', '{"groups":"cognito:groups"}');
  vi.stubEnv('IDENTITY_ADMIN', '{"kind":"local"}');
  vi.stubEnv('DEPARTMENT_CODES', 'court,public-security');
  vi.stubEnv('SFN_CALLS_PER_SECOND', '2.5');
  vi.stubEnv('LIANSHEN_KEY_MATERIAL', 'local-key-material-for-tests-only-0123456789');
  ddbMock.on(QueryCommand).resolves({ Items: [] });
  ddbMock.on(GetCommand).resolves({});
});

afterAll(() => {
  vi.unstubAllEnvs();
  ddbMock.restore();
});

describe('API entry modules', () => {
  it('orgdept-api lists campaigns', async () => {
    const { handler } = await import('../../../functions/orgdept-api.js');
    const res = await handler(httpEvent({ routeKey: 'GET /campaigns', claims: claimsFor(['orgdept']) }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({ campaigns: [] });
  });

  it('accounts-api lists the local accounts of the table', async () => {
    const { handler } = await import('../../../functions/accounts-api.js');
    const res = await handler(httpEvent({ routeKey: 'GET /accounts', claims: claimsFor(['orgdept']) }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ provider: 'local', accounts: [] });
  });

  it('batches-api lists the township batches', async () => {
    const { handler } = await import('../../../functions/batches-api.js');
    const res = await handler(httpEvent({ routeKey: 'GET /batches', claims: claimsFor(['township:changguo']) }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({ batches: [] });
  });

  it('reviews-api lists the department inbox', async () => {
    const { handler } = await import('../../../functions/reviews-api.js');
    const res = await handler(httpEvent({ routeKey: 'GET /reviews', claims: claimsFor(['department:court']) }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({ department: 'court', items: [] });
  });

  it('records-api says there is no campaign yet', async () => {
    const { handler } = await import('../../../functions/records-api.js');
    const res = await handler(
      httpEvent({
        routeKey: 'GET /departments/{code}/records',
        pathParameters: { code: 'court' },
        claims: claimsFor(['department:court']),
      }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(409);
    expect(bodyOf(res)).toEqual({ message: '尚未创建换届工作，暂不能上传记录', code: 'CONFLICT' });
  });
});
