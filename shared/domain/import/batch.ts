// The township batch: the 候选人 table and the 近亲属 table, validated all or nothing.
import { chinaToday, crossCheckId } from '../idcard.js';
import {
  CandidateRow,
  EDUCATIONS,
  NOMINATION_TYPES,
  POLITICAL_STATUSES,
  POSTS,
  RELATIONS,
  Relative,
  SEXES,
  type CandidateRow as CandidateRowType,
  type Relative as RelativeType,
} from '../model.js';
import {
  parseBirthCell,
  parseEnum,
  parseEthnicity,
  parseIdCell,
  parseName,
  parsePersonName,
  parseSeq,
  type CellResult,
  type IdInfo,
} from './cells.js';
import { correctionsOf, type Correction } from './corrections.js';
import { finishErrors, importError, type ImportError, type ImportErrorCode } from './errors.js';
import { closest, quoteList } from './normalize.js';
import { unitKey, type UnitRegistry } from '../units.js';
import { findSheet, openTable, pickSheet, type DataRow } from './sheet.js';
import {
  CANDIDATE_HEADERS,
  CANDIDATE_SHEET,
  EXAMPLE_ID,
  INSTRUCTIONS_SHEET,
  MAX_BATCH_ROWS,
  MAX_RELATIVE_ROWS,
  OPTIONS_SHEET,
  RELATIVE_HEADERS,
  RELATIVES_SHEET,
  type CandidateHeader,
  type RelativeHeader,
} from './spec.js';
import type { BookRead, RawSheet } from './rows.js';

/** A file of the batch, already read into rows (shared/adapters/files reads the bytes). */
export interface BatchFile {
  filename: string;
  read: BookRead;
}

export interface BatchBooks {
  candidates: BatchFile;
  /** A separate 近亲属 file; an .xlsx batch may carry the 近亲属 sheet itself instead. */
  relatives?: BatchFile;
  /** YYYY-MM-DD; birth dates after it are rejected. Defaults to today in China. */
  today?: string;
  /** The campaign's 行政区划 list: every row's 乡镇(街道) and 村(社区) must be on it. */
  units?: UnitRegistry;
}

export type { Correction } from './corrections.js';

export type BatchResult =
  | {
      ok: true;
      candidates: CandidateRowType[];
      /** `rows[i]` is the sheet row (as Excel numbers it) of `candidates[i]`, for errors found later. */
      rows: number[];
      relatives: RelativeType[];
      /** What was cleaned up on its own (a 15-digit ID upgraded, a space trimmed), by row. */
      corrections: Correction[];
    }
  | { ok: false; errors: ImportError[] };

/** The candidate's accepted value of each column a person may have written differently. */
function candidateCells(row: DataRow<CandidateHeader>, c: CandidateRowType): Array<readonly [string, string, string]> {
  const pairs: Array<[CandidateHeader, string]> = [
    ['姓名', c.name],
    ['性别', c.sex],
    ['民族', c.ethnicity],
    ['身份证号', c.idNumber],
    ['学历', c.education],
    ['政治面貌', c.political],
    ['乡镇(街道)', c.township],
    ['村(社区)', c.village],
    ['拟任职务', c.post],
    ['人选类型', c.nominationType],
  ];
  return pairs.map(([column, value]) => [column, row.display(column), value] as const);
}

function relativeCells(row: DataRow<RelativeHeader>, r: RelativeType): Array<readonly [string, string, string | undefined]> {
  return [
    ['候选人身份证号', row.display('候选人身份证号'), r.candidateIdNumber],
    ['亲属姓名', row.display('亲属姓名'), r.name],
    ['关系', row.display('关系'), r.relation],
    ['亲属身份证号', row.display('亲属身份证号'), r.idNumber],
  ];
}

const YES_NO = ['是', '否'] as const;

type Report = (code: ImportErrorCode, row: number, column: string, value: string, message: string) => void;

function take<T>(result: CellResult<T>, row: DataRow<string>, column: string, report: Report): T | undefined {
  if (result.ok) return result.value;
  report(result.code, row.rowNumber, column, row.display(column), result.message);
  return undefined;
}

/** Names listed in an error message: enough to recognise the list, never the whole county. */
function someNames(names: readonly string[]): string {
  return names.length <= 8 ? quoteList(names) : `${quoteList(names.slice(0, 8))}等 ${names.length} 个`;
}

