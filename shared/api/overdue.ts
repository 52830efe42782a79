// The organization department's read-only view of one late department: its overdue tasks of the
// campaign and its 催办 history (linked from the dashboard).
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.js';
import { TaskItem } from './reviews.js';

export const DepartmentOverdueParams = z.object({ id: z.string().regex(ID_PATTERN), code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });

export const DepartmentOverdue = z.object({
  campaignId: z.string(),
  department: z.string(),
  name: z.string(),
  generatedAt: z.string(),
  /** Open past the deadline, or timed out without an answer; the longest-waiting first. */
  tasks: z.array(TaskItem),
  /** 催办 of this department in the campaign, newest first. */
  reminders: z.array(z.object({ at: z.string(), by: z.string(), openTasks: z.number().int(), overdueTasks: z.number().int() })),
});
export type DepartmentOverdue = z.infer<typeof DepartmentOverdue>;
