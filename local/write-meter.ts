// DynamoDB write units as AWS bills them, counted on the requests the code sends: what the
// benchmark reports as writeUnitsPerCandidate and what the model test holds WRITE_PATH to.
//
// Billing (AWS): 1 unit per started KB of each item written (a failed conditional write too), 2 per
// KB inside a transaction, and the copies into every GSI the item is projected into. Single writes
// ask DynamoDB Local for their ConsumedCapacity (INDEXES: table and GSIs), which it reports as AWS
// would. Inside a transaction it does not (three small Puts: 4 where AWS bills 6), so the table part
// of a transaction is counted here from the request: 2 per started KB of each Put item (sized as AWS
// sizes items), 2 for each Update, Delete and ConditionCheck (the items this code touches that way
// are under 1 KB), plus the GSI units DynamoDB Local reports.
//
// The meter is an HTTP proxy in front of DynamoDB Local, so every client of every thread (the
// checker thread has its own SDK clients) is counted without touching the code under measurement.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'] as const;
type WriteOperation = (typeof WRITES)[number];
const isWrite = (op: string): op is WriteOperation => (WRITES as readonly string[]).includes(op);

const Capacity = z.looseObject({
  CapacityUnits: z.number().optional(),
  GlobalSecondaryIndexes: z.record(z.string(), z.looseObject({ CapacityUnits: z.number().optional() })).optional(),
});
const Output = z.looseObject({ ConsumedCapacity: z.union([Capacity, z.array(Capacity)]).optional() });
const AttributeMap = z.record(z.string(), z.unknown());
const TransactInput = z.looseObject({
  TransactItems: z.array(z.looseObject({ Put: z.looseObject({ Item: AttributeMap }).optional() })),
});
const SingleInput = z.looseObject({ Item: AttributeMap.optional() });

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === 'string');

/**
 * The size AWS bills for an attribute value (DynamoDB JSON), per the DynamoDB item-size rules. Plain
 * type guards, no schema: the meter sizes every item written and must not cost the run much.
 */
function valueBytes(value: unknown): number {
  if (!isMap(value)) return 0;
  const entries: [string, unknown][] = Object.entries(value);
  const [type, inner] = entries[0] ?? ['', undefined];
  switch (type) {
    case 'S':
      return typeof inner === 'string' ? Buffer.byteLength(inner, 'utf8') : 0;
    case 'N':
      // 1 byte per two significant digits, plus 1.
      return typeof inner === 'string' ? Math.ceil(inner.replace(/[-+.]/g, '').replace(/^0+|0+$/g, '').length / 2) + 1 : 0;
    case 'B':
      return typeof inner === 'string' ? Buffer.from(inner, 'base64').length : 0;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
    case 'BS': {
      const kind = type.slice(0, 1);
      return isStrings(inner) ? inner.reduce((n, s) => n + valueBytes({ [kind]: s }), 0) : 0;
    }
    case 'L':
      return 3 + (Array.isArray(inner) ? inner.reduce<number>((n, e) => n + 1 + valueBytes(e), 0) : 0);
    case 'M':
      return 3 + (isMap(inner) ? itemBytes(inner) + Object.keys(inner).length : 0);
    default:
      return 0;
  }
}

/** An item's billed size in bytes: every attribute's name plus its value. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name, 'utf8') + valueBytes(value), 0);
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const gsiUnits = (c: z.infer<typeof Capacity>) =>
  Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, g) => n + (g.CapacityUnits ?? 0), 0);

/**
 * The units one write request costs on AWS, from its input and DynamoDB Local's output (asked with
 * ReturnConsumedCapacity INDEXES), or its input alone when it failed (a failed conditional write
 * is billed as a write of the item).
 */
export function writeUnitsOf(operation: WriteOperation, input: unknown, output: unknown | undefined): number {
  const consumed = output === undefined ? undefined : Output.safeParse(output).data?.ConsumedCapacity;
  const reported = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  if (operation === 'TransactWriteItems') {
    const items = TransactInput.safeParse(input).data?.TransactItems ?? [];
    const table = items.reduce((n, item) => n + 2 * (item.Put === undefined ? 1 : kb(itemBytes(item.Put.Item))), 0);
    return table + reported.reduce((n, c) => n + gsiUnits(c), 0);
  }
  if (output === undefined) {
    const item = SingleInput.safeParse(input).data?.Item;
    return operation === 'PutItem' && item !== undefined ? kb(itemBytes(item)) : 1;
  }
  return reported.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
}

/** The request asking for its consumed capacity per index (unless it already asks for that). */
export function askForCapacity(input: Record<string, unknown>): Record<string, unknown> {
  return { ...input, ReturnConsumedCapacity: 'INDEXES' };
}

export interface WriteMeterReading {
  units: number;
  /** Write requests by operation (failed ones included). */
  requests: Record<string, number>;
  /** Units and requests by operation and the kind of item written (its sort key up to the first #): the profile of the write path. */
  byKind: Record<string, { requests: number; units: number }>;
  /** Read requests by operation and what they read (readKindOf): where DynamoDB Local's reading goes. */
  reads: Record<string, number>;
}