/** The listed name a person most plausibly meant: a close spelling, or the one name starting the same way (昌国镇 → 昌国街道). */
function suggestName(value: string, names: readonly string[]): string | undefined {
  const near = closest(value, names);
  if (near !== undefined) return near;
  const head = [...unitKey(value)].slice(0, 2).join('');
  const same = names.filter((n) => [...unitKey(n)].slice(0, 2).join('') === head);
  return head.length === 2 && same.length === 1 ? same[0] : undefined;
}

/** A row's township and village must be on the campaign's list (when the list names them). */
function checkUnit(
  row: DataRow<CandidateHeader>,
  township: string,
  village: string | undefined,
  units: UnitRegistry,
  report: Report,
): void {
  const listed = units.townships.find((t) => unitKey(t.name) === unitKey(township));
  if (listed === undefined) {
    const names = units.townships.map((t) => t.name);
    const hint = suggestName(township, names);
    report(
      'TOWNSHIP_NOT_IN_CAMPAIGN',
      row.rowNumber,
      '乡镇(街道)',
      row.display('乡镇(街道)'),
      `"${township}"不在本次换届工作的乡镇（街道）名单中。${hint === undefined ? `名单中有：${someNames(names)}。` : `是不是想填"${hint}"？`}名单有误请联系组织部门。`,
    );
    return;
  }
  if (listed.villages === undefined || village === undefined) return;
  if (listed.villages.some((v) => unitKey(v) === unitKey(village))) return;
  const elsewhere = units.townships.find((t) => t.villages?.some((v) => unitKey(v) === unitKey(village)));
  const hint = suggestName(village, listed.villages);
  const advice =
    elsewhere !== undefined
      ? `名单中"${village}"属于${elsewhere.name}，不属于${listed.name}。`
      : hint === undefined
        ? `${listed.name}的村（社区）有：${someNames(listed.villages)}。`
        : `是不是想填"${hint}"？`;
  report(
    'VILLAGE_NOT_IN_CAMPAIGN',
    row.rowNumber,
    '村(社区)',
    row.display('村(社区)'),
    `"${village}"不在本次换届工作${listed.name}的村（社区）名单中。${advice}名单有误请联系组织部门。`,
  );
}

function parseCandidate(
  row: DataRow<CandidateHeader>,
  today: string,
  report: Report,
  units: UnitRegistry | undefined,
): { candidate?: CandidateRowType; id?: IdInfo } {
  const t = <T>(column: CandidateHeader, result: CellResult<T>): T | undefined => take(result, row, column, report);
  const cell = row.cell;

  const seq = t('序号', parseSeq(cell('序号'), '序号'));
  const name = t('姓名', parsePersonName(cell('姓名'), '姓名'));
  const sex = t('性别', parseEnum(cell('性别'), '性别', SEXES));
  const ethnicity = t('民族', parseEthnicity(cell('民族'), '民族'));
  const id = t('身份证号', parseIdCell(cell('身份证号'), '身份证号', today));
  const birth = t('出生年月', parseBirthCell(cell('出生年月'), '出生年月'));
  const education = t('学历', parseEnum(cell('学历'), '学历', EDUCATIONS));
  const political = t('政治面貌', parseEnum(cell('政治面貌'), '政治面貌', POLITICAL_STATUSES));
  const township = t('乡镇(街道)', parseName(cell('乡镇(街道)'), '乡镇(街道)', true));
  const village = t('村(社区)', parseName(cell('村(社区)'), '村(社区)', true));
  const post = t('拟任职务', parseEnum(cell('拟任职务'), '拟任职务', POSTS));
  const nominationType = t('人选类型', parseEnum(cell('人选类型'), '人选类型', NOMINATION_TYPES));
  const incumbent = t('是否现任', parseEnum(cell('是否现任'), '是否现任', YES_NO));
  if (units !== undefined && township !== undefined) checkUnit(row, township, village, units, report);

  if (id !== undefined) {
    if (id.idNumber === EXAMPLE_ID) {
      report('EXAMPLE_ROW', row.rowNumber, '身份证号', row.display('身份证号'), '这是模板里的示例行，请删除后再上传。');
    }
    const mismatches = crossCheckId(id, {
      ...(sex === undefined ? {} : { sex }),
      ...(birth === undefined ? {} : { birth: birth.value }),
    });
    for (const m of mismatches) report(m.code, row.rowNumber, m.field, row.display(m.field), m.message);
  }

  if (
    seq === undefined ||
    name === undefined ||
    sex === undefined ||
    ethnicity === undefined ||
    id === undefined ||
    birth === undefined ||
    education === undefined ||
    political === undefined ||
    township === undefined ||
    village === undefined ||
    post === undefined ||
    nominationType === undefined ||
    incumbent === undefined
  ) {
    return { id };
  }
  const candidate = CandidateRow.parse({
    seq,
    name,
    sex,
    ethnicity,
    idNumber: id.idNumber,
    birth: birth.value,
    education,
    political,
    township,
    village,
    post,
    nominationType,
    incumbent: incumbent === '是',
  });
  return { candidate, id };
}

