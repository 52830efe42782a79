// Uploaded batch and extract files: read the bytes (read-book.ts), then the domain validates the
// rows. Same names and results as before the split, so callers only see "file in, rows or errors out".
import { validateBatch, type BatchResult } from '../../domain/import/batch.js';
import { validateHolidays, type HolidaysResult } from '../../domain/import/holidays.js';
import { validateRecords, type RecordsResult } from '../../domain/import/records.js';
import { validateUnits, type UnitsResult } from '../../domain/import/units.js';
import type { CampaignTownship, Policy } from '../../domain/model.js';
import type { UnitRegistry } from '../../domain/units.js';
import type { FileReaders } from '../../app/ports.js';
import type { BookRead } from '../../domain/import/rows.js';
import { MAX_RECORD_ROWS, MAX_RELATIVE_ROWS } from '../../domain/import/spec.js';
import { readPolicyFile } from './policy-files.js';
import { readBook, type UploadedFile } from './read-book.js';

export interface BatchInput {
  candidates: UploadedFile;
  /** A separate 近亲属 file; an .xlsx batch may carry the 近亲属 sheet itself instead. */
  relatives?: UploadedFile;
  /** YYYY-MM-DD; birth dates after it are rejected. Defaults to today in China. */
  today?: string;
  /** The campaign's 行政区划 list the rows must keep to. */
  units?: UnitRegistry;
}

export interface RecordsInput extends UploadedFile {
  /** YYYY-MM-DD; a 起始日期 after it is rejected. Defaults to today in China. */
  today?: string;
}

/** Reads the bytes of one upload into rows of cells (inline, or on a worker thread: book-worker.ts). */
export type ReadBook = (file: UploadedFile, opts?: { maxRows?: number }) => Promise<BookRead>;

/** The township batch (候选人 and 近亲属), validated all or nothing. */
export function parseBatch(input: BatchInput): Promise<BatchResult> {
  return parseBatchWith(readBook, input);
}

export async function parseBatchWith(read: ReadBook, input: BatchInput): Promise<BatchResult> {
  const [candidates, relatives] = await Promise.all([
    read(input.candidates),
    input.relatives === undefined ? undefined : read(input.relatives, { maxRows: MAX_RELATIVE_ROWS }),
  ]);
  return validateBatch({
    candidates: { filename: input.candidates.filename, read: candidates },
    ...(input.relatives === undefined || relatives === undefined
      ? {}
      : { relatives: { filename: input.relatives.filename, read: relatives } }),
    ...(input.today === undefined ? {} : { today: input.today }),
    ...(input.units === undefined ? {} : { units: input.units }),
  });
}

/** A department's record extract. A file with only the header means "no records" and is valid. */
export function parseRecords(input: RecordsInput, policy: Policy): Promise<RecordsResult> {
  return parseRecordsWith(readBook, input, policy);
}

export async function parseRecordsWith(read: ReadBook, input: RecordsInput, policy: Policy): Promise<RecordsResult> {
  const bytes = { filename: input.filename, bytes: input.bytes };
  return validateRecords(
    {
      filename: input.filename,
      read: await read(bytes, { maxRows: MAX_RECORD_ROWS }),
      ...(input.today === undefined ? {} : { today: input.today }),
    },
    policy,
  );
}

type UnitsInput = UploadedFile & { existing?: readonly CampaignTownship[] };
type HolidaysInput = UploadedFile & { year: number; source: string };

/** A campaign's 行政区划 list (乡镇(街道), 村(社区), 类型, optionally 乡镇代码). */
export function parseUnits(input: UnitsInput): Promise<UnitsResult> {
  return parseUnitsWith(readBook, input);
}

export async function parseUnitsWith(read: ReadBook, input: UnitsInput): Promise<UnitsResult> {
  return validateUnits({
    filename: input.filename,
    read: await read({ filename: input.filename, bytes: input.bytes }),
    ...(input.existing === undefined ? {} : { existing: input.existing }),
  });
}

/** One year's 放假安排 (日期, 类型 放假/上班, 说明). */
export function parseHolidays(input: HolidaysInput): Promise<HolidaysResult> {
  return parseHolidaysWith(readBook, input);
}

export async function parseHolidaysWith(read: ReadBook, input: HolidaysInput): Promise<HolidaysResult> {
  const book = await read({ filename: input.filename, bytes: input.bytes });
  return validateHolidays({ filename: input.filename, read: book, year: input.year, source: input.source });
}

/** The FileReaders port. */
export const fileReaders: FileReaders = {
  batch: (input) => parseBatch(input),
  records: (input, policy) => parseRecords(input, policy),
  units: (input) => parseUnits(input),
  holidays: (input) => parseHolidays(input),
  policy: (file) => readPolicyFile(file),
};
