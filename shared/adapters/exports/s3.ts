// Export files on AWS: under `exports/` in the uploads bucket (a lifecycle rule removes them), read
// by the browser through a presigned GET that names the file and lives a few minutes.
import { PutObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportStore } from '../../app/ports.js';

/** Key prefix of export files (infra's lifecycle rule and grants use it). */
export const EXPORT_PREFIX = 'exports/';
/** A download link is for the click that follows: five minutes. */
export const EXPORT_LINK_SECONDS = 300;

/** RFC 6266 / 5987: the Chinese file name survives in every browser. */
export function attachmentHeader(name: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function s3ExportStore(client: S3Client, opts: { bucket: string; linkSeconds?: number }): ExportStore {
  const seconds = opts.linkSeconds ?? EXPORT_LINK_SECONDS;
  return {
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: opts.bucket, Key: `${EXPORT_PREFIX}${key}`, Body: bytes, ContentType: contentType }),
      );
    },
    async downloadUrl(file, now) {
      const command = new GetObjectCommand({
        Bucket: opts.bucket,
        Key: `${EXPORT_PREFIX}${file.key}`,
        ResponseContentDisposition: attachmentHeader(file.name),
        ResponseContentType: file.contentType,
      });
      const url = await getSignedUrl(client, command, { expiresIn: seconds, signingDate: now });
      return { url, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
    },
  };
}