function parseRelative(
  row: DataRow<RelativeHeader>,
  today: string,
  batchIds: ReadonlySet<string> | undefined,
  seen: Map<string, number>,
  report: Report,
): RelativeType | undefined {
  const t = <T>(column: RelativeHeader, result: CellResult<T>): T | undefined => take(result, row, column, report);
  const cell = row.cell;

  const candidate = t('候选人身份证号', parseIdCell(cell('候选人身份证号'), '候选人身份证号', today));
  const name = t('亲属姓名', parsePersonName(cell('亲属姓名'), '亲属姓名'));
  const relationResult = parseEnum(cell('关系'), '关系', RELATIONS);
  const relation = t(
    '关系',
    relationResult.ok || relationResult.code !== 'VALUE_NOT_ALLOWED' ? relationResult : { ...relationResult, code: 'RELATION_INVALID' },
  );
  const relativeIdResult = parseIdCell(cell('亲属身份证号'), '亲属身份证号', today, false);
  const relativeId = t('亲属身份证号', relativeIdResult);

  if (candidate !== undefined) {
    if (candidate.idNumber === EXAMPLE_ID) {
      report('EXAMPLE_ROW', row.rowNumber, '候选人身份证号', row.display('候选人身份证号'), '这是模板里的示例行，请删除后再上传。');
    } else if (batchIds !== undefined && !batchIds.has(candidate.idNumber)) {
      report(
        'RELATIVE_UNKNOWN_CANDIDATE',
        row.rowNumber,
        '候选人身份证号',
        row.display('候选人身份证号'),
        '候选人表中没有这个身份证号。近亲属必须对应本批候选人，请核对号码。',
      );
    }
    if (relativeId !== undefined && relativeId.idNumber === candidate.idNumber) {
      report('RELATIVE_SELF', row.rowNumber, '亲属身份证号', row.display('亲属身份证号'), '亲属身份证号与候选人本人的身份证号相同。');
    }
  }
  if (candidate !== undefined && name !== undefined && relation !== undefined) {
    const key = `${candidate.idNumber}|${relativeId?.idNumber ?? `${name}|${relation}`}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report('RELATIVE_DUPLICATE', row.rowNumber, '亲属姓名', row.display('亲属姓名'), `与第${earlier}行是同一位亲属，请删除重复的一行。`);
      return undefined;
    }
    seen.set(key, row.rowNumber);
  }
  if (candidate === undefined || name === undefined || relation === undefined || !relativeIdResult.ok) return undefined;
  return Relative.parse({
    candidateIdNumber: candidate.idNumber,
    name,
    relation,
    ...(relativeId === undefined ? {} : { idNumber: relativeId.idNumber }),
  });
}

const RESERVED = [RELATIVES_SHEET, INSTRUCTIONS_SHEET, OPTIONS_SHEET];

/** Validates the batch's rows, all or nothing: every row/column error is reported at once. */
export function validateBatch(input: BatchBooks): BatchResult {
  const today = input.today ?? chinaToday();
  const errors: ImportError[] = [];
  const corrections: Correction[] = [];

  const book = input.candidates.read;
  if (!book.ok) return { ok: false, errors: book.errors.map((e) => ({ ...e, sheet: CANDIDATE_SHEET })) };

  const reportTo =
    (sheet: string): Report =>
    (code, row, column, value, message) =>
      errors.push(importError(code, row, column, value, message, sheet));

  // Candidates.
  const candidates: CandidateRowType[] = [];
  const rows: number[] = [];
  const ids = new Set<string>();
  let candidatesReadable = false;
  const candidateSheet: RawSheet = pickSheet(book.book.sheets, CANDIDATE_SHEET, RESERVED) ?? { name: CANDIDATE_SHEET, rows: [] };
  const opened = openTable(
    candidateSheet,
    { title: CANDIDATE_SHEET, headers: CANDIDATE_HEADERS, maxRows: MAX_BATCH_ROWS, headerOnlyIsValid: false },
    input.candidates.filename,
  );
  errors.push(...opened.errors);
  if (opened.ok) {
    candidatesReadable = true;
    const report = reportTo(CANDIDATE_SHEET);
    const firstRowOf = new Map<string, number>();
    for (const row of opened.table.rows) {
      const { candidate, id } = parseCandidate(row, today, report, input.units);
      if (id !== undefined) {
        const earlier = firstRowOf.get(id.idNumber);
        if (earlier !== undefined) {
          report(
            'ID_DUPLICATE',
            row.rowNumber,
            '身份证号',
            row.display('身份证号'),
            `身份证号与第${earlier}行重复（第${earlier}行和第${row.rowNumber}行是同一个号码），同一人在一批中只能出现一次。`,
          );
          continue;
        }
        firstRowOf.set(id.idNumber, row.rowNumber);
        ids.add(id.idNumber);
      }
      if (candidate !== undefined) {
        candidates.push(candidate);
        rows.push(row.rowNumber);
        corrections.push(...correctionsOf(CANDIDATE_SHEET, row.rowNumber, candidateCells(row, candidate)));
      }
    }
  }

  // Relatives: a separate file, or the 近亲属 sheet of the batch workbook, not both.
  const sheetInBook = book.book.format === 'xlsx' ? findSheet(book.book.sheets, RELATIVES_SHEET) : undefined;
  let relativesSheet: RawSheet | undefined;
  let relativesFilename = input.candidates.filename;
  if (input.relatives !== undefined) {
    if (sheetInBook !== undefined && sheetInBook.rows.length > 1) {
      errors.push(
        importError(
          'RELATIVES_TWO_SOURCES',
          0,
          '',
          input.relatives.filename,
          '候选人文件的"近亲属"工作表已经填了数据，又单独上传了近亲属文件。请只用其中一种方式。',
          RELATIVES_SHEET,
        ),
      );
    } else {
      const relBook = input.relatives.read;
      if (!relBook.ok) {
        errors.push(...relBook.errors.map((e) => ({ ...e, sheet: RELATIVES_SHEET })));
      } else {
        relativesSheet = findSheet(relBook.book.sheets, RELATIVES_SHEET) ??
          pickSheet(relBook.book.sheets, RELATIVES_SHEET, [INSTRUCTIONS_SHEET, OPTIONS_SHEET, CANDIDATE_SHEET]) ?? {
            name: RELATIVES_SHEET,
            rows: [],
          };
        relativesFilename = input.relatives.filename;
      }
    }
  } else if (sheetInBook !== undefined && sheetInBook.rows.length > 0) {
    relativesSheet = sheetInBook;
  }

  const relatives: RelativeType[] = [];
  if (relativesSheet !== undefined) {
    const relOpened = openTable(
      relativesSheet,
      { title: RELATIVES_SHEET, headers: RELATIVE_HEADERS, maxRows: MAX_RELATIVE_ROWS, headerOnlyIsValid: true },
      relativesFilename,
    );
    errors.push(...relOpened.errors);
    if (relOpened.ok) {
      const report = reportTo(RELATIVES_SHEET);
      const seen = new Map<string, number>();
      const batchIds = candidatesReadable ? ids : undefined;
      for (const row of relOpened.table.rows) {
        const relative = parseRelative(row, today, batchIds, seen, report);
        if (relative !== undefined) {
          relatives.push(relative);
          corrections.push(...correctionsOf(RELATIVES_SHEET, row.rowNumber, relativeCells(row, relative)));
        }
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors: finishErrors(errors) };
  return { ok: true, candidates, rows, relatives, corrections };
}
