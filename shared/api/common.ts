// Pieces of the HTTP contract several routes share. Everything in shared/api is zod over plain
// JSON and domain types, so the portal (built by Vite) can import the inferred types.
import { z } from 'zod';
import { personText } from '../domain/text.js';
import { Actor, Citation, DecisionOutcome, Post, Reason, Sex, VerdictStatus, Warning } from '../domain/model.js';

export { Actor, Citation, Post, Sex };

/** Any error: a Chinese message and a stable code, and for some errors the field or details. */
export const ErrorBody = z.looseObject({
  message: z.string().regex(/[\u4e00-\u9fff]/, 'an error message is in Chinese'),
  field: z.string().optional(),
  in: z.enum(['body', 'query', 'path', 'header']).optional(),
  code: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** One row/column error of an uploaded file (422 `errors`). */
export const ImportErrorBody = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  code: z.string(),
  message: z.string(),
  sheet: z.string().optional(),
});
export type ImportErrorBody = z.infer<typeof ImportErrorBody>;

/** 422 for a file that failed validation: nothing was accepted. */
export const FileRejected = z.object({ message: z.string(), code: z.string().optional(), errors: z.array(ImportErrorBody) });
export type FileRejected = z.infer<typeof FileRejected>;

/** ~7.5 MB of file: API Gateway caps a request at 10 MB and base64 adds a third. */
export const MAX_UPLOAD_BASE64 = 10_000_000;

/**
 * A file through an upload ticket (POST /uploads), past the Lambda payload limit (6 MB a request,
 * about 4 MB of file once base64): a county's extract or a city's batch.
 */
export const MAX_UPLOAD_BYTES = 50_000_000;
export const UploadId = z.string().regex(/^[0-9a-f]{32}$/);

/** A file inside a JSON body, as base64 (a few MB at most: the Lambda payload limit). */
export const InlineFile = z.object({
  filename: personText({ max: 200 }),
  contentBase64: z.string().min(1).max(MAX_UPLOAD_BASE64),
});
export type InlineFile = z.output<typeof InlineFile>;

/** A file put to an upload ticket (POST /uploads) first, named by the ticket's uploadId. */
export const UploadedFile = z.object({ filename: personText({ max: 200 }), uploadId: UploadId }).strict();

const FILE_EITHER = '应含 contentBase64（文件内容，base64）或 uploadId（先经 POST /uploads 上传的文件）';

/** Where a route takes large files (batches, record extracts): inline, or through an upload ticket. */
export const FileUpload = z.union([InlineFile, UploadedFile], { error: FILE_EITHER });
export type FileUpload = z.output<typeof FileUpload>;

export const UploadTicketRequest = z.object({
  filename: personText({ max: 200 }),
  bytes: z
    .number()
    .int()
    .positive()
    .max(MAX_UPLOAD_BYTES, { message: `文件不得超过 ${MAX_UPLOAD_BYTES / 1_000_000} MB` }),
});
export type UploadTicketRequest = z.output<typeof UploadTicketRequest>;

/**
 * PUT the file's bytes to `url` with `headers` before `expiresAt`, then send `{ filename, uploadId }`.
 * `url` is absolute (S3), or a path on the API's own origin (the local stack).
 */
export const UploadTicket = z.object({
  uploadId: UploadId,
  method: z.literal('PUT'),
  url: z.union([z.url({ protocol: /^https?$/ }), z.string().regex(/^\/[^/]/)]),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
  bytes: z.number().int(),
});
export type UploadTicket = z.output<typeof UploadTicket>;

export const FinalStatus = DecisionOutcome;
export type FinalStatus = z.infer<typeof FinalStatus>;

/** The status people see: a final status, or 复核中 (`disputed`) while a township's dispute is open. */
export const ShownStatus = z.union([DecisionOutcome, z.literal('disputed')]);
export type ShownStatus = z.infer<typeof ShownStatus>;

export const ReasonView = Reason.extend({ departmentName: z.string(), text: z.string() });
export const WarningView = Warning.extend({ text: z.string() });

/** A decision as people read it: labels and reasons in Chinese, each with its clause. */
export const DecisionView = z.object({
  outcome: DecisionOutcome,
  finalStatus: FinalStatus,
  /** finalStatus, 复核中 while disputed, or what a dispute's 改变结论 gave. */
  shownStatus: ShownStatus,
  /** 通过 / 不通过 / 待组织部门研判 / 未完成 / 复核中 (of shownStatus) */
  statusLabel: z.string(),
  /** The township's latest dispute of this candidate's decision, if any. */
  dispute: z
    .object({
      status: z.enum(['open', 'ruled']),
      /** 复核中 / 维持原结论 / 改变结论 */
      label: z.string(),
      reason: z.string(),
      openedAt: z.string(),
      attachments: z.array(z.object({ filename: z.string(), sha256: z.string(), bytes: z.number().int() })),
      ruling: z.object({ result: z.enum(['maintain', 'change']), reason: z.string(), ruledAt: z.string() }).nullable(),
    })
    .nullable(),
  reasons: z.array(ReasonView),
  warnings: z.array(WarningView),
  unanswered: z.array(z.object({ department: z.string(), departmentName: z.string(), status: z.string() })),
  unansweredText: z.string(),
  decidedAt: z.string(),
  version: z.number().int(),
  ruling: z
    .object({
      outcome: z.enum(['uphold', 'disqualify']),
      justification: z.string(),
      ruledBy: z.string(),
      ruledAt: z.string(),
      citation: z.string(),
      /** Whether the ruling decides the status now; false while answers are missing or a later concern awaits its own ruling. */
      inEffect: z.boolean(),
      /** In Chinese, what the ruling does now, e.g. 已研判维持提名，待全部部门答复后生效. */
      effectText: z.string(),
    })
    .nullable(),
  /** The organization department may rule now (something is referred and no bar stands). */
  canRule: z.boolean(),
});
export type DecisionView = z.infer<typeof DecisionView>;

export const Progress = z.object({
  /** Departments that answered (clear or findings). */
  answered: z.number().int(),
  /** Departments the candidate is sent to. */
  total: z.number().int(),
  overdue: z.number().int(),
  declined: z.number().int(),
});
export type Progress = z.infer<typeof Progress>;

export const DepartmentMode = z.enum(['auto', 'manual']);

export const CampaignView = z.object({
  id: z.string(),
  name: z.string(),
  jurisdiction: z.string(),
  policyId: z.string(),
  /** The pinned version (policy.version once resolved; null only if the store lacks it). */
  policyVersion: z.string().nullable(),
  electionDate: z.string(),
  referenceDate: z.string(),
  townships: z.array(z.object({ code: z.string(), name: z.string() })),
  createdAt: z.string(),
  createdBy: z.string(),
  policy: z
    .object({
      id: z.string(),
      version: z.string(),
      name: z.string(),
      departments: z.array(z.object({ code: z.string(), name: z.string(), mode: DepartmentMode, slaDays: z.number() })),
      /** The department the organization department itself reviews for: its accounts get that inbox. */
      orgdeptDepartment: z.string().optional(),
    })
    .nullable(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export { VerdictStatus };
