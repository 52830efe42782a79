// A campaign's schedule, computed on the official calendar (working-days.ts): when 联审 results are
// due ("选举日5日前", calendar days before the first election day), the publicity period (公示, N
// working days from the day it opens), and each department's deadline (N working days after the day
// its task is sent, ending at the end of that Beijing working day). Every date that falls in a year
// without a published 放假安排 is counted Monday–Friday and says so.
import { type Campaign, CampaignSchedule, type Department, type Policy, type PostBody } from './model.js';
import { beijingDate, beijingDateTime, beijingDay } from './time.js';
import {
  assumedNote,
  type Deadline,
  dayKind,
  daysBefore,
  departmentDeadline,
  type HolidayCalendar,
  workingDaysFrom,
} from './working-days.js';

export const ELECTION_BODY_LABEL: Readonly<Record<PostBody, string>> = {
  party: '党组织',
  committee: '村(居)民委员会',
  supervision: '村(居)务监督委员会',
};

/** The campaign's schedule settings with the defaults filled in. */
export function scheduleOf(campaign: Pick<Campaign, 'schedule'>): CampaignSchedule {
  return campaign.schedule ?? CampaignSchedule.parse({});
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 2027年3月23日（星期二）: a calendar day as people read it. */
export function dayText(day: string): string {
  return `${beijingDate(day)}（星期${WEEKDAYS[new Date(Date.parse(day)).getUTCDay()] ?? ''}）`;
}

/**
 * A deadline as people read it, in Beijing time: the end of a day is "2027年3月19日 24:00" (the
 * day it is due, not the next day's 00:00); any other instant is beijingDateTime.
 */
export function deadlineText(dueAt: string): string {
  const t = Date.parse(dueAt);
  if (Number.isNaN(t)) return dueAt;
  const beijingMidnight = (t + 8 * 3600_000) % 86_400_000 === 0;
  return beijingMidnight ? `${beijingDate(new Date(t - 1))} 24:00` : beijingDateTime(dueAt);
}

export interface ElectionDay {
  /** null: the campaign's election day (all bodies, or the first of them). */
  body: PostBody | null;
  label: string;
  date: string;
}

export function electionDays(campaign: Pick<Campaign, 'electionDate' | 'rounds'>): ElectionDay[] {
  const days: ElectionDay[] = [{ body: null, label: '选举日', date: campaign.electionDate }];
  for (const body of ['party', 'committee', 'supervision'] as const) {
    const date = campaign.rounds?.[body];
    if (date !== undefined) days.push({ body, label: `${ELECTION_BODY_LABEL[body]}选举日`, date });
  }
  return days;
}

/** The earliest election day: results must be in before the first vote. */
export function firstElectionDay(campaign: Pick<Campaign, 'electionDate' | 'rounds'>): ElectionDay {
  return electionDays(campaign).reduce((a, b) => (b.date < a.date ? b : a));
}

/** The last day 联审 results may come back: N calendar days before the first election day. */
export function resultsDueDate(campaign: Pick<Campaign, 'electionDate' | 'rounds' | 'schedule'>): string {
  return daysBefore(firstElectionDay(campaign).date, scheduleOf(campaign).resultsDueDaysBefore);
}

/** A department's deadline in working days: the campaign's own setting, else the policy's slaDays. */
export function departmentWorkingDays(
  campaign: Pick<Campaign, 'schedule'>,
  department: Pick<Department, 'code' | 'slaDays'>,
): { days: number; source: 'policy' | 'campaign' } {
  const own = scheduleOf(campaign).departmentDays[department.code];
  return own === undefined ? { days: department.slaDays, source: 'policy' } : { days: own, source: 'campaign' };
}

/** When a task sent at `sentAt` to `department` is due. */
export function departmentDueAt(
  campaign: Pick<Campaign, 'schedule'>,
  department: Pick<Department, 'code' | 'slaDays'>,
  sentAt: string | Date,
  calendar: HolidayCalendar,
): Deadline {
  return departmentDeadline(sentAt, departmentWorkingDays(campaign, department).days, calendar);
}

export function departmentRuleText(days: number): string {
  return `任务发出次日起第${days}个工作日北京时间24:00前答复（按国务院放假安排，节假日不计，调休上班日计入）`;
}

export interface ScheduleDay {
  date: string;
  /** 2027年3月23日（星期二） */
  text: string;
  working: boolean;
}

export interface DepartmentSchedule {
  code: string;
  name: string;
  mode: Department['mode'];
  workingDays: number;
  source: 'policy' | 'campaign';
  rule: string;
  /** A task sent now would be due then. */
  ifSentNow: { dueDate: string; dueAt: string; dueText: string; note: string | null };
}

export interface ScheduleView {
  settings: { resultsDueDaysBefore: number; publicityDays: number; publicityStart: string | null; departmentDays: Record<string, number> };
  electionDays: Array<ElectionDay & { text: string }>;
  resultsDue: ScheduleDay & { rule: string };
  publicity: { days: number; rule: string; start: ScheduleDay | null; end: ScheduleDay | null };
  departments: DepartmentSchedule[];
  /** Years the schedule touches that have no published 放假安排 (counted Monday–Friday). */
  assumedYears: number[];
  assumedNote: string | null;
  /** Plain-Chinese problems with the schedule as set. */
  warnings: string[];
}

/** The whole schedule of a campaign as of `now`, on `calendar`. */
export function campaignSchedule(
  campaign: Pick<Campaign, 'electionDate' | 'rounds' | 'schedule'>,
  policy: Pick<Policy, 'departments'> | undefined,
  calendar: HolidayCalendar,
  now: Date,
): ScheduleView {
  const settings = scheduleOf(campaign);
  const assumed = new Set<number>();
  const day = (date: string): ScheduleDay => {
    const kind = dayKind(date, calendar);
    if (kind.assumed) assumed.add(Number(date.slice(0, 4)));
    return { date, text: dayText(date), working: kind.working };
  };
  const warnings: string[] = [];

  const elections = electionDays(campaign).map((e) => ({ ...e, text: day(e.date).text }));
  const first = firstElectionDay(campaign);
  const resultsDue = { ...day(resultsDueDate(campaign)), rule: `${first.label}${settings.resultsDueDaysBefore}日前` };
  if (!resultsDue.working) warnings.push(`联审结果报送截止日 ${resultsDue.text} 是休息日，请提前安排报送`);

  let publicity: ScheduleView['publicity'] = {
    days: settings.publicityDays,
    rule: `公示${settings.publicityDays}个工作日`,
    start: null,
    end: null,
  };
  if (settings.publicityStart !== undefined) {
    const span = workingDaysFrom(settings.publicityStart, settings.publicityDays, calendar);
    for (const y of span.assumedYears) assumed.add(y);
    publicity = { ...publicity, start: day(span.start), end: day(span.date) };
    if (span.date >= first.date)
      warnings.push(`公示期到 ${dayText(span.date)} 才结束，未在${first.label}（${dayText(first.date)}）之前结束`);
  }

  const departments: DepartmentSchedule[] = (policy?.departments ?? []).map((d) => {
    const { days, source } = departmentWorkingDays(campaign, d);
    const due = departmentDeadline(now, days, calendar);
    for (const y of due.assumedYears) assumed.add(y);
    return {
      code: d.code,
      name: d.name,
      mode: d.mode,
      workingDays: days,
      source,
      rule: departmentRuleText(days),
      ifSentNow: { dueDate: due.dueDate, dueAt: due.dueAt, dueText: deadlineText(due.dueAt), note: assumedNote(due.assumedYears) },
    };
  });
  const today = beijingDay(now);
  if (today <= resultsDue.date) {
    const late = departments.filter((d) => d.ifSentNow.dueDate > resultsDue.date);
    if (late.length > 0) {
      warnings.push(
        `按现行时限，今天发出的任务中，${late.map((d) => d.name).join('、')}的答复截止日晚于联审结果报送截止日（${resultsDue.text}）`,
      );
    }
  }
  const assumedYears = [...assumed].sort((a, b) => a - b);
  return {
    settings: {
      resultsDueDaysBefore: settings.resultsDueDaysBefore,
      publicityDays: settings.publicityDays,
      publicityStart: settings.publicityStart ?? null,
      departmentDays: { ...settings.departmentDays },
    },
    electionDays: elections,
    resultsDue,
    publicity,
    departments,
    assumedYears,
    assumedNote: assumedNote(assumedYears),
    warnings,
  };
}
