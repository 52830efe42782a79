// Contract of the holiday calendar routes: GET /holidays, PUT /holidays/{year}.
import { z } from 'zod';
import { IsoDate } from '../domain/model.js';
import { personText } from '../domain/text.js';
import { InlineFile } from './common.js';

export const YearParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, '年份应为四位数字')
    .transform(Number)
    .refine((y) => y >= 2000 && y <= 2100, '年份应在 2000 至 2100 之间'),
});

/** The days themselves (JSON), or `file`: an .xlsx/CSV with 日期, 类型 (放假/上班), 说明. */
export const PutHolidaysRequest = z.object({
  /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕X号). */
  source: personText({ max: 200 }),
  holidays: z.array(IsoDate).max(366).optional(),
  workdays: z.array(IsoDate).max(366).optional(),
  /** What a day is (春节, 调休上班), by date. */
  notes: z.record(IsoDate, personText({ max: 50 })).optional(),
  file: InlineFile.optional(),
});
export type PutHolidaysRequest = z.input<typeof PutHolidaysRequest>;

export const HolidayYearView = z.object({
  year: z.number().int(),
  source: z.string(),
  /** Quoted from the State Council's notice in the code, not entered here. */
  builtIn: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  notes: z.record(z.string(), z.string()),
  days: z.array(z.object({ date: z.string(), kind: z.enum(['放假', '上班']), text: z.string(), note: z.string().nullable() })),
  /** Consecutive days together, e.g. 放假 1月27日至2月2日. */
  ranges: z.array(
    z.object({ kind: z.enum(['放假', '上班']), from: z.string(), to: z.string(), text: z.string(), note: z.string().nullable() }),
  ),
});
export type HolidayYearView = z.infer<typeof HolidayYearView>;

export const HolidayList = z.object({
  years: z.array(HolidayYearView),
  /** This year and next, where no arrangement is known (deadlines there count Monday–Friday). */
  missing: z.array(z.number().int()),
});
export type HolidayList = z.infer<typeof HolidayList>;

/** 200; `changed: false` when the same arrangement was already stored (nothing written, nothing audited). */
export const PutHolidaysResponse = z.object({ changed: z.boolean(), year: HolidayYearView });
export type PutHolidaysResponse = z.infer<typeof PutHolidaysResponse>;
