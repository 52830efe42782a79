// The API contract (shared/api) covers exactly the routes the handlers serve and infra deploys.
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../infra/routes.js';
import { ROUTE_CONTRACT } from '../../../shared/api/index.js';
import { accountsRoutes } from '../../../shared/adapters/http/accounts-routes.js';
import { batchesRoutes } from '../../../shared/adapters/http/batches-routes.js';
import { orgdeptRoutes } from '../../../shared/adapters/http/orgdept-routes.js';
import { recordsRoutes } from '../../../shared/adapters/http/records-routes.js';
import { reviewsRoutes } from '../../../shared/adapters/http/reviews-routes.js';
import { checkResponse } from './contract.js';
import { apiDeps } from './support.js';

const deps = apiDeps();
const served = [
  batchesRoutes({ ...deps, sqs: new SQSClient({ region: 'cn-north-1' }), intakeQueueUrl: 'https://sqs.example/intake' }),
  recordsRoutes(deps),
  reviewsRoutes({ ...deps, sfn: new SFNClient({ region: 'cn-north-1' }) }),
  orgdeptRoutes(deps),
  accountsRoutes(deps),
].flatMap((table) => Object.keys(table));

describe('the API contract', () => {
  it('has a contract for every served route, and serves every contract', () => {
    expect(Object.keys(ROUTE_CONTRACT).sort()).toEqual([...served].sort());
  });

  it('covers every route infra deploys', () => {
    for (const r of ROUTES) expect(Object.keys(ROUTE_CONTRACT), `${r.method} ${r.path}`).toContain(`${r.method} ${r.path}`);
  });

  it('refuses a body that drifts from the contract, and an error without a message', () => {
    const json = { 'Content-Type': 'application/json; charset=utf-8' };
    expect(() =>
      checkResponse('GET /campaigns', { statusCode: 200, headers: json, body: JSON.stringify({ campaigns: [{ id: 1 }] }) }),
    ).toThrow(/breaks the contract/);
    expect(() => checkResponse('GET /campaigns', { statusCode: 404, headers: json, body: JSON.stringify({ error: 'x' }) })).toThrow(
      /error body/,
    );
    expect(() => checkResponse('GET /template', { statusCode: 200, headers: json, body: '{}' })).toThrow(/does not list/);
  });
});
