// The export adapters: job records (the contract, on the in-memory fake here and on DynamoDB Local
// in dynamodb-repositories.test.ts), the S3 store (a put under exports/, a presigned GET that
// names the file and expires in minutes) and the local store behind the HTTP adapter's signed links.
import { existsSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { localExportStore, serveLocalExport } from '../../shared/adapters/exports/local.js';
import { s3ExportStore } from '../../shared/adapters/exports/s3.js';
import { exportJobsContract } from './export-jobs-contract.js';
import { memoryExportJobs } from './memory-export-jobs.js';
import { tamperSignature } from '../support/tamper.js';

const NOW = new Date('2026-12-02T06:00:00.000Z');
const JOB = '5f0c1c9e-3a52-4d7e-9a43-0c6f1d2b7a10';
const SECRET = 'local-key-material-0123456789abcdef';
const FILE = {
  key: `${JOB}/资格联审台账.xlsx`,
  name: '资格联审台账.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

describe('export jobs in memory', () => {
  exportJobsContract(async () => memoryExportJobs());
});

describe('export files on S3', () => {
  it('puts the file under exports/ and links it by a presigned GET that expires in five minutes', async () => {
    const client = new S3Client({ region: 'ap-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const mock = mockClient(client);
    mock.on(PutObjectCommand).resolves({});
    const store = s3ExportStore(client, { bucket: 'uploads-bucket' });
    await store.put(FILE.key, new Uint8Array([1, 2, 3]), FILE.contentType);
    const put = mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: 'uploads-bucket', Key: `exports/${FILE.key}`, ContentType: FILE.contentType });

    const link = await store.downloadUrl(FILE, NOW);
    const url = new URL(link.url);
    expect(url.hostname).toBe('uploads-bucket.s3.ap-east-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe(`/exports/${FILE.key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261202T060000Z');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent('资格联审台账.xlsx')}`,
    );
    expect(link.expiresAt).toBe('2026-12-02T06:05:00.000Z');
  });
});

describe('export files on the local stack', () => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lianshen-exports-test-'));
    return { dir, store: localExportStore({ dir, secret: SECRET }) };
  };
  const get = (dir: string, link: string, now = NOW) => {
    const url = new URL(link, 'http://127.0.0.1');
    return serveLocalExport({ dir, secret: SECRET }, { path: url.pathname, query: url.searchParams, now });
  };

  it('serves the file to a signed link until it expires', async () => {
    const { dir, store } = setup();
    await store.put(FILE.key, new Uint8Array([7, 8, 9]), FILE.contentType);
    const link = await store.downloadUrl(FILE, NOW);
    expect(link.url.startsWith(`/local-exports/${JOB}/`)).toBe(true);
    const served = await get(dir, link.url);
    expect(served).toMatchObject({ status: 200, name: '资格联审台账.xlsx' });
    expect(served.status === 200 ? [...served.bytes] : []).toEqual([7, 8, 9]);
    expect(await get(dir, link.url, new Date(NOW.getTime() + 6 * 60_000))).toMatchObject({ status: 403 });
  });

  it('keeps a file a day, as the bucket’s lifecycle rule does', async () => {
    const { dir, store } = setup();
    await store.put(FILE.key, new Uint8Array([1]), FILE.contentType);
    const written = new Date();
    const link = await store.downloadUrl(FILE, written);
    expect(await get(dir, link.url, written)).toMatchObject({ status: 200 });
    const old = new Date(written.getTime() - 25 * 3600_000);
    utimesSync(join(dir, FILE.key), old, old);
    expect(await get(dir, link.url, written)).toMatchObject({ status: 404 });
    expect(existsSync(join(dir, FILE.key))).toBe(false);
  });

  it('refuses a changed signature, another file or a path out of the folder', async () => {
    const { dir, store } = setup();
    await store.put(FILE.key, new Uint8Array([1]), FILE.contentType);
    const link = await store.downloadUrl(FILE, NOW);
    expect(await get(dir, tamperSignature(link.url))).toMatchObject({ status: 403 });
    expect(await get(dir, link.url.replace(JOB, JOB.replace('5f', '6f')))).toMatchObject({ status: 403 });
    expect(await get(dir, `/local-exports/..%2F..%2Fetc%2Fpasswd?${new URL(link.url, 'http://x').searchParams}`)).toMatchObject({
      status: 403,
    });
    await expect(store.put('../outside.xlsx', new Uint8Array([1]), FILE.contentType)).rejects.toThrow();
  });
});
