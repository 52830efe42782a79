// Reading an upload is CPU work (inflate, XML, validation input) that blocks whatever event loop it
// runs on. In Lambda each request has its own sandbox; the local stack serves every request from one
// process, so there uploads are read on a worker thread and one big file cannot stall the API.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { BookRead } from '../../domain/import/rows.js';
import type { FileReaders, UploadedFile } from '../../app/ports.js';
import { readBook } from './read-book.js';
import { readPolicyFile } from './policy-files.js';
import { parseBatchWith, parseHolidaysWith, parseRecordsWith, parseUnitsWith } from './uploads.js';

const Request = z.object({ id: z.number().int(), filename: z.string(), bytes: z.instanceof(Uint8Array), maxRows: z.number().optional() });

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  port.on('message', async (message: unknown) => {
    const request = Request.safeParse(message);
    if (!request.success) return;
    const { id, filename, bytes, maxRows } = request.data;
    try {
      const read = await readBook({ filename, bytes }, maxRows === undefined ? {} : { maxRows });
      port.postMessage({ id, read });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

const Reply = z.union([z.object({ id: z.number(), read: z.custom<BookRead>() }), z.object({ id: z.number(), error: z.string() })]);

/** How the worker loads this module: the same way this process does (tsx from source, plain JS when bundled). */
function workerExecArgv(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** One reader thread, started on first use; requests are served in order. */
export class BookWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (read: BookRead) => void; reject: (error: Error) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL(import.meta.url), { execArgv: workerExecArgv() });
    worker.unref();
    worker.on('message', (message: unknown) => {
      const reply = Reply.safeParse(message);
      if (!reply.success) return;
      const waiting = this.pending.get(reply.data.id);
      if (!waiting) return;
      this.pending.delete(reply.data.id);
      if ('error' in reply.data) waiting.reject(new Error(reply.data.error));
      else waiting.resolve(reply.data.read);
    });
    const failAll = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the upload reader thread stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }

  read(file: UploadedFile, opts: { maxRows?: number } = {}): Promise<BookRead> {
    const worker = this.start();
    const id = this.nextId++;
    // A copy the thread may own: the caller keeps its bytes.
    const bytes = file.bytes.slice();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, filename: file.filename, bytes, ...opts }, [bytes.buffer]);
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** The FileReaders port with every upload read on the worker thread. */
export function workerFileReaders(worker: BookWorker = new BookWorker()): FileReaders {
  const read = (file: UploadedFile, opts?: { maxRows?: number }) => worker.read(file, opts);
  return {
    batch: (input) => parseBatchWith(read, input),
    records: (input, policy) => parseRecordsWith(read, input, policy),
    units: (input) => parseUnitsWith(read, input),
    holidays: (input) => parseHolidaysWith(read, input),
    // A policy workbook is small and read once by the organization department: inline is enough.
    policy: (file) => readPolicyFile(file),
  };
}
