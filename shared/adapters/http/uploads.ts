// Files arrive as base64 inside JSON bodies (FileUpload in the API contract).
import { createHash } from 'node:crypto';
import type { FileUpload } from '../../api/common.js';
import type { AttachmentInput } from '../../api/disputes.js';
import type { DisputeAttachment } from '../../domain/review-changes.js';
import { badRequest } from './errors.js';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeUpload(upload: FileUpload, field: string): { bytes: Uint8Array; filename: string } {
  const text = upload.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(text)) {
    const path = field === '' ? 'contentBase64' : `${field}.contentBase64`;
    throw badRequest(`请求内容有误：${path} 不是有效的 base64 编码`, { field: path, in: 'body' });
  }
  return { bytes: new Uint8Array(Buffer.from(text, 'base64')), filename: upload.filename };
}

/** A dispute's attachment as kept: an inline file is hashed here and not stored (see docs/api.md). */
export function attachmentOf(input: AttachmentInput, index: number): DisputeAttachment {
  if ('sha256' in input) return { filename: input.filename, sha256: input.sha256, bytes: input.bytes };
  const { bytes, filename } = decodeUpload(input, `attachments.${index}`);
  return { filename, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
}
