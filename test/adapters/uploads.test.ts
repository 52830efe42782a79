import { mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { acceptLocalUpload, localUploadStore } from '../../shared/adapters/uploads/local.js';
import { s3UploadStore, uploadKey } from '../../shared/adapters/uploads/s3.js';
import { tamperSignature } from '../support/tamper.js';

const NOW = new Date('2026-12-02T06:00:00.000Z');
const ID = 'a'.repeat(32);
const SECRET = 'local-key-material-0123456789abcdef';

describe('local upload tickets (the local HTTP adapter stands in for S3)', () => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianshen-uploads-test-'));
    return { dir, store: localUploadStore({ dir, secret: SECRET }) };
  };
  const put = async (dir: string, url: string, body: Uint8Array, now = NOW) => {
    const parsed = new URL(url, 'http://127.0.0.1');
    return acceptLocalUpload(
      { dir, secret: SECRET },
      { uploadId: parsed.pathname.split('/').pop() ?? '', query: parsed.searchParams, body, now },
    );
  };

  it('keeps the bytes put to a valid ticket for the owner alone, for a day', async () => {
    const { dir, store } = setup();
    const bytes = new Uint8Array(Buffer.from('序号,姓名\n1,王伟\n'));
    const target = await store.target({ owner: 'user-1', uploadId: ID, bytes: bytes.byteLength, now: NOW });
    expect(target.url).toMatch(/^\/local-uploads\/a{32}\?/);
    expect(target.expiresAt).toBe('2026-12-02T06:15:00.000Z');
    expect(await put(dir, target.url, bytes)).toEqual({ status: 200 });
    expect(await store.read('user-2', ID)).toBeUndefined();
    expect(Buffer.from((await store.read('user-1', ID)) ?? []).toString()).toBe('序号,姓名\n1,王伟\n');
    expect(Buffer.from((await store.read('user-1', ID)) ?? []).toString()).toBe('序号,姓名\n1,王伟\n');
    const file = join(dir, readdirSync(dir)[0] ?? '', ID);
    utimesSync(file, new Date(Date.now() - 25 * 3600_000), new Date(Date.now() - 25 * 3600_000));
    expect(await store.read('user-1', ID)).toBeUndefined();
  });

  it('refuses another size, a changed signature or owner, and an expired ticket, keeping nothing', async () => {
    const { dir, store } = setup();
    const target = await store.target({ owner: 'user-1', uploadId: ID, bytes: 4, now: NOW });
    expect(await put(dir, target.url, new Uint8Array(5))).toMatchObject({ status: 400, message: expect.stringContaining('4 字节') });
    expect(await put(dir, tamperSignature(target.url), new Uint8Array(4))).toMatchObject({ status: 403 });
    expect(await put(dir, target.url.replace(/owner=[0-9a-f]/, 'owner=0'), new Uint8Array(4))).toMatchObject({ status: 403 });
    expect(await put(dir, target.url, new Uint8Array(4), new Date(NOW.getTime() + 16 * 60_000))).toMatchObject({
      status: 403,
      message: expect.stringContaining('过期'),
    });
    expect(await store.read('user-1', ID)).toBeUndefined();
  });
});

describe('S3 upload tickets', () => {
  it('presigns a PUT of exactly the declared size under the owner’s folder', async () => {
    const client = new S3Client({ region: 'cn-north-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const target = await s3UploadStore(client, { bucket: 'uploads-bucket' }).target({
      owner: 'user-1',
      uploadId: ID,
      bytes: 1234,
      now: NOW,
    });
    const url = new URL(target.url);
    expect(url.host).toBe('uploads-bucket.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe(`/${uploadKey('user-1', ID)}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(uploadKey('user-1', ID)).not.toContain('user-1');
  });

  it('reads an upload of the owner’s folder and finds nothing where there is no object', async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand, { Key: uploadKey('user-1', ID) }).resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from('abc')])) });
    s3.on(GetObjectCommand, { Key: uploadKey('user-2', ID) }).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
    const store = s3UploadStore(new S3Client({ region: 'us-east-1' }), { bucket: 'b' });
    expect(Buffer.from((await store.read('user-1', ID)) ?? []).toString()).toBe('abc');
    expect(await store.read('user-2', ID)).toBeUndefined();
    s3.restore();
  });
});
