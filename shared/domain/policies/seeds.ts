// The seed files the policies quote (see the seeds README). A test checks every quote verbatim.
import type { Citation } from '../model.js';

export const SEED_XIANNVSHAN = '000_1e5c647f9380c8b0.txt';
export const SEED_PLANS = '001_450a4215c6f8d83b.txt';

export function cite(file: string, quote: string): Citation {
  return { file, quote };
}
