// The AWS JSON 1.0 protocol in front of LocalStepFunctions: `POST /` with
// `X-Amz-Target: AWSStepFunctions.<Operation>`; errors as 400 `{ "__type", "message" }`.
// Requests are not signature-checked (any letters-only dummy credentials work).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SfnServiceError } from './errors.js';
import type { LocalStepFunctions } from './service.js';

const MAX_BODY_BYTES = 1024 * 1024;
const TARGET_PREFIX = 'AWSStepFunctions.';

type Operation = (service: LocalStepFunctions, body: unknown) => unknown;

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (s, b) => s.startExecution(b),
  DescribeExecution: (s, b) => s.describeExecution(b),
  ListExecutions: (s, b) => s.listExecutions(b),
  StopExecution: (s, b) => s.stopExecution(b),
  RedriveExecution: (s, b) => s.redriveExecution(b),
  GetExecutionHistory: (s, b) => s.getExecutionHistory(b),
  SendTaskSuccess: (s, b) => s.sendTaskSuccess(b),
  SendTaskFailure: (s, b) => s.sendTaskFailure(b),
  SendTaskHeartbeat: (s, b) => s.sendTaskHeartbeat(b),
};

export interface SfnServer {
  /** Endpoint for `new SFNClient({ endpoint })` and `aws --endpoint-url`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface SfnServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export function listenSfn(service: LocalStepFunctions, options: SfnServerOptions = {}): Promise<SfnServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(service, request, response).catch((error: unknown) => {
      send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : 'internal failure' });
    });
  });
  // Long idle keep-alive: SDK agents reuse sockets without an idle timeout of their own, and a
  // server-side close racing a reuse shows up as ECONNRESET under load.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = addressOf(server);
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function addressOf(server: Server): AddressInfo {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('local step functions: server has no TCP address');
  return address;
}

async function handle(service: LocalStepFunctions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && (request.url === '/health' || request.url === '/')) {
    send(response, 200, { status: 'ok', stateMachineArn: service.stateMachineArn });
    return;
  }
  const target = request.headers['x-amz-target'];
  const operation =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined;
  if (request.method !== 'POST' || !operation) {
    await drain(request);
    send(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${String(target)}` });
    return;
  }
  let body: unknown;
  try {
    const text = await readBody(request);
    body = text.length === 0 ? {} : JSON.parse(text);
  } catch (error) {
    send(response, 400, { __type: 'SerializationException', message: error instanceof Error ? error.message : 'bad request body' });
    return;
  }
  try {
    send(response, 200, operation(service, body));
  } catch (error) {
    if (error instanceof SfnServiceError) {
      send(response, 400, { __type: error.type, message: error.message });
      return;
    }
    throw error;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function drain(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    request.resume();
    request.on('end', resolve);
    request.on('error', () => resolve());
  });
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  response.end(text);
}
