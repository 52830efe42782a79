/**
 * Hides ID numbers in what the CLI prints for people (the --json output keeps the raw value, as
 * the contract requires): `110101********1234`, first 6 and last 4 kept. Only values that are
 * mostly digits are masked; text like "1.10101E+17" has lost the number already and helps the
 * user see what Excel did.
 */
export function maskIdLike(value: string): string {
  const compact = value.replace(/\s/g, '');
  if (!/^[0-9]{10,20}[0-9Xx]?$/.test(compact) || compact.length < 11) return value;
  return `${compact.slice(0, 6)}${'*'.repeat(compact.length - 10)}${compact.slice(-4)}`;
}
