// The AnchorLog a function uses, from its config: the local stack's anchor file. (An AWS store,
// S3 Object Lock, is configured the same way once infra provides the bucket.) None configured:
// undefined, and digests are produced without being anchored.
import type { AnchorLog } from '../../app/ports.js';
import type { CommonConfig } from '../config.js';
import { fileAnchorLog } from './file.js';

let cached: { key: string; log: AnchorLog | undefined } | undefined;

/** One AnchorLog per sandbox (its in-process queue must be shared by every handler). */
export function anchorLogFor(config: CommonConfig): AnchorLog | undefined {
  const key = config.LIANSHEN_ANCHOR_FILE ?? '';
  if (cached?.key !== key)
    cached = { key, log: config.LIANSHEN_ANCHOR_FILE === undefined ? undefined : fileAnchorLog(config.LIANSHEN_ANCHOR_FILE) };
  return cached.log;
}
