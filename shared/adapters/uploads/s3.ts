// Upload tickets on AWS: a presigned S3 PUT whose signature covers the Content-Length, so the
// client can put exactly the size it declared and nothing else, under a key of its own account.
// The bucket's lifecycle rule removes every upload after a day (infra/constructs/uploads.ts).
import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadStore } from '../../app/ports.js';

/** Key prefix of uploads (infra's lifecycle rule and grants use it). */
export const UPLOAD_PREFIX = 'uploads/';
export const UPLOAD_TICKET_SECONDS = 900;

/** The account's folder: a hash, so no user id appears in a key, a URL or an access log. */
export function ownerFolder(owner: string): string {
  return createHash('sha256').update(owner).digest('hex').slice(0, 32);
}

export function uploadKey(owner: string, uploadId: string): string {
  return `${UPLOAD_PREFIX}${ownerFolder(owner)}/${uploadId}`;
}

export function s3UploadStore(client: S3Client, opts: { bucket: string; ticketSeconds?: number }): UploadStore {
  const seconds = opts.ticketSeconds ?? UPLOAD_TICKET_SECONDS;
  return {
    async target({ owner, uploadId, bytes, now }) {
      const command = new PutObjectCommand({ Bucket: opts.bucket, Key: uploadKey(owner, uploadId), ContentLength: bytes });
      const url = await getSignedUrl(client, command, {
        expiresIn: seconds,
        signableHeaders: new Set(['content-length']),
        signingDate: now,
      });
      return { url, headers: {}, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
    },
    async read(owner, uploadId) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: uploadKey(owner, uploadId) }));
        return await object.Body?.transformToByteArray();
      } catch (err) {
        if (err instanceof NoSuchKey) return undefined;
        throw err;
      }
    },
  };
}
