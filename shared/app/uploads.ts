// Upload tickets: a file too large for a JSON body (the Lambda payload limit) is put straight to
// the upload store, then named by its uploadId in the requests that use it (a batch's check and
// submission, a record extract). A ticket is for one account and one exact size.
import { randomBytes } from 'node:crypto';
import type { Caller } from './access.js';
import type { UploadStore, UploadTarget } from './ports.js';
import { forbidden, invalid, type Refusal } from './refusals.js';

export interface UploadDeps {
  uploads: UploadStore | undefined;
  now: () => Date;
}

export interface IssuedTicket extends UploadTarget {
  uploadId: string;
  method: 'PUT';
  bytes: number;
}

const NO_STORE = '本部署未配置大文件上传（UPLOAD_BUCKET），请直接在请求中提交文件';

export async function issueUploadTicket(deps: UploadDeps, input: { caller: Caller; bytes: number }): Promise<IssuedTicket | Refusal> {
  const { caller } = input;
  if (!caller.orgdept && caller.townships.length === 0 && caller.departments.length === 0) {
    return forbidden('只有乡镇（街道）、联审部门和组织部门的账号可以上传文件');
  }
  if (deps.uploads === undefined) return invalid(NO_STORE, 'bytes', 'UPLOADS_NOT_CONFIGURED');
  const uploadId = randomBytes(16).toString('hex');
  const target = await deps.uploads.target({ owner: caller.userId, uploadId, bytes: input.bytes, now: deps.now() });
  return { uploadId, method: 'PUT', bytes: input.bytes, ...target };
}

/** The bytes of a ticket's upload; a refusal naming `field` when there are none. */
export async function readUpload(
  deps: Pick<UploadDeps, 'uploads'>,
  input: { caller: Caller; uploadId: string; field: string },
): Promise<Uint8Array | Refusal> {
  if (deps.uploads === undefined) return invalid(NO_STORE, input.field, 'UPLOADS_NOT_CONFIGURED');
  const bytes = await deps.uploads.read(input.caller.userId, input.uploadId);
  return bytes ?? invalid('上传的文件不存在或已过期（上传后一天内有效），请重新上传', input.field, 'UPLOAD_NOT_FOUND');
}
