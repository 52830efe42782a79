// The AnchorLog a function uses, from its config: the local stack's anchor file, or on AWS the S3
// Object Lock bucket infra provides (ANCHOR_BUCKET). None configured: undefined, and
// digests are produced without being anchored.
import { S3Client } from '@aws-sdk/client-s3';
import type { AnchorLog } from '../../app/ports.js';
import type { CommonConfig } from '../config.js';
import { fileAnchorLog } from './file.js';
import { s3AnchorLog } from './s3.js';

let cached: { key: string; log: AnchorLog | undefined } | undefined;

type AnchorConfig = CommonConfig & { ANCHOR_BUCKET?: string | undefined };

function build(config: AnchorConfig): AnchorLog | undefined {
  if (config.LIANSHEN_ANCHOR_FILE !== undefined) return fileAnchorLog(config.LIANSHEN_ANCHOR_FILE);
  if (config.ANCHOR_BUCKET !== undefined) return s3AnchorLog(new S3Client({}), { bucket: config.ANCHOR_BUCKET });
  return undefined;
}

/** One AnchorLog per sandbox (its in-process queue and read cache must be shared by every handler). */
export function anchorLogFor(config: AnchorConfig): AnchorLog | undefined {
  const key = `${config.LIANSHEN_ANCHOR_FILE ?? ''}|${config.ANCHOR_BUCKET ?? ''}`;
  if (cached?.key !== key) cached = { key, log: build(config) };
  return cached.log;
}
