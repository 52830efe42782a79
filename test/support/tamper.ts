// A signed link with its signature's first character changed for certain: replacing it with a
// fixed character would leave the link valid whenever the signature already began with it.
export function tamperSignature(url: string): string {
  return url.replace(/sig=([0-9a-f])/, (_, first: string) => `sig=${first === '0' ? '1' : '0'}`);
}
