// Contract of GET /candidates/{id}/sheet (资格审查表 of one candidate, batchesApi).
import { z } from 'zod';

export const CandidateSheet = z.object({
  candidateId: z.string(),
  campaign: z.object({ id: z.string(), name: z.string(), jurisdiction: z.string() }),
  policy: z.object({ id: z.string(), version: z.string(), name: z.string() }),
  candidate: z.object({
    name: z.string(),
    sex: z.string(),
    birth: z.string(),
    /** Masked: 110101********1234. */
    idNumberMasked: z.string(),
    education: z.string(),
    political: z.string(),
    post: z.string(),
    nominationType: z.string(),
    township: z.string(),
    village: z.string(),
  }),
  departments: z.array(
    z.object({
      department: z.string(),
      departmentName: z.string(),
      /** 有记录 / 无记录 / 未答复 / 逾期. */
      answer: z.enum(['有记录', '无记录', '未答复', '逾期']),
      categories: z.array(z.string()),
      answeredBy: z.string(),
      /** 谁审查谁负责: the department head who approved an answer with findings; empty when none was needed. */
      approvedBy: z.string().optional(),
      /** Beijing time in Chinese; empty when nobody answered. */
      answeredAt: z.string(),
      documentNumbers: z.array(z.string()),
      late: z.boolean(),
    }),
  ),
  conclusion: z.string(),
  reasons: z.array(z.string()),
  audit: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  generatedAt: z.string(),
  generatedAtText: z.string(),
});
export type CandidateSheet = z.infer<typeof CandidateSheet>;
