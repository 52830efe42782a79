// The policy workbook a county writes (policy-spec.ts), read from its rows of cells into a Policy,
// all or nothing. Every error names the sheet, the row as Excel shows it and the column. Rows are
// read leniently (a bad cell gets a placeholder) so that one pass reports every mistake, the
// cross-sheet ones too; the policy's consistency rules (policies/check.ts) then run on what was read,
// and each problem is placed back on the cell its value came from.
import {
  EDUCATIONS,
  type Category,
  type Citation,
  type Department,
  type Education,
  type Policy,
  Policy as PolicySchema,
  type PersonRule,
  POSTS,
  type Post,
  type PostBody,
  RELATIONS,
  type Relation,
  type AvoidanceRule,
  type RuleEffect,
  type Severity,
  type StatusOverride,
  type StructureTargets,
  UNIT_KINDS,
  type UnitKind,
  type Window,
} from '../model.js';
import { policyProblems, type PolicyPath } from '../policies/check.js';
import { parseDayCell, plainText } from './cells.js';
import { finishErrors, importError, type ImportError, type ImportErrorCode } from './errors.js';
import { closest, compactText, quoteList } from './normalize.js';
import type { PolicyResult } from './policy-data.js';
import { formatPolicyPath } from './policy-data.js';
import {
  ANCHOR_LABEL,
  AVOIDANCE_HEADERS,
  AVOIDANCE_OPTIONAL_HEADERS,
  type AvoidanceHeader,
  BODY_LABEL,
  CATEGORY_HEADERS,
  CATEGORY_OPTIONAL_HEADERS,
  type CategoryHeader,
  CONDITION_HEADERS,
  CONDITION_OPTIONAL_HEADERS,
  type ConditionHeader,
  DEFAULT_GROUP,
  DEPARTMENT_HEADERS,
  DEPARTMENT_OPTIONAL_HEADERS,
  type DepartmentHeader,
  EFFECT_LABEL,
  END_DATE_LABEL,
  EXAMPLE_POLICY_ID,
  EXEMPT_LABEL,
  GIVES_WAY_LABEL,
  LIST_SEPARATORS,
  MAX_POLICY_ROWS,
  MODE_LABEL,
  NEAR_RELATIVES_LABEL,
  NEGATED_STATUS,
  NO,
  NOMINEE_LABEL,
  OVERALL_TARGET_LABEL,
  POLICY_FIELD,
  POLICY_FIELDS,
  POLICY_KV_HEADERS,
  POLICY_SHEET,
  type PolicyField,
  type PolicyKvHeader,
  REPEATABLE_POLICY_FIELDS,
  REQUIRED_POLICY_FIELDS,
  REQUIRED_POLICY_SHEETS,
  SCOPE_LABEL,
  SEVERITY_LABEL,
  STRUCTURE_HEADERS,
  type StructureHeader,
  type StructureTarget,
  TARGET_LABEL,
  UNTIL_END_LABEL,
  WITHOUT_END_APPLIES,
  YES,
} from './policy-spec.js';
import { type BookRead, type Cell, isBlank, type RawSheet } from './rows.js';
import { TOWNSHIP_SEES, TOWNSHIP_SEES_LABEL } from '../disclosure.js';
import { type DataRow, findSheet, openTable, type TableSpec } from './sheet.js';

export interface PolicyBook {
  filename: string;
  read: BookRead;
}

/** Where a value of the policy came from: its row, and the column of each of its fields. */
interface Place {
  sheet: string;
  row: number;
  /** Field path below the element (dotted, '' for the element itself) → column header. */
  columns: Readonly<Record<string, string>>;
  display(column: string): string;
}

const ZERO_WIDTH = /\u200B|\u200D|\u2060|\uFEFF|\u00AD/g;
const DEPARTMENT_CODE = /^[a-z][a-z0-9-]{1,39}$/;
const POLICY_ID = /^[a-z0-9-]+$/;
const TEXT_LIMIT = 5000;

/** Label → value, for the enumerated columns. */
function invert<K extends string>(labels: Readonly<Record<K, string>>): Map<string, K> {
  const out = new Map<string, K>();
  for (const [k, v] of Object.entries(labels) as Array<[K, string]>) out.set(v, k);
  return out;
}

