// Uploaded batch and extract files: read the bytes (read-book.ts), then the domain validates the
// rows. Same names and results as before the split, so callers only see "file in, rows or errors out".
import { validateBatch, type BatchResult } from '../../domain/import/batch.js';
import { validateRecords, type RecordsResult } from '../../domain/import/records.js';
import type { Policy } from '../../domain/model.js';
import type { FileReaders } from '../../app/ports.js';
import { readPolicyFile } from './policy-files.js';
import { readBook, type UploadedFile } from './read-book.js';

export interface BatchInput {
  candidates: UploadedFile;
  /** A separate 近亲属 file; an .xlsx batch may carry the 近亲属 sheet itself instead. */
  relatives?: UploadedFile;
  /** YYYY-MM-DD; birth dates after it are rejected. Defaults to today in China. */
  today?: string;
}

export interface RecordsInput extends UploadedFile {
  /** YYYY-MM-DD; a 起始日期 after it is rejected. Defaults to today in China. */
  today?: string;
}

/** The township batch (候选人 and 近亲属), validated all or nothing. */
export async function parseBatch(input: BatchInput): Promise<BatchResult> {
  const [candidates, relatives] = await Promise.all([
    readBook(input.candidates),
    input.relatives === undefined ? undefined : readBook(input.relatives),
  ]);
  return validateBatch({
    candidates: { filename: input.candidates.filename, read: candidates },
    ...(input.relatives === undefined || relatives === undefined
      ? {}
      : { relatives: { filename: input.relatives.filename, read: relatives } }),
    ...(input.today === undefined ? {} : { today: input.today }),
  });
}

/** A department's record extract. A file with only the header means "no records" and is valid. */
export async function parseRecords(input: RecordsInput, policy: Policy): Promise<RecordsResult> {
  return validateRecords(
    { filename: input.filename, read: await readBook(input), ...(input.today === undefined ? {} : { today: input.today }) },
    policy,
  );
}

/** The FileReaders port. */
export const fileReaders: FileReaders = {
  batch: (input) => parseBatch(input),
  records: (input, policy) => parseRecords(input, policy),
  policy: (file) => readPolicyFile(file),
};
