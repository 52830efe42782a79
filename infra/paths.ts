import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root, derived from this file's location so that synth works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const ASL_PATH = join(REPO_ROOT, 'infra', 'statemachine', 'candidate-review.asl.json');

/** The portal build; deployed only when it exists (the portal is built by a later issue). */
export const PORTAL_DIST = join(REPO_ROOT, 'portal', 'dist');

export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}
