// A file sealed to one recipient: the campaign archive travels encrypted to the public key of the
// server (or the operator) that will import it. X25519 with a fresh ephemeral key per file, HKDF-
// SHA256 to an AES-256-GCM key, the header as additional data; only the holder of the recipient's
// private key can open it, and any change to header or body makes opening fail.
//
//   LIANSHEN-SEALED/1\n
//   {"alg":"X25519-HKDF-SHA256-A256GCM","epk":"…","salt":"…","iv":"…","recipient":"<sha256 of the recipient key>"}\n
//   <ciphertext><16-byte GCM tag>
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

const MAGIC = 'LIANSHEN-SEALED/1\n';
const ALG = 'X25519-HKDF-SHA256-A256GCM';
const INFO = 'lianshen sealed file v1';

const Header = z.object({
  alg: z.literal(ALG),
  epk: z.string(),
  salt: z.string(),
  iv: z.string(),
  recipient: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Cannot be opened: not sealed, sealed to another key, or changed. */
export class SealedFileError extends Error {
  override name = 'SealedFileError';
}

/** A new key pair for a recipient, as PEM (private: PKCS#8, public: SPKI). */
export function generateRecipientKeys(): { privatePem: string; publicPem: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}

/** SHA-256 of the public key's SPKI encoding: how a file names its recipient. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function readPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new SealedFileError('接收方公钥无法读取：应为 lianshen campaign keygen 生成的 PEM 公钥');
  }
  if (key.asymmetricKeyType !== 'x25519') throw new SealedFileError('接收方公钥应为 X25519 公钥（lianshen campaign keygen 生成）');
  return key;
}

export function readPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new SealedFileError('私钥无法读取：应为 lianshen campaign keygen 生成的 PEM 私钥');
  }
  if (key.asymmetricKeyType !== 'x25519') throw new SealedFileError('私钥应为 X25519 私钥（lianshen campaign keygen 生成）');
  return key;
}

function derive(shared: Buffer, salt: Buffer, epk: Buffer, recipient: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, salt, Buffer.concat([Buffer.from(INFO), epk, Buffer.from(recipient)]), 32));
}

export function seal(plain: Uint8Array, recipient: KeyObject): Uint8Array {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const recipientId = fingerprintOf(recipient);
  const key = derive(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), salt, epk, recipientId);
  const header = JSON.stringify({
    alg: ALG,
    epk: epk.toString('base64'),
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    recipient: recipientId,
  });
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(header, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from(MAGIC, 'utf8'), Buffer.from(`${header}\n`, 'utf8'), body, cipher.getAuthTag()]);
}

export function open(sealed: Uint8Array, privateKey: KeyObject): Uint8Array {
  const bytes = Buffer.from(sealed);
  if (!bytes.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC, 'utf8')))
    throw new SealedFileError('这不是 lianshen 加密的换届工作导出文件');
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw new SealedFileError('导出文件已损坏：缺少文件头');
  const headerText = bytes.subarray(MAGIC.length, end).toString('utf8');
  let header: z.infer<typeof Header>;
  try {
    header = Header.parse(JSON.parse(headerText));
  } catch {
    throw new SealedFileError('导出文件已损坏：文件头无法识别');
  }
  const mine = fingerprintOf(createPublicKey(privateKey));
  if (header.recipient !== mine)
    throw new SealedFileError(`导出文件是加密给另一把密钥的（接收方 ${header.recipient.slice(0, 16)}…，此私钥 ${mine.slice(0, 16)}…）`);
  const body = bytes.subarray(end + 1);
  if (body.length < 16) throw new SealedFileError('导出文件不完整');
  const epk = Buffer.from(header.epk, 'base64');
  const key = derive(
    diffieHellman({ privateKey, publicKey: createPublicKey({ key: epk, format: 'der', type: 'spki' }) }),
    Buffer.from(header.salt, 'base64'),
    epk,
    header.recipient,
  );
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
  decipher.setAAD(Buffer.from(headerText, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  } catch {
    throw new SealedFileError('导出文件已损坏或被改动：解密校验失败');
  }
}
