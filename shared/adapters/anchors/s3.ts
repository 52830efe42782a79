// The AWS AnchorLog: one S3 object per anchor line (`<prefix><seq, 10 digits>.json`) in a bucket
// with Object Lock, each written in COMPLIANCE mode with a retention date, so not even the account
// root can change or delete it before that date. An append is a conditional create
// (If-None-Match: *): two writers racing for the same seq cannot both win; the loser reads the log
// again and takes the next seq. Objects never change, so they are read once per sandbox.
//
// The bucket itself (Object Lock enabled at creation, versioning, default retention, who may
// PutObject) is infra's; this adapter needs s3:ListBucket on the prefix and s3:GetObject,
// s3:PutObject, s3:PutObjectRetention on its objects.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AnchorError, sealAnchor, verifyAnchorLog, type AnchorRecord, type NewAnchor } from '../../domain/audit/anchors.js';
import type { AnchorLog } from '../../app/ports.js';

export interface S3AnchorLogOptions {
  bucket: string;
  /** Key prefix of the anchor objects. Default `anchors/`. */
  prefix?: string;
  /** How long each object is locked (COMPLIANCE). Default 10 years, longer than any term of office. */
  retentionDays?: number;
  /** Clock for the retention date (tests). */
  now?: () => Date;
}

const DEFAULT_RETENTION_DAYS = 3650;
const MAX_RACES = 20;
const SEQ_DIGITS = 10;

/** S3 says another writer created the key first. */
function lostRace(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = Reflect.get(err, '$metadata');
  const code = typeof status === 'object' && status !== null ? Reflect.get(status, 'httpStatusCode') : undefined;
  return err.name === 'PreconditionFailed' || err.name === 'ConditionalRequestConflict' || code === 412 || code === 409;
}

export function s3AnchorLog(s3: S3Client, options: S3AnchorLogOptions): AnchorLog {
  const prefix = options.prefix ?? 'anchors/';
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const now = options.now ?? (() => new Date());
  const keyOf = (seq: number) => `${prefix}${String(seq).padStart(SEQ_DIGITS, '0')}.json`;
  /** Lines already read, by key: objects are immutable. */
  const lines = new Map<string, string>();

  const readLines = async (): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: options.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key !== undefined && /\d+\.json$/.test(o.Key)) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    keys.sort();
    for (const key of keys) {
      if (lines.has(key)) continue;
      const out = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      const text = (await out.Body?.transformToString('utf-8')) ?? '';
      lines.set(key, text.replace(/\n$/, ''));
    }
    // A gap in the keys (a removed object) shows as a seq out of place in the verification.
    return keys.map((key) => lines.get(key) ?? '');
  };

  const readLog = async (): Promise<{ records: AnchorRecord[]; lastLine: string | undefined }> => {
    const all = await readLines();
    const checked = verifyAnchorLog(all);
    if (!checked.ok) throw new AnchorError(`s3://${options.bucket}/${prefix}：${checked.message}`);
    return { records: checked.records, lastLine: all.at(-1) };
  };

  return {
    async append(anchor: NewAnchor) {
      for (let race = 0; race < MAX_RACES; race++) {
        const { record, line } = sealAnchor(await readLog(), anchor);
        const retainUntil = new Date(now().getTime() + retentionDays * 86_400_000);
        try {
          await s3.send(
            new PutObjectCommand({
              Bucket: options.bucket,
              Key: keyOf(record.seq),
              Body: `${line}\n`,
              ContentType: 'application/json',
              IfNoneMatch: '*',
              ChecksumAlgorithm: 'SHA256',
              ObjectLockMode: 'COMPLIANCE',
              ObjectLockRetainUntilDate: retainUntil,
            }),
          );
          lines.set(keyOf(record.seq), line);
          return record;
        } catch (err) {
          if (!lostRace(err)) throw err;
        }
      }
      throw new AnchorError(`anchoring lost ${MAX_RACES} races in a row for s3://${options.bucket}/${prefix}`);
    },
    async list() {
      return (await readLog()).records;
    },
  };
}
