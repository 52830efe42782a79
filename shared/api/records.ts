// Contract of recordsApi: POST/GET /departments/{code}/records, GET /departments/{code}/records/template.
import { z } from 'zod';
import { InlineFile, UploadedFile } from './common.js';

export const DepartmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
export const DepartmentParams = z.object({ code: DepartmentCode });
export const CampaignQuery = z.object({ campaignId: z.string().min(1).max(64).optional() });

const ExtractCampaign = { campaignId: z.string().min(1).max(64).optional() };
/** Without campaignId: the department-wide extract (validated with the newest campaign's policy); a large one through an upload ticket. */
export const UploadRecordsRequest = z.union([InlineFile.extend(ExtractCampaign), UploadedFile.extend(ExtractCampaign)], {
  error: '应含 contentBase64（文件内容，base64）或 uploadId（先经 POST /uploads 上传的文件）',
});
export type UploadRecordsRequest = z.input<typeof UploadRecordsRequest>;

export const ExtractSummary = z.object({
  department: z.string(),
  campaignId: z.string().nullable(),
  generation: z.string(),
  rows: z.number().int(),
  persons: z.number().int(),
  filename: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export type ExtractSummary = z.infer<typeof ExtractSummary>;

export const UploadRecordsResponse = z.object({
  extract: ExtractSummary,
  byCategory: z.record(z.string(), z.number().int()),
  /** A header-only file: the department has no records (a valid answer). */
  noRecords: z.boolean(),
});
export type UploadRecordsResponse = z.infer<typeof UploadRecordsResponse>;

export const ActiveExtractResponse = z.object({ campaignId: z.string(), extract: ExtractSummary.nullable() });
export type ActiveExtractResponse = z.infer<typeof ActiveExtractResponse>;
