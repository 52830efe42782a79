// Every route of the API contract that changes something (not GET), fuzzed: bodies of the route's
// own schema and mutations of them (missing, extra and mistyped fields, hostile strings, deep
// nesting, raw text, base64 bodies), path parameters, headers and callers of every kind. The answer
// is never a 5xx, an error is in Chinese with a stable code, and a refusal writes nothing and calls
// no AWS service.
import { describe, expect, it } from 'vitest';
import { validTable } from './files.js';
import { judge, resetMocks, run } from './harness.js';
import { fuzzRoutes } from './suite.js';

fuzzRoutes((routeKey) => !routeKey.startsWith('GET '));

describe('the refusal check', () => {
  it('sees a write: an accepted batch changes the store snapshot and queues its candidates', async () => {
    resetMocks();
    const csv = Buffer.from(
      `${validTable('candidates')
        .map((r) => r.join(','))
        .join('\r\n')}\r\n`,
    ).toString('base64');
    const outcome = await run('POST /batches', {
      caller: 'township',
      params: {},
      query: undefined,
      headers: { 'Idempotency-Key': 'key-00000001' },
      body: { kind: 'json', value: { campaignId: 'c2026', candidates: { filename: '名单.csv', contentBase64: csv } } },
      base64Body: false,
    });
    expect(outcome.res.statusCode, outcome.res.body).toBe(201);
    expect(outcome.wrote).toBe(true);
    expect(outcome.sent).toBeGreaterThan(0);
  });
});

describe('the refusal check of the accounts', () => {
  it('sees an account change: a wrong current password counts towards the lock, and only that passes as a refusal', async () => {
    resetMocks();
    const outcome = await run('POST /me/password', {
      caller: 'orgdept',
      params: {},
      query: undefined,
      headers: {},
      body: { kind: 'json', value: { currentPassword: 'not-the-password', newPassword: 'Zhoushan#2028a' } },
      base64Body: false,
    });
    expect(outcome.res.statusCode).toBe(400);
    expect(String(outcome.res.body)).toContain('PASSWORD_WRONG');
    expect(outcome.wrote).toBe(true);
    expect(outcome.wroteBesidesFailures).toBe(false);
    expect(() => judge('POST /me/password', outcome)).not.toThrow();
    expect(() => judge('POST /me/password', { ...outcome, wroteBesidesFailures: true })).toThrow(/changed the store or the accounts/);
  });
});
