// What the API route modules depend on. Handlers get these injected so tests can run them against
// fakes or mocked SDK clients; each route module builds the use cases' adapters from them.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { AnchorLog, FileReaders, Repositories, UploadStore } from '../../app/ports.js';

export interface Powertools {
  logger: Logger;
  /** Absent where tracing is off (the local stack). */
  tracer: Tracer | undefined;
  metrics: Metrics;
}

export interface ApiDeps {
  repos: Repositories;
  powertools: Powertools;
  /** The wall clock; tests pass a fixed one. */
  now: () => Date;
  /** How uploads are read; inline by default (the local stack reads them on a worker thread). */
  files?: FileReaders;
  /** Where report digests are anchored (absent: reports carry the digest unanchored). */
  anchors?: AnchorLog;
  /** Where files past the payload limit are put through upload tickets (absent: inline files only). */
  uploads?: UploadStore;
}
