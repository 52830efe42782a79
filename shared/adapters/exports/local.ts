// Export files on the local stack, which has no S3: in the data folder, served by the local HTTP
// adapter at `GET /local-exports/<jobId>/<name>?expires=…&sig=…`, signed with an HMAC of the
// stack's key material and expiring like a presigned GET.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportStore } from '../../app/ports.js';
import { EXPORT_LINK_SECONDS } from './s3.js';

export const LOCAL_EXPORT_PATH = '/local-exports/';
/** As the bucket's lifecycle rule for `exports/`: a file is gone a day after it was written. */
const EXPORT_KEPT_MS = 24 * 3600 * 1000;

export interface LocalExportOptions {
  dir: string;
  secret: string;
}

const signingKey = (secret: string) => createHmac('sha256', secret).update('lianshen export links').digest();
const signature = (secret: string, key: string, expires: string) =>
  createHmac('sha256', signingKey(secret)).update(`${key}|${expires}`).digest('hex');

/** A job id (uuid) and a file name without path separators. */
const KEY = /^[0-9a-f-]{36}\/[^/\\]+$/;

export function localExportStore(opts: LocalExportOptions): ExportStore {
  return {
    async put(key, bytes) {
      if (!KEY.test(key)) throw new Error('export key is not <jobId>/<name>');
      const path = join(opts.dir, key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.part`;
      await writeFile(partial, bytes);
      await rename(partial, path);
    },
    async downloadUrl(file, now) {
      const expires = String(now.getTime() + EXPORT_LINK_SECONDS * 1000);
      const [jobId = '', name = ''] = file.key.split('/');
      const query = new URLSearchParams({ expires, sig: signature(opts.secret, file.key, expires) });
      return {
        url: `${LOCAL_EXPORT_PATH}${jobId}/${encodeURIComponent(name)}?${query.toString()}`,
        expiresAt: new Date(Number(expires)).toISOString(),
      };
    },
  };
}

export type LocalExportResult = { status: 200; bytes: Uint8Array; name: string } | { status: 403 | 404; message: string };

/** What the local HTTP adapter does with `GET /local-exports/<jobId>/<name>`: check the link, read the file. */
export async function serveLocalExport(
  opts: LocalExportOptions,
  req: { path: string; query: URLSearchParams; now: Date },
): Promise<LocalExportResult> {
  let key: string;
  try {
    key = decodeURIComponent(req.path.slice(LOCAL_EXPORT_PATH.length));
  } catch {
    return { status: 403, message: '下载地址无效' };
  }
  const expires = req.query.get('expires') ?? '';
  const given = Buffer.from(req.query.get('sig') ?? '', 'hex');
  const expected = Buffer.from(signature(opts.secret, key, expires), 'hex');
  if (!KEY.test(key) || given.length !== expected.length || !timingSafeEqual(given, expected))
    return { status: 403, message: '下载地址无效' };
  if (Number(expires) < req.now.getTime()) return { status: 403, message: '下载地址已过期，请在导出列表中重新获取' };
  const path = join(opts.dir, key);
  try {
    if (req.now.getTime() - (await stat(path)).mtimeMs > EXPORT_KEPT_MS) {
      await rm(path, { force: true });
      return { status: 404, message: '文件不存在或已过期，请重新导出' };
    }
    return { status: 200, bytes: new Uint8Array(await readFile(path)), name: key.slice(key.indexOf('/') + 1) };
  } catch {
    return { status: 404, message: '文件不存在或已过期，请重新导出' };
  }
}
