// The UploadStore a function uses, from its config: the local stack's folder and HTTP adapter, or
// on AWS the bucket infra provides (UPLOAD_BUCKET). Neither: undefined, and files go inline only.
import { S3Client } from '@aws-sdk/client-s3';
import type { UploadStore } from '../../app/ports.js';
import type { CommonConfig } from '../config.js';
import { localUploadStore } from './local.js';
import { s3UploadStore } from './s3.js';

type UploadConfig = CommonConfig & { UPLOAD_BUCKET?: string | undefined; LIANSHEN_UPLOAD_DIR?: string | undefined };

let cached: UploadStore | undefined;

export function uploadStoreFor(config: UploadConfig): UploadStore | undefined {
  if (cached !== undefined) return cached;
  const { LIANSHEN_UPLOAD_DIR: dir, LIANSHEN_KEY_MATERIAL: secret } = config;
  if (dir !== undefined && secret !== undefined) cached = localUploadStore({ dir, secret });
  else if (config.UPLOAD_BUCKET !== undefined) cached = s3UploadStore(new S3Client({}), { bucket: config.UPLOAD_BUCKET });
  return cached;
}
