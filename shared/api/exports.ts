// Contract of the asynchronous exports (batchesApi): POST /exports, GET /exports, GET /exports/{id}.
import { z } from 'zod';
import { BatchId } from './batches.js';

const Code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ExportKind = z.enum(['clearance', 'feedback', 'ledger']);

/** What to export: a campaign (clearance, ledger; a township's ledger), or one batch (feedback). */
export const ExportScope = z
  .object({ campaignId: z.string().min(1).max(64).optional(), batchId: BatchId.optional(), township: Code.optional() })
  .strict();

export const ExportRequest = z
  .object({
    kind: ExportKind,
    scope: ExportScope,
    /** The ledger with full ID numbers: the organization department only; an audit event. */
    fullIds: z.boolean().optional(),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequest>;

export const ExportParams = z.object({ id: z.uuid() });

export const ExportView = z.object({
  jobId: z.string(),
  kind: ExportKind,
  kindLabel: z.string(),
  scope: ExportScope,
  fullIds: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** 排队中 / 生成中 / 已完成 / 失败. */
  statusLabel: z.string(),
  createdAt: z.string(),
  /** Beijing time, in Chinese. */
  createdAtText: z.string(),
  updatedAt: z.string(),
  fileName: z.string().nullable(),
  rows: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** A signed GET, only on GET /exports/{id} of a finished job; it expires within minutes. */
  downloadUrl: z.string().nullable(),
  downloadExpiresAt: z.string().nullable(),
});
export type ExportView = z.infer<typeof ExportView>;

export const ExportList = z.object({ exports: z.array(ExportView) });
export type ExportList = z.infer<typeof ExportList>;
