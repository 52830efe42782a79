// Files arrive as base64 inside JSON bodies (FileUpload in the API contract).
import type { FileUpload } from '../../api/common.js';
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
