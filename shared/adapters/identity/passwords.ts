// scrypt password hashes (`scrypt$N$r$p$salt$hash`, base64url, a fresh salt every time): slow on
// purpose, compared in constant time. The local sign-in and the local account store use them.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../app/ports.js';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keylen: number, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { ...o, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** A well-formed hash no password matches: checking against it costs what a real check costs. */
const DUMMY_HASH = [
  'scrypt',
  SCRYPT.N,
  SCRYPT.r,
  SCRYPT.p,
  Buffer.alloc(16).toString('base64url'),
  Buffer.alloc(32).toString('base64url'),
].join('$');

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [kind, n, r, p, saltB64, hashB64] = (stored ?? DUMMY_HASH).split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64url');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Refuse parameters that would make a tampered hash an expensive (or impossible) computation.
  if (![params.N, params.r, params.p].every(Number.isInteger) || params.N > 1 << 20 || params.r > 32 || params.p > 16) return false;
  const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64url'), expected.length, params);
  return stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const scryptHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
