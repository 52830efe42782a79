// How a child process or worker thread loads TypeScript the way this process does (tsx).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function tsxImportUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
