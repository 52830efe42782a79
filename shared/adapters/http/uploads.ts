// Files arrive as base64 inside JSON bodies (FileUpload in the API contract), or, past the
// payload limit, through an upload ticket (shared/app/uploads.ts) named by its uploadId.
import { createHash } from 'node:crypto';
import type { FileUpload, InlineFile } from '../../api/common.js';
import type { Caller } from '../../app/access.js';
import type { UploadStore } from '../../app/ports.js';
import { isRefusal } from '../../app/refusals.js';
import { readUpload } from '../../app/uploads.js';
import type { AttachmentInput } from '../../api/disputes.js';
import type { DisputeAttachment } from '../../domain/review-changes.js';
import { badRequest } from './errors.js';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

const pathOf = (field: string, key: string) => (field === '' ? key : `${field}.${key}`);

/** An inline file (routes whose files stay small: policies, 行政区划, holidays, attachments). */
export function decodeUpload(upload: InlineFile, field: string): { bytes: Uint8Array; filename: string } {
  const path = pathOf(field, 'contentBase64');
  const text = upload.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(text)) {
    throw badRequest(`请求内容有误：${path} 不是有效的 base64 编码`, { field: path, in: 'body' });
  }
  return { bytes: new Uint8Array(Buffer.from(text, 'base64')), filename: upload.filename };
}

/** An inline file or one put to an upload ticket. */
export async function resolveUpload(
  upload: FileUpload,
  field: string,
  ctx: { uploads: UploadStore | undefined; caller: Caller },
): Promise<{ bytes: Uint8Array; filename: string }> {
  if (!('uploadId' in upload)) return decodeUpload(upload, field);
  const path = pathOf(field, 'uploadId');
  const taken = await readUpload({ uploads: ctx.uploads }, { caller: ctx.caller, uploadId: upload.uploadId, field: path });
  if (isRefusal(taken)) {
    throw badRequest(taken.message, {
      field: path,
      in: 'body',
      code: taken.kind === 'invalid' ? (taken.code ?? 'UPLOAD_NOT_FOUND') : 'UPLOAD_NOT_FOUND',
    });
  }
  return { bytes: taken, filename: upload.filename };
}

/** A dispute's attachment as kept: an inline file is hashed here and not stored (see docs/api.md). */
export function attachmentOf(input: AttachmentInput, index: number): DisputeAttachment {
  if ('sha256' in input) return { filename: input.filename, sha256: input.sha256, bytes: input.bytes };
  const { bytes, filename } = decodeUpload(input, `attachments.${index}`);
  return { filename, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
}
