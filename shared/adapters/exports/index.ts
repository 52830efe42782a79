// The ExportStore a function uses, from its config: the local stack's folder and HTTP adapter, or
// on AWS the uploads bucket's `exports/` prefix (UPLOAD_BUCKET). Neither: undefined, no exports.
import { S3Client } from '@aws-sdk/client-s3';
import type { ExportStore } from '../../app/ports.js';
import type { CommonConfig } from '../config.js';
import { localExportStore } from './local.js';
import { s3ExportStore } from './s3.js';

type ExportConfig = CommonConfig & { UPLOAD_BUCKET?: string | undefined; LIANSHEN_EXPORT_DIR?: string | undefined };

let cached: ExportStore | undefined;

export function exportStoreFor(config: ExportConfig): ExportStore | undefined {
  if (cached !== undefined) return cached;
  const { LIANSHEN_EXPORT_DIR: dir, LIANSHEN_KEY_MATERIAL: secret } = config;
  if (dir !== undefined && secret !== undefined) cached = localExportStore({ dir, secret });
  else if (config.UPLOAD_BUCKET !== undefined) cached = s3ExportStore(new S3Client({}), { bucket: config.UPLOAD_BUCKET });
  return cached;
}