/** Lines, if the cell has several; else the pieces between 、 (or the commas people type instead). */
function splitList(text: string): string[] {
  const parts = text.includes('\n') ? text.split('\n') : text.split(LIST_SEPARATORS);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Names from a list cell, matched against the known ones. Some names contain 、 themselves
 * (党性不强、作风不实), so neighbouring pieces are joined back when together they make a known name.
 */
function splitKnown(text: string, known: readonly string[]): { found: string[]; unknown: string[] } {
  const byKey = new Map(known.map((k) => [compactText(k), k]));
  const found: string[] = [];
  const unknown: string[] = [];
  if (text.includes('\n')) {
    for (const line of splitList(text)) {
      const hit = byKey.get(compactText(line));
      if (hit === undefined) unknown.push(line);
      else found.push(hit);
    }
    return { found, unknown };
  }
  const pieces = text
    .split('、')
    .flatMap((p) => p.split(/[,，;；]/))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (let i = 0; i < pieces.length; ) {
    let matched = false;
    for (let j = pieces.length; j > i; j--) {
      const hit = byKey.get(compactText(pieces.slice(i, j).join('、')));
      if (hit !== undefined) {
        found.push(hit);
        i = j;
        matched = true;
        break;
      }
    }
    if (!matched) {
      unknown.push(pieces[i] ?? '');
      i += 1;
    }
  }
  return { found, unknown };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The workbook's policy, or every error found in it. */
export function validatePolicyBook(input: PolicyBook): PolicyResult {
  if (!input.read.ok) return { ok: false, errors: input.read.errors.map((e) => ({ ...e, sheet: e.sheet ?? input.filename })) };
  return new PolicyBookReader(input.filename, input.read.book.sheets).read();
}

class PolicyBookReader {
  private readonly errors: ImportError[] = [];
  private readonly reported = new Set<string>();
  private readonly places = new Map<string, Place>();
  private title: string | undefined;
  /** Sheets that could not be read: checks against their contents would only repeat that. */
  private readonly unread = new Set<string>();
  private file: string | undefined;

  constructor(
    private readonly filename: string,
    private readonly sheets: readonly RawSheet[],
  ) {}

  read(): PolicyResult {
    const missing = REQUIRED_POLICY_SHEETS.filter((name) => findSheet(this.sheets, name) === undefined);
    for (const name of missing) {
      this.report(
        name,
        0,
        '',
        '',
        'POLICY_SHEET_MISSING',
        `缺少“${name}”工作表。政策工作簿应有：${REQUIRED_POLICY_SHEETS.join('、')}（可选：${POLICY_SHEET.structure}）。请用模板填写。`,
      );
    }
    const head = this.readPolicySheet();
    const departments = this.readDepartments();
    const categories = this.readCategories();
    const personRules = this.readConditions();
    const avoidance = this.readAvoidance();
    const structure = this.readStructure();
    this.linkDepartments(departments, categories);

    const policy: Policy = {
      ...head,
      ...this.orgdeptDepartment(head.orgdeptDepartment, departments),
      departments: departments.map((d) => d.department),
      categories: categories.map((c) => c.category),
      personRules,
      avoidance,
      ...(structure === undefined ? {} : { structure }),
    };
    const unreadDepartments = this.unread.has(POLICY_SHEET.departments);
    for (const problem of policyProblems(policy)) {
      // Without a 文件名称 every citation lacks its document: that was reported once already.
      if (problem.code === 'POLICY_DOCUMENT_MISSING' && this.title === undefined) continue;
      if (problem.code === 'POLICY_CATEGORY_UNANSWERED' && unreadDepartments) continue;
      const at = this.locate(problem.path);
      this.report(at.sheet, at.row, at.column, at.value, problem.code, problem.message);
    }
    if (this.errors.length > 0) return { ok: false, errors: finishErrors(this.sortedErrors()) };
    const parsed = PolicySchema.safeParse(policy);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => {
        const at = this.locate(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
        return importError('POLICY_SCHEMA', at.row, at.column, at.value, `写法不对：${issue.message}`, at.sheet);
      });
      return { ok: false, errors: finishErrors(errors) };
    }
    return { ok: true, policy: parsed.data };
  }

  // ---------------------------------------------------------------- errors and places

  /** Once per cell and mistake (a cell may be read more than once). */
  private report(sheet: string, row: number, column: string, value: string, code: ImportErrorCode, message: string): void {
    // One error per cell, the first: a cell that could not be read is not also reported as empty.
    const key = JSON.stringify(row > 0 && column !== '' ? [sheet, row, column] : [sheet, row, column, code, message]);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.errors.push(importError(code, row, column, value, message, sheet));
  }

  private readonly SHEET_ORDER: readonly string[] = [
    POLICY_SHEET.policy,
    POLICY_SHEET.departments,
    POLICY_SHEET.categories,
    POLICY_SHEET.conditions,
    POLICY_SHEET.avoidance,
    POLICY_SHEET.structure,
  ];

  /** By sheet, then row: the order a person corrects them in. */
  private sortedErrors(): ImportError[] {
    const order = (e: ImportError) => this.SHEET_ORDER.indexOf(e.sheet ?? '');
    return this.errors
      .map((e, i) => ({ e, i }))
      .sort((a, b) => order(a.e) - order(b.e) || a.e.row - b.e.row || a.i - b.i)
      .map((x) => x.e);
  }

  private place(path: PolicyPath, place: Place): void {
    this.places.set(formatPolicyPath(path), place);
  }

  private locate(path: PolicyPath): { sheet: string; row: number; column: string; value: string } {
    for (let n = path.length; n >= 0; n--) {
      const where = this.places.get(formatPolicyPath(path.slice(0, n)));
      if (where === undefined) continue;
      const rest = path.slice(n).join('.');
      const key = Object.keys(where.columns)
        .filter((k) => k !== '' && (rest === k || rest.startsWith(`${k}.`)))
        .sort((a, b) => b.length - a.length)[0];
      const column = where.columns[key ?? ''] ?? '';
      return { sheet: where.sheet, row: where.row, column, value: column === '' ? '' : where.display(column) };
    }
    return { sheet: POLICY_SHEET.policy, row: 0, column: '', value: '' };
  }

  private rowPlace<H extends string>(sheet: string, row: DataRow<H>, columns: Readonly<Record<string, H>>): Place {
    return { sheet, row: row.rowNumber, columns, display: (column) => row.display(column as H) };
  }

  // ---------------------------------------------------------------- cells

  private open<H extends string>(name: string, spec: Omit<TableSpec<H>, 'title' | 'maxRows'>): DataRow<H>[] {
    const sheet = findSheet(this.sheets, name);
    if (sheet === undefined) {
      this.unread.add(name);
      return [];
    }
    const opened = openTable(sheet, { ...spec, title: name, maxRows: MAX_POLICY_ROWS }, this.filename);
    this.errors.push(...opened.errors);
    if (!opened.ok) this.unread.add(name);
    return opened.ok ? opened.table.rows : [];
  }

  /** The cell's text as written (trimmed, line breaks kept); undefined (reported) for an Excel error value. */
  private text<H extends string>(sheet: string, row: DataRow<H>, column: H): string | undefined {
    const cell: Cell = row.cell(column);
    if (cell.kind === 'error') {
      this.report(
        sheet,
        row.rowNumber,
        column,
        cell.text,
        'CELL_ERROR',
        `“${column}”单元格是 Excel 错误值 ${cell.text}（多半是公式出错），请填写实际内容。`,
      );
      return undefined;
    }
    if (isBlank(cell)) return '';
    const text = plainText(cell).replace(ZERO_WIDTH, '').replace(/\r\n?/g, '\n').trim();
    if ([...text].length > TEXT_LIMIT) {
      this.report(
        sheet,
        row.rowNumber,
        column,
        `${[...text].slice(0, 50).join('')}…`,
        'POLICY_TEXT_INVALID',
        `“${column}”超过${TEXT_LIMIT}个字。`,
      );
      return undefined;
    }
    if (text.includes('\uFFFD')) {
      this.report(sheet, row.rowNumber, column, text, 'POLICY_TEXT_INVALID', `“${column}”中有乱码字符（�），请重新输入。`);
      return undefined;
    }
    return text;
  }

  private required<H extends string>(sheet: string, row: DataRow<H>, column: H): string | undefined {
    const text = this.text(sheet, row, column);
    if (text === '') this.report(sheet, row.rowNumber, column, '', 'VALUE_REQUIRED', `“${column}”不能为空。`);
    return text === '' ? undefined : text;
  }

  /** One of the listed words; `fallback` when blank (undefined: required). */
  private choice<H extends string, V, B = never>(
    sheet: string,
    row: DataRow<H>,
    column: H,
    labels: ReadonlyMap<string, V>,
    code: ImportErrorCode,
    blank?: B,
  ): V | B | undefined {
    const text = this.text(sheet, row, column);
    if (text === undefined) return undefined;
    if (text === '') {
      if (blank !== undefined) return blank;
      this.report(sheet, row.rowNumber, column, '', code, `“${column}”不能为空，可填：${quoteList([...labels.keys()])}。`);
      return undefined;
    }
    const found = labels.get(compactText(text));
    if (found !== undefined) return found;
    const hint = closest(compactText(text), [...labels.keys()]);
    this.report(
      sheet,
      row.rowNumber,
      column,
      text,
      code,
      `“${column}”只能填 ${quoteList([...labels.keys()])} 之一。${hint === undefined ? '' : `是不是想填“${hint}”？`}`,
    );
    return undefined;
  }

  /** Several listed words in one cell (、 between them). */
  private choices<H extends string, V extends string>(
    sheet: string,
    row: DataRow<H>,
    column: H,
    allowed: ReadonlyMap<string, readonly V[]>,
    code: ImportErrorCode,
  ): V[] | undefined {
    const text = this.text(sheet, row, column);
    if (text === undefined || text === '') return undefined;
    const values: V[] = [];
    const bad: string[] = [];
    for (const piece of splitList(text)) {
      const hit = allowed.get(compactText(piece));
      if (hit === undefined) bad.push(piece);
      else values.push(...hit);
    }
    if (bad.length > 0) {
      const names = [...allowed.keys()];
      const hints = bad.map((b) => closest(compactText(b), names)).filter((h) => h !== undefined);
      this.report(
        sheet,
        row.rowNumber,
        column,
        text,
        code,
        `“${column}”中的 ${quoteList(bad)} 不在可填范围内，可填：${quoteList(names)}（多个用“、”分隔）。${hints.length > 0 ? `是不是想填 ${quoteList(hints)}？` : ''}`,
      );
      return undefined;
    }
    return unique(values);
  }

  private wholeNumber<H extends string>(
    sheet: string,
    row: DataRow<H>,
    column: H,
    min: number,
    code: ImportErrorCode,
    what: string,
  ): number | undefined {
    const cell = row.cell(column);
    const text = this.text(sheet, row, column);
    if (text === undefined || text === '') return undefined;
    const n = cell.kind === 'number' ? cell.value : /^\d+$/.test(compactText(text)) ? Number(compactText(text)) : Number.NaN;
    if (Number.isInteger(n) && n >= min && n <= 1000) return n;
    this.report(sheet, row.rowNumber, column, text, code, `“${column}”应为${what}。`);
    return undefined;
  }

  private date<H extends string>(sheet: string, row: DataRow<H>, column: H, label: string = column): string | undefined {
    const parsed = parseDayCell(row.cell(column), `“${label}”`);
    if (parsed.ok) return parsed.value;
    this.report(sheet, row.rowNumber, column, row.display(column), parsed.code, parsed.message);
    return undefined;
  }

  /** 依据条款 and 依据原文: the clause of this policy's document, or 《another document》 and its clause. */
  private citation(clause: string | undefined, quote: string | undefined): Citation {
    let document = this.title;
    let place = clause ?? '';
    const other = /^(《[^》]+》)\s*([\s\S]*)$/.exec(place);
    if (other !== null) {
      document = other[1];
      place = other[2] ?? '';
    }
    return {
      ...(document === undefined ? {} : { document }),
      ...(place === '' ? {} : { clause: place }),
      quote: quote ?? '',
      ...(this.file === undefined ? {} : { file: this.file }),
    };
  }

  // ---------------------------------------------------------------- 政策

  private readPolicySheet(): Pick<
    Policy,
    'id' | 'version' | 'name' | 'jurisdiction' | 'document' | 'source' | 'notes' | 'townshipSees' | 'orgdeptDepartment'
  > {
    const sheet = POLICY_SHEET.policy;
    const rows = this.open<PolicyKvHeader>(sheet, { headers: POLICY_KV_HEADERS, headerOnlyIsValid: false });
    const values = new Map<PolicyField, { row: DataRow<PolicyKvHeader>; text: string }>();
    const notes: Array<{ row: DataRow<PolicyKvHeader>; text: string }> = [];
    const known = new Map(POLICY_FIELDS.map((f) => [compactText(f), f]));
    for (const row of rows) {
      const keyText = this.text(sheet, row, '项目');
      if (keyText === undefined) continue;
      const key = known.get(compactText(keyText));
      if (key === undefined) {
        const hint = closest(compactText(keyText), POLICY_FIELDS);
        this.report(
          sheet,
          row.rowNumber,
          '项目',
          keyText,
          keyText === '' ? 'POLICY_FIELD_MISSING' : 'POLICY_FIELD_UNKNOWN',
          keyText === ''
            ? '“项目”不能为空。'
            : `“${keyText}”不是政策表的项目，可填：${POLICY_FIELDS.join('、')}。${hint === undefined ? '' : `是不是想填“${hint}”？`}`,
        );
        continue;
      }
      const text = key === POLICY_FIELD.date ? '' : this.text(sheet, row, '内容');
      if (text === undefined) continue;
      if (REPEATABLE_POLICY_FIELDS.includes(key)) {
        if (text !== '') notes.push({ row, text });
        continue;
      }
      const seen = values.get(key);
      if (seen !== undefined) {
        this.report(
          sheet,
          row.rowNumber,
          '项目',
          keyText,
          'POLICY_DUPLICATE',
          `“${key}”写了两次（第${seen.row.rowNumber}行已有），请只保留一行。`,
        );
        continue;
      }
      values.set(key, { row, text });
    }
    for (const field of REQUIRED_POLICY_FIELDS) {
      const v = values.get(field);
      if (v === undefined) {
        if (rows.length > 0) this.report(sheet, 0, '项目', field, 'POLICY_FIELD_MISSING', `政策表缺少“${field}”一行。`);
      } else if (v.text === '') {
        this.report(sheet, v.row.rowNumber, '内容', '', 'POLICY_FIELD_MISSING', `“${field}”不能为空。`);
      }
    }
    const get = (field: PolicyField) => values.get(field)?.text || undefined;
    const at = (path: PolicyPath, field: PolicyField) => {
      const v = values.get(field);
      if (v !== undefined) this.place(path, this.rowPlace(sheet, v.row, { '': '内容' }));
    };

    const id = get(POLICY_FIELD.id);
    const idRow = values.get(POLICY_FIELD.id)?.row;
    if (id !== undefined && idRow !== undefined) {
      if (!POLICY_ID.test(id)) {
        this.report(sheet, idRow.rowNumber, '内容', id, 'POLICY_ID_INVALID', '政策编号只能用小写英文字母、数字和“-”，如 xx-county-2027。');
      } else if (id === EXAMPLE_POLICY_ID) {
        this.report(
          sheet,
          idRow.rowNumber,
          '内容',
          id,
          'EXAMPLE_ROW',
          '这是模板里的示例编号，请改成本县的政策编号（如 xx-county-2027），并把各表的示例内容换成本县的。',
        );
      }
    }
    const rawTitle = get(POLICY_FIELD.title);
    // 文件名称 is cited in 《》: added when left out.
    this.title = rawTitle === undefined ? undefined : /^《.*》$/.test(rawTitle) ? rawTitle : `《${rawTitle.replace(/^《|》$/g, '')}》`;
    this.file = get(POLICY_FIELD.file);
    const dateRow = values.get(POLICY_FIELD.date)?.row;
    const date = dateRow === undefined || isBlank(dateRow.cell('内容')) ? undefined : this.date(sheet, dateRow, '内容', POLICY_FIELD.date);
    const number = get(POLICY_FIELD.number);
    const issuer = get(POLICY_FIELD.issuer);

    at(['id'], POLICY_FIELD.id);
    at(['version'], POLICY_FIELD.version);
    at(['name'], values.has(POLICY_FIELD.name) ? POLICY_FIELD.name : POLICY_FIELD.title);
    at(['jurisdiction'], POLICY_FIELD.jurisdiction);
    at(['document'], POLICY_FIELD.title);
    at(['document', 'number'], POLICY_FIELD.number);
    at(['document', 'date'], POLICY_FIELD.date);
    at(['document', 'issuer'], POLICY_FIELD.issuer);
    at(['source'], POLICY_FIELD.sourceQuote);
    at(['source', 'clause'], POLICY_FIELD.sourceClause);
    at(['source', 'document'], POLICY_FIELD.sourceClause);
    at(['source', 'quote'], POLICY_FIELD.sourceQuote);
    at(['orgdeptDepartment'], POLICY_FIELD.orgdeptDepartment);
    notes.forEach((n, i) => {
      this.place(['notes', i], this.rowPlace(sheet, n.row, { '': '内容' }));
    });

    const townshipSees = this.townshipSees(values.get(POLICY_FIELD.townshipSees));
    const orgdeptDepartment = get(POLICY_FIELD.orgdeptDepartment);
    const title = this.title ?? '';
    return {
      ...(townshipSees === undefined ? {} : { townshipSees }),
      ...(orgdeptDepartment === undefined ? {} : { orgdeptDepartment }),
      id: id ?? '',
      version: get(POLICY_FIELD.version) ?? '',
      name: get(POLICY_FIELD.name) ?? title.replace(/^《|》$/g, ''),
      jurisdiction: get(POLICY_FIELD.jurisdiction) ?? '',
      document: {
        title,
        ...(number === undefined ? {} : { number }),
        ...(date === undefined ? {} : { date }),
        ...(issuer === undefined ? {} : { issuer }),
      },
      source: this.citation(get(POLICY_FIELD.sourceClause), get(POLICY_FIELD.sourceQuote)),
      notes: notes.map((n) => n.text),
    };
  }

  /** 组织部门审查部门: a 部门编码, or a 部门名称 of the 部门 sheet (what a county is likelier to write). */
  private orgdeptDepartment(
    written: string | undefined,
    departments: ReadonlyArray<{ department: Department }>,
  ): Pick<Policy, 'orgdeptDepartment'> {
    if (written === undefined) return {};
    const named = departments.find((d) => compactText(d.department.name) === compactText(written));
    return { orgdeptDepartment: named?.department.code ?? written };
  }

  /** 乡镇可见: 类别和条款 (the default) or 全部（含文号）. */
  private townshipSees(v: { row: DataRow<PolicyKvHeader>; text: string } | undefined): Policy['townshipSees'] {
    if (v === undefined || v.text === '') return undefined;
    const text = compactText(v.text);
    const found = TOWNSHIP_SEES.find((k) => compactText(TOWNSHIP_SEES_LABEL[k]).startsWith(text));
    if (found !== undefined) return found;
    this.report(
      POLICY_SHEET.policy,
      v.row.rowNumber,
      '内容',
      v.text,
      'POLICY_DISCLOSURE_INVALID',
      `“${POLICY_FIELD.townshipSees}”只能填：${Object.values(TOWNSHIP_SEES_LABEL).join('、')}。`,
    );
    return undefined;
  }

  // ---------------------------------------------------------------- 部门

  private readDepartments(): Array<{ department: Department; row: DataRow<DepartmentHeader>; listed: string }> {
    const sheet = POLICY_SHEET.departments;
    const rows = this.open<DepartmentHeader>(sheet, {
      headers: DEPARTMENT_HEADERS,
      optionalHeaders: DEPARTMENT_OPTIONAL_HEADERS,
      headerOnlyIsValid: false,
    });
    const modes = invert(MODE_LABEL);
    const scopes = invert(SCOPE_LABEL);
    return rows.map((row, i) => {
      const code = this.required(sheet, row, '部门编码');
      if (code !== undefined && !DEPARTMENT_CODE.test(code)) {
        this.report(
          sheet,
          row.rowNumber,
          '部门编码',
          code,
          'POLICY_CODE_INVALID',
          '部门编码只能用小写英文字母、数字和“-”，以字母开头，2至40个字符，如 public-security（用于部门账号和消息队列）。',
        );
      }
      const name = this.required(sheet, row, '部门名称');
      const mode = this.choice(sheet, row, '答复方式', modes, 'POLICY_MODE_INVALID');
      const sla = this.wholeNumber(sheet, row, '答复时限(工作日)', 1, 'POLICY_SLA_INVALID', '正整数（工作日天数），如 5');
      if (this.text(sheet, row, '答复时限(工作日)') === '') {
        this.report(sheet, row.rowNumber, '答复时限(工作日)', '', 'POLICY_SLA_INVALID', '“答复时限(工作日)”不能为空，填工作日天数，如 5。');
      }
      const scope = this.choice(sheet, row, '询问范围', scopes, 'POLICY_SCOPE_INVALID', 'all');
      this.place(
        ['departments', i],
        this.rowPlace(sheet, row, {
          '': '部门名称',
          code: '部门编码',
          name: '部门名称',
          mode: '答复方式',
          slaDays: '答复时限(工作日)',
          appliesTo: '询问范围',
          categories: '负责类别',
        }),
      );
      return {
        row,
        listed: this.text(sheet, row, '负责类别') ?? '',
        department: {
          // Placeholders keep a bad row out of the duplicate checks; the row is already reported.
          code: code !== undefined && DEPARTMENT_CODE.test(code) ? code : `\u0000${row.rowNumber}`,
          name: name ?? `\u0000${row.rowNumber}`,
          slaDays: sla ?? 1,
          mode: mode ?? 'manual',
          appliesTo: scope ?? 'all',
          categories: [],
        },
      };
    });
  }

  // ---------------------------------------------------------------- 负面清单

  private readCategories(): Array<{ category: Category; row: DataRow<CategoryHeader>; answeredBy: string }> {
    const sheet = POLICY_SHEET.categories;
    const rows = this.open<CategoryHeader>(sheet, {
      headers: CATEGORY_HEADERS,
      optionalHeaders: CATEGORY_OPTIONAL_HEADERS,
      headerOnlyIsValid: false,
    });
    const severities = invert<Severity>(SEVERITY_LABEL);
    const overrideSeverities = new Map<string, Severity | 'none'>([...severities, [EXEMPT_LABEL, 'none']]);
    const endDates = invert(END_DATE_LABEL);
    const out: Array<{ category: Category; row: DataRow<CategoryHeader>; answeredBy: string }> = [];
    const byLabel = new Map<string, number>();
    for (const row of rows) {
      const label = this.required(sheet, row, '类别');
      const mainIndex = label === undefined ? undefined : byLabel.get(compactText(label));
      const main = mainIndex === undefined ? undefined : out[mainIndex];
      if (label !== undefined && main !== undefined && mainIndex !== undefined) {
        this.readException(row, main, mainIndex, overrideSeverities);
        continue;
      }
      const index = out.length;
      if (label !== undefined) byLabel.set(compactText(label), index);
      const severityText = this.text(sheet, row, '结论');
      if (severityText === EXEMPT_LABEL) {
        this.report(
          sheet,
          row.rowNumber,
          '结论',
          severityText,
          'POLICY_SEVERITY_INVALID',
          `“${EXEMPT_LABEL}”只用于同一类别下按状态的例外行；类别本身的结论只能是 ${quoteList(Object.values(SEVERITY_LABEL))}。`,
        );
      }
      const severity = severityText === EXEMPT_LABEL ? undefined : this.choice(sheet, row, '结论', severities, 'POLICY_SEVERITY_INVALID');
      const window = this.window(row);
      const endDate = this.choice(sheet, row, '终止日期含义', endDates, 'POLICY_END_DATE_INVALID', 'lastDayInForce');
      const note = this.text(sheet, row, '研判提示');
      if (note !== undefined && note !== '') {
        this.report(
          sheet,
          row.rowNumber,
          '研判提示',
          note,
          'POLICY_EXCEPTION_FIELD',
          '“研判提示”只用于按状态的例外行（同一类别的第二行起），说明组织部门还要研判什么。',
        );
      }
      const group = this.text(sheet, row, '分组');
      const description = this.text(sheet, row, '填报说明');
      this.place(['categories', index], this.rowPlace(sheet, row, CATEGORY_PLACE));
      out.push({
        row,
        answeredBy: this.text(sheet, row, '负责部门') ?? '',
        category: {
          label: label ?? `\u0000${row.rowNumber}`,
          group: group === undefined || group === '' ? DEFAULT_GROUP : group,
          severity: severity ?? 'bar',
          window: window ?? { kind: 'permanent' },
          endDate: endDate ?? 'lastDayInForce',
          statusOverrides: [],
          citation: this.citation(this.text(sheet, row, '依据条款'), this.text(sheet, row, '依据原文')),
          ...(description === undefined || description === '' ? {} : { description }),
        },
      });
    }
    return out;
  }

  /** 时限(年), 起算日, 适用状态 and 无终止日期时 of a category's own row. */
  private window(row: DataRow<CategoryHeader>): Window | undefined {
    const sheet = POLICY_SHEET.categories;
    const period = this.text(sheet, row, '时限(年)');
    const anchorText = this.text(sheet, row, '起算日');
    const statusText = this.text(sheet, row, '适用状态');
    const withoutEndText = this.text(sheet, row, '无终止日期时');
    if (period === undefined || anchorText === undefined || statusText === undefined || withoutEndText === undefined) return undefined;
    const anchors = invert(ANCHOR_LABEL);
    const anchor = anchorText === '' ? undefined : anchors.get(compactText(anchorText));
    if (anchorText !== '' && anchor === undefined) {
      this.report(
        sheet,
        row.rowNumber,
        '起算日',
        anchorText,
        'POLICY_ANCHOR_INVALID',
        `“起算日”只能填 ${quoteList(Object.values(ANCHOR_LABEL))} 之一（期限从哪个日期起算）。`,
      );
      return undefined;
    }
    let withoutEnd = false;
    if (withoutEndText !== '') {
      if (compactText(withoutEndText) !== WITHOUT_END_APPLIES) {
        this.report(
          sheet,
          row.rowNumber,
          '无终止日期时',
          withoutEndText,
          'POLICY_WITHOUT_END_INVALID',
          `“无终止日期时”只能留空或填“${WITHOUT_END_APPLIES}”（记录没有终止日期，说明仍在执行或仍在查，按适用处理）。`,
        );
        return undefined;
      }
      withoutEnd = true;
    }
    const withoutEndMeaningless = (why: string) => {
      this.report(
        sheet,
        row.rowNumber,
        '无终止日期时',
        withoutEndText,
        'POLICY_WITHOUT_END_INVALID',
        `“无终止日期时”在这里不起作用：${why}请留空。`,
      );
      return undefined;
    };
    const statusConflict = () => {
      this.report(
        sheet,
        row.rowNumber,
        '适用状态',
        statusText,
        'POLICY_WINDOW_CONFLICT',
        '填了“时限(年)”就不能再填“适用状态”：一个类别要么按期限计算，要么按状态判断。按状态有例外的，另起一行写同一类别。',
      );
      return undefined;
    };

    const compact = compactText(period);
    if (compact === UNTIL_END_LABEL) {
      if (statusText !== '') return statusConflict();
      if (anchor === 'start') {
        this.report(
          sheet,
          row.rowNumber,
          '起算日',
          anchorText,
          'POLICY_ANCHOR_INVALID',
          `“${UNTIL_END_LABEL}”按终止日期计算，“起算日”请留空或填“终止日期”。`,
        );
        return undefined;
      }
      // 无终止日期时 适用 is what 至终止日期 does anyway.
      return { kind: 'untilEnd' };
    }
    if (compact !== '') {
      const years = this.period(row, period);
      if (years === undefined) return undefined;
      if (statusText !== '') return statusConflict();
      if (anchor === undefined) {
        this.report(
          sheet,
          row.rowNumber,
          '起算日',
          '',
          'POLICY_WINDOW_NO_ANCHOR',
          `填了时限“${period}”，还要在“起算日”写明从${quoteList(Object.values(ANCHOR_LABEL))}中哪个日期起算。`,
        );
        return undefined;
      }
      if (withoutEnd && anchor !== 'end') return withoutEndMeaningless('期限从起始日期起算，与终止日期无关。');
      return {
        kind: 'years',
        years: years.years,
        ...(years.months === 0 ? {} : { months: years.months }),
        anchor,
        ...(withoutEnd ? { ongoingWithoutEnd: true } : {}),
      };
    }
    if (anchor !== undefined) {
      this.report(
        sheet,
        row.rowNumber,
        '起算日',
        anchorText,
        'POLICY_ANCHOR_WITHOUT_WINDOW',
        '“时限(年)”是空的（长期），不需要“起算日”。有期限的请填写年数；到终止日期为止的填“至终止日期”。',
      );
      return undefined;
    }
    if (statusText === '') {
      if (withoutEnd) return withoutEndMeaningless('类别长期适用（时限为空、适用状态为空）。');
      return { kind: 'permanent' };
    }
    const negated = statusText.startsWith(NEGATED_STATUS.prefix) && statusText.endsWith(NEGATED_STATUS.suffix);
    const statuses = splitList(negated ? statusText.slice(NEGATED_STATUS.prefix.length, -NEGATED_STATUS.suffix.length) : statusText);
    if (statuses.length === 0) {
      this.report(
        sheet,
        row.rowNumber,
        '适用状态',
        statusText,
        'POLICY_STATUS_CONFLICT',
        '“适用状态”没有写出状态，如 在查，或 除已清偿外。',
      );
      return undefined;
    }
    return {
      kind: 'status',
      statuses,
      ...(negated ? { negate: true } : {}),
      ...(withoutEnd ? { alsoWithoutEnd: true } : {}),
    };
  }

  /** 5, 5年, 3年6个月, 6个月. */
  private period(row: DataRow<CategoryHeader>, text: string): { years: number; months: number } | undefined {
    const cell = row.cell('时限(年)');
    if (cell.kind === 'number' && Number.isInteger(cell.value) && cell.value > 0 && cell.value <= 100)
      return { years: cell.value, months: 0 };
    const m = /^(?:(\d{1,3})年?)?(?:(\d{1,2})个?月)?$/.exec(compactText(text));
    const years = Number(m?.[1] ?? 0);
    const months = Number(m?.[2] ?? 0);
    if (m !== null && (m[1] !== undefined || m[2] !== undefined) && years + months > 0 && years <= 100) return { years, months };
    this.report(
      POLICY_SHEET.categories,
      row.rowNumber,
      '时限(年)',
      text,
      'POLICY_WINDOW_INVALID',
      `“时限(年)”应为年数（如 5，或 3年6个月），长期的留空，到终止日期为止的填“${UNTIL_END_LABEL}”。`,
    );
    return undefined;
  }

  /** A further row of a category: what its record means for some 状态 values. */
  private readException(
    row: DataRow<CategoryHeader>,
    main: { category: Category; row: DataRow<CategoryHeader> },
    mainIndex: number,
    severities: ReadonlyMap<string, Severity | 'none'>,
  ): void {
    const sheet = POLICY_SHEET.categories;
    const label = main.category.label;
    const statusText = this.text(sheet, row, '适用状态');
    if (statusText === undefined) return;
    if (statusText === '') {
      this.report(
        sheet,
        row.rowNumber,
        '类别',
        label,
        'POLICY_DUPLICATE',
        `类别“${label}”在第${main.row.rowNumber}行已经写过。同一类别再写一行，只能用来写按状态的例外：请填写“适用状态”（如 已处罚到位）和该状态下的“结论”；否则请删除这一行或改用别的类别名称。`,
      );
      return;
    }
    if (statusText.startsWith(NEGATED_STATUS.prefix) && statusText.endsWith(NEGATED_STATUS.suffix)) {
      this.report(
        sheet,
        row.rowNumber,
        '适用状态',
        statusText,
        'POLICY_STATUS_CONFLICT',
        '例外行要写出具体的状态（如 已处罚到位），不能用“除…外”。',
      );
      return;
    }
    for (const column of ['分组', '时限(年)', '起算日', '无终止日期时', '终止日期含义', '负责部门', '填报说明'] as const) {
      const own = this.text(sheet, row, column);
      if (own === undefined || own === '') continue;
      if (compactText(own) !== compactText(main.row.display(column))) {
        this.report(
          sheet,
          row.rowNumber,
          column,
          own,
          'POLICY_EXCEPTION_FIELD',
          `这一行是类别“${label}”按状态的例外，“${column}”沿用第${main.row.rowNumber}行，请留空（例外行只填 类别、结论、适用状态、依据条款、依据原文、研判提示）。`,
        );
      }
    }
    const severity = this.choice(sheet, row, '结论', severities, 'POLICY_SEVERITY_INVALID');
    const note = this.text(sheet, row, '研判提示');
    const j = main.category.statusOverrides.length;
    this.place(
      ['categories', mainIndex, 'statusOverrides', j],
      this.rowPlace(sheet, row, { ...CATEGORY_PLACE, statuses: '适用状态', note: '研判提示' }),
    );
    const override: StatusOverride = {
      statuses: splitList(statusText),
      severity: severity ?? 'concern',
      citation: this.citation(this.text(sheet, row, '依据条款'), this.text(sheet, row, '依据原文')),
      ...(note === undefined || note === '' ? {} : { note }),
    };
    main.category.statusOverrides.push(override);
  }

  /** 部门.负责类别 and 负面清单.负责部门: who answers which category. */
  private linkDepartments(
    departments: ReadonlyArray<{ department: Department; row: DataRow<DepartmentHeader>; listed: string }>,
    categories: ReadonlyArray<{ category: Category; row: DataRow<CategoryHeader>; answeredBy: string }>,
  ): void {
    const labels = categories.map((c) => c.category.label).filter((l) => !l.startsWith('\u0000'));
    const unreadCategories = this.unread.has(POLICY_SHEET.categories);
    departments.forEach((d, i) => {
      const { found, unknown } = splitKnown(d.listed, labels);
      for (const label of unreadCategories ? [] : unknown) {
        const hint = closest(compactText(label), labels);
        this.report(
          POLICY_SHEET.departments,
          d.row.rowNumber,
          '负责类别',
          d.listed,
          'POLICY_CATEGORY_UNKNOWN',
          `“${label}”不是负面清单中的类别。${hint === undefined ? `负面清单的类别有：${quoteList(labels)}。` : `是不是想填“${hint}”？`}`,
        );
      }
      for (const label of unique(found)) {
        this.place(
          ['departments', i, 'categories', d.department.categories.length],
          this.rowPlace(POLICY_SHEET.departments, d.row, { '': '负责类别' }),
        );
        d.department.categories.push(label);
      }
    });
    const names = departments.flatMap((d) => [d.department.name, d.department.code]).filter((n) => !n.startsWith('\u0000'));
    for (const c of categories) {
      if (c.answeredBy === '') continue;
      const { found, unknown } = splitKnown(c.answeredBy, names);
      for (const name of this.unread.has(POLICY_SHEET.departments) ? [] : unknown) {
        const hint = closest(compactText(name), names);
        this.report(
          POLICY_SHEET.categories,
          c.row.rowNumber,
          '负责部门',
          c.answeredBy,
          'POLICY_DEPARTMENT_UNKNOWN',
          `“${name}”不是部门表中的部门（填部门名称或部门编码）。${hint === undefined ? `部门表有：${quoteList(departments.map((d) => d.department.name).filter((n) => !n.startsWith('\u0000')))}。` : `是不是想填“${hint}”？`}`,
        );
      }
      for (const name of found) {
        const index = departments.findIndex((d) => d.department.name === name || d.department.code === name);
        const d = departments[index];
        if (d === undefined || d.department.categories.includes(c.category.label)) continue;
        this.place(
          ['departments', index, 'categories', d.department.categories.length],
          this.rowPlace(POLICY_SHEET.categories, c.row, { '': '负责部门' }),
        );
        d.department.categories.push(c.category.label);
      }
    }
  }

  // ---------------------------------------------------------------- 人选条件

  private readConditions(): PersonRule[] {
    const sheet = POLICY_SHEET.conditions;
    const rows = this.open<ConditionHeader>(sheet, {
      headers: CONDITION_HEADERS,
      optionalHeaders: CONDITION_OPTIONAL_HEADERS,
      headerOnlyIsValid: true,
    });
    const effects = invert<RuleEffect>(EFFECT_LABEL);
    const nominees = new Map<string, boolean | 'all'>([
      [NOMINEE_LABEL.new, false],
      [NOMINEE_LABEL.continuing, true],
      [NOMINEE_LABEL.all, 'all'],
    ]);
    const sexes = new Map<string, '男' | '女'>([
      ['男', '男'],
      ['女', '女'],
    ]);
    const posts = new Map<string, readonly Post[]>(POSTS.map((p) => [p, [p]]));
    const kinds = new Map<string, readonly UnitKind[]>(UNIT_KINDS.map((k) => [k, [k]]));
    const educations = new Map<string, Education>(EDUCATIONS.map((e) => [e, e]));
    return rows.map((row, i) => {
      const id = this.text(sheet, row, '条件编号');
      const label = this.required(sheet, row, '条件名称');
      const effect = this.choice(sheet, row, '结论', effects, 'POLICY_SEVERITY_INVALID');
      const nominee = this.choice(sheet, row, '适用人选', nominees, 'POLICY_NOMINEE_INVALID', 'all');
      const sex = this.choice(sheet, row, '性别', sexes, 'POLICY_SEX_INVALID', 'any');
      const limit = this.wholeNumber(sheet, row, '年龄上限(周岁,含本数)', 0, 'POLICY_AGE_INVALID', '整数周岁，如 45（“45周岁以下”填 45）');
      const bornText = this.text(sheet, row, '出生日期不早于');
      const bornBefore = bornText === undefined || bornText === '' ? undefined : this.date(sheet, row, '出生日期不早于');
      const education = this.choice(sheet, row, '最低学历', educations, 'POLICY_EDUCATION_UNKNOWN', 'any');
      const postList = this.choices(sheet, row, '适用职务', posts, 'POLICY_POST_UNKNOWN');
      const kindList = this.choices(sheet, row, '单位类型', kinds, 'POLICY_UNIT_KIND_UNKNOWN');
      this.place(
        ['personRules', i],
        this.rowPlace(sheet, row, {
          '': '条件名称',
          id: '条件编号',
          label: '条件名称',
          effect: '结论',
          when: '条件名称',
          'when.incumbent': '适用人选',
          'when.sex': '性别',
          'when.ageAtLeast': '年龄上限(周岁,含本数)',
          'when.bornBefore': '出生日期不早于',
          'when.educationBelow': '最低学历',
          'when.posts': '适用职务',
          'when.unitKinds': '单位类型',
          citation: '依据原文',
          'citation.clause': '依据条款',
          'citation.document': '依据条款',
          'citation.quote': '依据原文',
        }),
      );
      return {
        id: id === undefined || id === '' ? `condition-${i + 1}` : id,
        label: label ?? `\u0000${row.rowNumber}`,
        effect: effect ?? 'warning',
        when: {
          ...(nominee === undefined || nominee === 'all' ? {} : { incumbent: nominee }),
          ...(sex === undefined || sex === 'any' ? {} : { sex }),
          ...(limit === undefined ? {} : { ageAtLeast: limit + 1 }),
          ...(bornBefore === undefined ? {} : { bornBefore }),
          ...(education === undefined || education === 'any' ? {} : { educationBelow: education }),
          ...(postList === undefined ? {} : { posts: postList }),
          ...(kindList === undefined ? {} : { unitKinds: kindList }),
        },
        citation: this.citation(this.text(sheet, row, '依据条款'), this.text(sheet, row, '依据原文')),
      };
    });
  }

  // ---------------------------------------------------------------- 回避

  private readAvoidance(): AvoidanceRule[] {
    const sheet = POLICY_SHEET.avoidance;
    const rows = this.open<AvoidanceHeader>(sheet, {
      headers: AVOIDANCE_HEADERS,
      optionalHeaders: AVOIDANCE_OPTIONAL_HEADERS,
      headerOnlyIsValid: true,
    });
    const relations = new Map<string, readonly Relation[]>([
      ...RELATIONS.map((r): [string, readonly Relation[]] => [r, [r]]),
      [NEAR_RELATIVES_LABEL, RELATIONS],
      // How the documents write them.
      ['夫妻', ['配偶']],
      ['父母子女', ['父母', '子女']],
    ]);
    const bodies = new Map<string, readonly PostBody[]>(Object.entries(BODY_LABEL).map(([k, v]) => [v, [k as PostBody]]));
    const givesWay = invert(GIVES_WAY_LABEL);
    return rows.map((row, i) => {
      const id = this.text(sheet, row, '规则编号');
      const label = this.required(sheet, row, '规则名称');
      const relationText = this.text(sheet, row, '关系');
      if (relationText === '')
        this.report(
          sheet,
          row.rowNumber,
          '关系',
          '',
          'VALUE_REQUIRED',
          `“关系”不能为空：填“${NEAR_RELATIVES_LABEL}”或具体关系，如 配偶、父母、子女、兄弟姐妹。`,
        );
      const related = this.choices(sheet, row, '关系', relations, 'POLICY_RELATION_UNKNOWN');
      const sides = (['一方职务', '另一方职务'] as const).map((column) => {
        if (this.text(sheet, row, column) === '')
          this.report(
            sheet,
            row.rowNumber,
            column,
            '',
            'VALUE_REQUIRED',
            `“${column}”不能为空，可填：${quoteList(Object.values(BODY_LABEL))}（多个用“、”分隔）。`,
          );
        return this.choices(sheet, row, column, bodies, 'POLICY_BODY_UNKNOWN');
      });
      const way = this.choice(sheet, row, '回避方式', givesWay, 'POLICY_GIVES_WAY_INVALID');
      this.place(
        ['avoidance', i],
        this.rowPlace(sheet, row, {
          '': '规则名称',
          id: '规则编号',
          label: '规则名称',
          relations: '关系',
          'between.0': '一方职务',
          'between.1': '另一方职务',
          between: '一方职务',
          givesWay: '回避方式',
          citation: '依据原文',
          'citation.clause': '依据条款',
          'citation.document': '依据条款',
          'citation.quote': '依据原文',
        }),
      );
      const RELATION_ORDER = (r: Relation) => RELATIONS.indexOf(r);
      return {
        id: id === undefined || id === '' ? `avoidance-${i + 1}` : id,
        label: label ?? `\u0000${row.rowNumber}`,
        relations:
          related === undefined
            ? ['配偶']
            : related.length === RELATIONS.length
              ? [...related].sort((a, b) => RELATION_ORDER(a) - RELATION_ORDER(b))
              : related,
        between: [sides[0] ?? ['committee'], sides[1] ?? ['committee']],
        givesWay: way ?? 'either',
        citation: this.citation(this.text(sheet, row, '依据条款'), this.text(sheet, row, '依据原文')),
      };
    });
  }

  // ---------------------------------------------------------------- 班子结构

  private readStructure(): StructureTargets | undefined {
    const sheet = POLICY_SHEET.structure;
    const rows = this.open<StructureHeader>(sheet, { headers: STRUCTURE_HEADERS, headerOnlyIsValid: true });
    if (rows.length === 0) return undefined;
    const targets = new Map<string, StructureTarget | 'overall'>([
      ...Object.entries(TARGET_LABEL).map(([k, v]): [string, StructureTarget] => [v, k as StructureTarget]),
      [OVERALL_TARGET_LABEL, 'overall'],
    ]);
    const educations = new Map<string, Education>(EDUCATIONS.map((e) => [e, e]));
    const seen = new Map<string, number>();
    const read: Array<{ target: StructureTarget | 'overall'; row: DataRow<StructureHeader>; citation: Citation | undefined }> = [];
    const values: Partial<Pick<StructureTargets, StructureTarget>> = {};
    for (const row of rows) {
      const target = this.choice(sheet, row, '目标', targets, 'POLICY_TARGET_UNKNOWN');
      if (target === undefined) continue;
      const before = seen.get(target);
      if (before !== undefined) {
        this.report(
          sheet,
          row.rowNumber,
          '目标',
          row.display('目标'),
          'POLICY_DUPLICATE',
          `“${row.display('目标')}”写了两次（第${before}行已有）。`,
        );
        continue;
      }
      seen.set(target, row.rowNumber);
      const requirement = this.text(sheet, row, '要求') ?? '';
      const bad = (what: string) =>
        this.report(sheet, row.rowNumber, '要求', requirement, 'POLICY_TARGET_INVALID', `“${row.display('目标')}”的“要求”应为${what}。`);
      if (target === 'minWomen' || target === 'minUnder35') {
        const n = this.wholeNumber(sheet, row, '要求', 0, 'POLICY_TARGET_INVALID', '人数（整数），如 1');
        if (requirement === '') bad('人数（整数），如 1');
        if (n !== undefined) values[target] = n;
      } else if (target === 'minEducation') {
        const e = educations.get(compactText(requirement));
        if (e === undefined) bad(`学历：${EDUCATIONS.join('、')} 之一`);
        else values.minEducation = e;
      } else if (target === 'oneShoulder') {
        if (compactText(requirement) === YES) values.oneShoulder = true;
        else if (compactText(requirement) === NO) values.oneShoulder = false;
        else bad(`“${YES}”或“${NO}”`);
      } else if (requirement !== '') {
        bad('空（这一行只写各项目标共同的依据）');
      }
      const clause = this.text(sheet, row, '依据条款');
      const quote = this.text(sheet, row, '依据原文');
      const blank = (clause ?? '') === '' && (quote ?? '') === '';
      read.push({ target, row, citation: blank ? undefined : this.citation(clause, quote) });
    }
    const overall = read.find((r) => r.target === 'overall');
    const own = read.filter((r): r is typeof r & { target: StructureTarget } => r.target !== 'overall');
    const citationPlace = (row: DataRow<StructureHeader>) =>
      this.rowPlace(sheet, row, { '': '依据原文', clause: '依据条款', document: '依据条款', quote: '依据原文' });
    for (const r of own) this.place(['structure', r.target], this.rowPlace(sheet, r.row, { '': '要求' }));
    if (overall !== undefined) {
      this.place(['structure', 'citation'], citationPlace(overall.row));
      const targetCitations: NonNullable<StructureTargets['targetCitations']> = {};
      for (const r of own) {
        if (r.citation === undefined) continue;
        targetCitations[r.target] = r.citation;
        this.place(['structure', 'targetCitations', r.target], citationPlace(r.row));
      }
      return {
        ...values,
        citation: overall.citation ?? this.citation(undefined, undefined),
        ...(Object.keys(targetCitations).length === 0 ? {} : { targetCitations }),
      };
    }
    const first = own[0];
    if (first === undefined) return undefined;
    this.place(['structure', 'citation'], citationPlace(first.row));
    const citations = own.map((r) => r.citation ?? this.citation(undefined, undefined));
    const same = citations.every((c) => JSON.stringify(c) === JSON.stringify(citations[0]));
    if (same) return { ...values, citation: citations[0] ?? this.citation(undefined, undefined) };
    const targetCitations: NonNullable<StructureTargets['targetCitations']> = {};
    own.forEach((r, k) => {
      targetCitations[r.target] = citations[k] ?? this.citation(undefined, undefined);
      this.place(['structure', 'targetCitations', r.target], citationPlace(r.row));
    });
    return { ...values, citation: citations[0] ?? this.citation(undefined, undefined), targetCitations };
  }
}

/** Where each field of a category (or of one of its exceptions) sits on its row. */
const CATEGORY_PLACE: Readonly<Record<string, CategoryHeader>> = {
  '': '类别',
  label: '类别',
  group: '分组',
  severity: '结论',
  window: '时限(年)',
  'window.anchor': '起算日',
  'window.statuses': '适用状态',
  'window.ongoingWithoutEnd': '无终止日期时',
  'window.alsoWithoutEnd': '无终止日期时',
  endDate: '终止日期含义',
  description: '填报说明',
  citation: '依据原文',
  'citation.clause': '依据条款',
  'citation.document': '依据条款',
  'citation.quote': '依据原文',
};