const KeyedInput = z.looseObject({
  Key: AttributeMap.optional(),
  Item: AttributeMap.optional(),
  TransactItems: z.array(z.record(z.string(), z.looseObject({ Key: AttributeMap.optional(), Item: AttributeMap.optional() }))).optional(),
});
const StringValue = z.object({ S: z.string() });

/** The kind of item a write request touches: the sort key up to its first '#' (a transaction: its first item's). */
export function kindOf(operation: WriteOperation, input: unknown): string {
  const parsed = KeyedInput.safeParse(input).data;
  const first = parsed?.TransactItems?.[0];
  const target = first === undefined ? parsed : Object.values(first)[0];
  const keyed = target?.Key ?? target?.Item;
  return `${operation}:${itemKind(keyed?.['sk'], keyed?.['pk'])}`;
}

/** A key attribute's text up to its first '#'. */
function prefixOf(value: unknown): string | undefined {
  return StringValue.safeParse(value).data?.S.split('#')[0];
}

/** An item's kind: its sort key up to the first '#' when that is a kind (VERDICT), else its partition key's (DEPT for extract rows, whose sort key starts with a campaign id). */
function itemKind(sk: unknown, pk: unknown): string {
  const kind = prefixOf(sk);
  if (kind !== undefined && /^[A-Z][A-Z_]*$/.test(kind)) return kind;
  return prefixOf(pk) ?? kind ?? '?';
}

const ReadInput = z.looseObject({
  IndexName: z.string().optional(),
  Key: AttributeMap.optional(),
  KeyConditionExpression: z.string().optional(),
  ExpressionAttributeValues: AttributeMap.optional(),
  RequestItems: z.record(z.string(), z.looseObject({ Keys: z.array(AttributeMap).optional() })).optional(),
});

/**
 * What a read request reads: the sort key's kind for a GetItem or BatchGetItem (its first key),
 * the index and the partition's kind (up to its first '#') for a Query.
 */
export function readKindOf(operation: string, input: unknown): string {
  const parsed = ReadInput.safeParse(input).data;
  if (operation === 'Query') {
    const placeholder = /=\s*(:\w+)/.exec(parsed?.KeyConditionExpression ?? '')?.[1];
    return `Query:${parsed?.IndexName ?? 'table'}:${placeholder === undefined ? '?' : (prefixOf(parsed?.ExpressionAttributeValues?.[placeholder]) ?? '?')}`;
  }
  if (operation === 'BatchGetItem') {
    const first = Object.values(parsed?.RequestItems ?? {})[0]?.Keys?.[0];
    return `BatchGetItem:${itemKind(first?.['sk'], first?.['pk'])}`;
  }
  return `${operation}:${itemKind(parsed?.Key?.['sk'], parsed?.Key?.['pk'])}`;
}

export interface WriteMeter {
  /** Point DynamoDB clients here instead of at DynamoDB Local. */
  endpoint: string;
  reading(): WriteMeterReading;
  stop(): Promise<void>;
}

/** Starts the metering proxy in front of the DynamoDB endpoint `target`. */
export async function startWriteMeter(target: string): Promise<WriteMeter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const reading: WriteMeterReading = { units: 0, requests: {}, byKind: {}, reads: {} };
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, onBody: (status: number, body: Buffer) => void) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const answer = Buffer.concat(chunks);
        onBody(up.statusCode ?? 500, answer);
        res.writeHead(up.statusCode ?? 500, up.headers);
        res.end(answer);
      });
      up.on('error', () => res.destroy());
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  /** A read (anything but a write) is counted by its request; its answer streams back unbuffered. */
  const pipeBack = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 500, up.headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!isWrite(operation)) {
        const kind = readKindOf(operation, safeJson(raw));
        reading.reads[kind] = (reading.reads[kind] ?? 0) + 1;
        pipeBack(req, res, raw);
        return;
      }
      const parsed = AttributeMap.safeParse(safeJson(raw));
      if (!parsed.success) {
        forward(req, res, raw, () => undefined);
        return;
      }
      const input = askForCapacity(parsed.data);
      forward(req, res, Buffer.from(JSON.stringify(input)), (status, answer) => {
        reading.requests[operation] = (reading.requests[operation] ?? 0) + 1;
        const units = writeUnitsOf(operation, input, status === 200 ? safeJson(answer) : undefined);
        reading.units += units;
        const kind = kindOf(operation, input);
        const tally = reading.byKind[kind] ?? { requests: 0, units: 0 };
        reading.byKind[kind] = { requests: tally.requests + 1, units: tally.units + units };
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = z.custom<AddressInfo>((a) => typeof a === 'object' && a !== null && 'port' in a).parse(server.address());
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reading: () => ({
      units: reading.units,
      requests: { ...reading.requests },
      byKind: structuredClone(reading.byKind),
      reads: { ...reading.reads },
    }),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
