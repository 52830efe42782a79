// Codes for townships whose 行政区划 list gives none. A code is what `township:<code>` accounts are
// tied to, so it must never change for the same township: it is derived from the name alone (the
// same name always gives the same code, in every campaign and on every upload), never from a
// position in a file. No pinyin: a romanisation needs a dictionary, guesses at 多音字 (长 cháng/zhǎng)
// and gives different codes for one name when the dictionary changes. Instead the code is `t-`
// and the first 40 bits of SHA-256 of the name as people mean it (unitKey: full-width characters
// and spaces ignored), in RFC 4648 base32, lower case: `t-` + 8 characters of a–z and 2–7.
// Counties that already have codes (the 统计用区划代码, or their own) put them in 乡镇代码.
import { createHash } from 'node:crypto';
import { unitKey } from './units.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function generatedTownshipCode(name: string): string {
  const digest = createHash('sha256').update(unitKey(name).normalize('NFC'), 'utf8').digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 8) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 8) break;
  }
  return `t-${out}`;
}
