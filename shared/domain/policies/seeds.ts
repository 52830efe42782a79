// The seed files the shipped policies quote (see the seeds README). A test checks every quote
// verbatim against its file; people only ever see the document's title and the clause's place.
import type { Citation } from '../model.js';

export const SEED_XIANNVSHAN = '000_1e5c647f9380c8b0.txt';
export const SEED_PLANS = '001_450a4215c6f8d83b.txt';

/** A citer for one document: `c(clause, quote)`. */
export function citer(file: string, document: string): (clause: string, quote: string) => Citation {
  return (clause, quote) => ({ document, clause, quote, file });
}
