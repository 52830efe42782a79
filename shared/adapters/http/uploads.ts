// Files arrive as base64 inside JSON bodies.
import { z } from 'zod';
import { badRequest } from './errors.js';

/** ~7.5 MB of file: API Gateway caps a request at 10 MB and base64 adds a third. */
export const MAX_UPLOAD_BASE64 = 10_000_000;

export const FileUpload = z.object({
  filename: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1).max(MAX_UPLOAD_BASE64),
});
export type FileUpload = z.output<typeof FileUpload>;

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeUpload(upload: FileUpload, field: string): { bytes: Uint8Array; filename: string } {
  const text = upload.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(text)) {
    const path = field === '' ? 'contentBase64' : `${field}.contentBase64`;
    throw badRequest(`请求内容有误：${path} 不是有效的 base64 编码`, { field: path, in: 'body' });
  }
  return { bytes: new Uint8Array(Buffer.from(text, 'base64')), filename: upload.filename };
}
