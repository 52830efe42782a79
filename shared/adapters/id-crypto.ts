// ID numbers at rest: AES-256-GCM for storage, HMAC-SHA256 for equality look-ups. Both keys are
// derived with HKDF from one secret string (Secrets Manager in AWS, LIANSHEN_KEY_MATERIAL locally),
// read once per cold start.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CommonConfig } from './config.js';
import { secretsClient } from './clients.js';

export interface IdCrypto {
  /** `v1.<iv>.<ciphertext>.<tag>` (base64url parts); a fresh IV each call. */
  encrypt(idNumber: string): string;
  decrypt(sealed: string): string;
  /** Hex HMAC of the normalised ID number; equal IDs give equal HMACs. */
  hmac(idNumber: string): string;
}

const SALT = Buffer.from('lianshen/id-keys/v1', 'utf8');
const VERSION = 'v1';

function normalise(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

export function createIdCrypto(material: string): IdCrypto {
  if (material.length < 32) throw new Error('ID key material must be at least 32 characters');
  const encKey = Buffer.from(hkdfSync('sha256', material, SALT, 'id-number encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', material, SALT, 'id-number lookup hmac', 32));
  return {
    encrypt(idNumber) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(normalise(idNumber), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const parts = sealed.split('.');
      const [version, ivPart, bodyPart, tagPart] = parts;
      if (parts.length !== 4 || version !== VERSION || ivPart === undefined || bodyPart === undefined || tagPart === undefined) {
        throw new Error('not a sealed ID number');
      }
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(ivPart, 'base64url'));
      decipher.setAuthTag(Buffer.from(tagPart, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(bodyPart, 'base64url')), decipher.final()]).toString('utf8');
    },
    hmac(idNumber) {
      return createHmac('sha256', macKey).update(normalise(idNumber), 'utf8').digest('hex');
    },
  };
}

export { tokenHash } from '../app/common.js';

let cached: Promise<IdCrypto> | undefined;

/** The process-wide IdCrypto: key material read once (a failed read is retried next call). */
export function loadIdCrypto(config: CommonConfig, client: SecretsManagerClient = secretsClient()): Promise<IdCrypto> {
  if (cached === undefined) {
    const attempt = readMaterial(config, client).then(createIdCrypto);
    cached = attempt;
    attempt.catch(() => {
      if (cached === attempt) cached = undefined;
    });
  }
  return cached;
}

async function readMaterial(config: CommonConfig, client: SecretsManagerClient): Promise<string> {
  if (config.LIANSHEN_KEY_MATERIAL !== undefined) return config.LIANSHEN_KEY_MATERIAL;
  const out = await client.send(new GetSecretValueCommand({ SecretId: config.KEYS_SECRET_ARN }));
  if (out.SecretString === undefined || out.SecretString.length === 0) {
    throw new Error('the ID key secret has no SecretString');
  }
  return out.SecretString;
}
