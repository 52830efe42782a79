// The vocabulary the generators draw valid-looking values from: the seeded world's strings, and
// uploads of both formats for any file field of any route.
import fc from 'fast-check';
import type { Vocabulary } from './arbitraries.js';
import { anyFile, base64, csvFile, type FileKind, validTable, workbookPool } from './files.js';
import { WORLD_HINTS, WORLD_STRINGS } from './harness.js';

/** Base64 text that is not what a file field should hold. */
const NOT_BASE64 = ['!!!!', '测试', 'data:text/csv;base64,YQ==', 'YQ', '====', ' ', 'a'.repeat(10_001)];

const csvText = (kind: FileKind): Uint8Array =>
  Buffer.from(
    `${validTable(kind)
      .map((r) => r.join(','))
      .join('\r\n')}\r\n`,
    'utf8',
  );

export async function vocabulary(kinds: readonly FileKind[] = ['candidates', 'records']): Promise<Vocabulary> {
  const pools = await Promise.all(kinds.map(async (kind) => ({ kind, pool: await workbookPool(kind) })));
  // Mostly CSV here: the upload suite (uploads.test.ts) gives workbooks their own weight.
  const files = fc.oneof(
    ...pools.map(({ kind }) => ({ weight: 4, arbitrary: csvFile(kind) })),
    ...pools.map(({ kind, pool }) => ({ weight: 1, arbitrary: anyFile(kind, pool) })),
  );
  return {
    strings: WORLD_STRINGS,
    hints: WORLD_HINTS,
    fileContent: fc.oneof({ weight: 9, arbitrary: files.map(base64) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_BASE64) }),
    fileName: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('名单.csv', 'records.csv', '名单.xlsx', 'book.xlsm', 'noext') },
      { weight: 1, arbitrary: fc.constantFrom('a.xls', '../../etc/passwd', '名单\u202evsc.exe', ' ', 'x'.repeat(201)) },
    ),
    validFileContent: fc
      .constantFrom(...kinds.flatMap((kind) => [csvText(kind), ...pools.filter((p) => p.kind === kind).map((p) => p.pool[0])]))
      .map((bytes) => Buffer.from(bytes ?? new Uint8Array()).toString('base64')),
    validFileName: fc.constantFrom('名单.csv', '名单.xlsx', 'records.csv'),
  };
}
