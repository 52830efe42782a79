// The S3 Object Lock anchor log against a mocked S3 that behaves like a bucket: conditional
// creates (If-None-Match), immutable objects, listing in key order.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { sdkStreamMixin } from '@smithy/core/serde';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3AnchorLog } from '../../shared/adapters/anchors/s3.js';
import { verifyAnchorLog } from '../../shared/domain/audit/anchors.js';

const s3 = mockClient(S3Client);
let objects: Map<string, { body: string; mode?: string; until?: Date }>;
const head = (n: number) => ({ chain: `c-${n}`, head: n.toString(16).padStart(64, '0'), count: n });

beforeEach(() => {
  s3.reset();
  objects = new Map();
  s3.on(PutObjectCommand).callsFake((input) => {
    const key = String(input.Key);
    if (input.IfNoneMatch === '*' && objects.has(key)) {
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      });
    }
    objects.set(key, {
      body: String(input.Body),
      mode: input.ObjectLockMode,
      until: input.ObjectLockRetainUntilDate instanceof Date ? input.ObjectLockRetainUntilDate : undefined,
    });
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input) => ({
    Contents: [...objects.keys()]
      .filter((k) => k.startsWith(String(input.Prefix ?? '')))
      .sort()
      .map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  s3.on(GetObjectCommand).callsFake((input) => ({
    Body: sdkStreamMixin(Readable.from([Buffer.from(objects.get(String(input.Key))?.body ?? '')])),
  }));
});

describe('the S3 Object Lock anchor log', () => {
  it('writes one locked object per anchor, in compliance mode until the retention date', async () => {
    const now = new Date('2027-01-01T00:00:00.000Z');
    const log = s3AnchorLog(new S3Client({ region: 'ap-east-1' }), { bucket: 'lianshen-anchors', retentionDays: 365, now: () => now });
    await log.append({ kind: 'batch', subject: 'b1', at: now.toISOString(), heads: [head(1)] });
    await log.append({ kind: 'report', subject: 'camp', at: now.toISOString(), heads: [head(2)] });
    expect([...objects.keys()]).toEqual(['anchors/0000000000.json', 'anchors/0000000001.json']);
    for (const o of objects.values()) {
      expect(o.mode).toBe('COMPLIANCE');
      expect(o.until?.toISOString()).toBe('2028-01-01T00:00:00.000Z');
    }
    expect(s3.commandCalls(PutObjectCommand).every((c) => c.args[0].input.ChecksumAlgorithm === 'SHA256')).toBe(true);
    const lines = [...objects.values()].map((o) => o.body.trimEnd());
    expect(verifyAnchorLog(lines)).toMatchObject({ ok: true, count: 2 });
  });

  it('lets two writers racing for the same seq both land, one after the other', async () => {
    const a = s3AnchorLog(new S3Client({ region: 'ap-east-1' }), { bucket: 'b' });
    const b = s3AnchorLog(new S3Client({ region: 'ap-east-1' }), { bucket: 'b' });
    const [ra, rb] = await Promise.all([
      a.append({ kind: 'batch', subject: 'x', at: '2027-01-01T00:00:00.000Z', heads: [head(3)] }),
      b.append({ kind: 'batch', subject: 'y', at: '2027-01-01T00:00:00.000Z', heads: [head(4)] }),
    ]);
    expect([ra.seq, rb.seq].sort()).toEqual([0, 1]);
    expect((await a.list()).map((r) => r.subject).sort()).toEqual(['x', 'y']);
  });

  it('refuses to build on a log whose objects do not chain (a removed object)', async () => {
    const log = s3AnchorLog(new S3Client({ region: 'ap-east-1' }), { bucket: 'b' });
    for (const n of [1, 2, 3]) await log.append({ kind: 'batch', subject: `b${n}`, at: '2027-01-01T00:00:00.000Z', heads: [head(n)] });
    objects.delete('anchors/0000000001.json');
    await expect(s3AnchorLog(new S3Client({ region: 'ap-east-1' }), { bucket: 'b' }).list()).rejects.toThrow(/第 2 行/);
  });
});
