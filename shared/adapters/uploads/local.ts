// Upload tickets on the local stack, which has no S3: the ticket's URL is the local HTTP adapter's
// own, relative to the origin the client reached the API at (a county's server sits behind a
// reverse proxy): `PUT /local-uploads/<uploadId>?…&sig=…`, signed with an HMAC of the stack's key material
// like a presigned URL, and the file lands in the stack's upload folder for a day (as the S3
// bucket's lifecycle rule keeps it).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadStore } from '../../app/ports.js';
import { ownerFolder, UPLOAD_TICKET_SECONDS } from './s3.js';

export const LOCAL_UPLOAD_PATH = '/local-uploads/';
/** As the S3 bucket's lifecycle rule: an upload is gone a day after it was put. */
const UPLOAD_KEPT_MS = 24 * 3600 * 1000;

export interface LocalUploadOptions {
  dir: string;
  /** Key material the signature is derived from (the stack's). */
  secret: string;
}

const signingKey = (secret: string) => createHmac('sha256', secret).update('lianshen upload tickets').digest();
const signature = (secret: string, parts: readonly string[]) =>
  createHmac('sha256', signingKey(secret)).update(parts.join('|')).digest('hex');

export function localUploadStore(opts: LocalUploadOptions): UploadStore {
  return {
    async target({ owner, uploadId, bytes, now }) {
      const folder = ownerFolder(owner);
      const expires = String(now.getTime() + UPLOAD_TICKET_SECONDS * 1000);
      const sig = signature(opts.secret, [folder, uploadId, String(bytes), expires]);
      const query = new URLSearchParams({ owner: folder, bytes: String(bytes), expires, sig });
      return {
        url: `${LOCAL_UPLOAD_PATH}${uploadId}?${query.toString()}`,
        headers: {},
        expiresAt: new Date(Number(expires)).toISOString(),
      };
    },
    async read(owner, uploadId) {
      if (!/^[0-9a-f]{32}$/.test(uploadId)) return undefined;
      const path = join(opts.dir, ownerFolder(owner), uploadId);
      try {
        if (Date.now() - (await stat(path)).mtimeMs > UPLOAD_KEPT_MS) {
          await rm(path, { force: true });
          return undefined;
        }
        return new Uint8Array(await readFile(path));
      } catch {
        return undefined;
      }
    },
  };
}

export type LocalUploadResult = { status: 200 } | { status: 400 | 403 | 409 | 413; message: string };

/** What the local HTTP adapter does with `PUT /local-uploads/<uploadId>`: check the ticket, keep the bytes. */
export async function acceptLocalUpload(
  opts: Pick<LocalUploadOptions, 'dir' | 'secret'>,
  req: { uploadId: string; query: URLSearchParams; body: Uint8Array; now: Date },
): Promise<LocalUploadResult> {
  const folder = req.query.get('owner') ?? '';
  const bytes = req.query.get('bytes') ?? '';
  const expires = req.query.get('expires') ?? '';
  const given = Buffer.from(req.query.get('sig') ?? '', 'hex');
  const expected = Buffer.from(signature(opts.secret, [folder, req.uploadId, bytes, expires]), 'hex');
  if (
    !/^[0-9a-f]{32}$/.test(req.uploadId) ||
    !/^[0-9a-f]{32}$/.test(folder) ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  ) {
    return { status: 403, message: '上传地址无效' };
  }
  if (Number(expires) < req.now.getTime()) return { status: 403, message: '上传地址已过期，请重新上传' };
  if (req.body.byteLength !== Number(bytes)) return { status: 400, message: `文件大小与申请时不符（应为 ${bytes} 字节）` };
  const dir = join(opts.dir, folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, req.uploadId);
  const partial = `${path}.${process.pid}.part`;
  await writeFile(partial, req.body);
  await rename(partial, path);
  return { status: 200 };
}
