// A campaign's schedule on the official calendar: results due "选举日5日前", 公示 in working days,
// each department's deadline in working days, and a visible note wherever a year was assumed.
import { describe, expect, it } from 'vitest';
import { Campaign } from '../../shared/domain/model.js';
import { builtInPolicy as getPolicy } from '../../shared/adapters/files/policy-files.js';
import {
  campaignSchedule,
  dayText,
  deadlineText,
  departmentDueAt,
  firstElectionDay,
  resultsDueDate,
} from '../../shared/domain/schedule.js';
import { holidayCalendar, PUBLISHED_HOLIDAYS } from '../../shared/domain/working-days.js';

const calendar = holidayCalendar(PUBLISHED_HOLIDAYS);
const policy = getPolicy('dinghai-2017');

const campaign = (extra: Partial<Parameters<typeof Campaign.parse>[0]> = {}) =>
  Campaign.parse({ id: 'c', name: '测试', jurisdiction: '定海区', policyId: 'dinghai-2017', electionDate: '2026-05-20', ...extra });

describe('the schedule of a campaign', () => {
  it('has results due 5 calendar days before the election by default, and names the rule', () => {
    const s = campaignSchedule(campaign(), policy, calendar, new Date('2026-04-01T02:00:00Z'));
    expect(s.resultsDue).toEqual({ date: '2026-05-15', text: '2026年5月15日（星期五）', working: true, rule: '选举日5日前' });
    expect(s.settings).toEqual({ resultsDueDaysBefore: 5, publicityDays: 3, publicityStart: null, departmentDays: {} });
    expect(s.assumedYears).toEqual([]);
    expect(s.assumedNote).toBeNull();
  });

  it('counts from the earliest election day when the bodies vote on different days', () => {
    const c = campaign({
      electionDate: '2026-06-20',
      rounds: { party: '2026-05-10', committee: '2026-06-20' },
      schedule: { resultsDueDaysBefore: 7 },
    });
    expect(firstElectionDay(c)).toMatchObject({ body: 'party', date: '2026-05-10', label: '党组织选举日' });
    expect(resultsDueDate(c)).toBe('2026-05-03');
    const s = campaignSchedule(c, policy, calendar, new Date('2026-04-01T02:00:00Z'));
    expect(s.resultsDue).toMatchObject({ rule: '党组织选举日7日前', working: false });
    // 5月3日 is inside 劳动节 (5月1日–5日): people are told.
    expect(s.warnings).toContain('联审结果报送截止日 2026年5月3日（星期日） 是休息日，请提前安排报送');
    expect(s.electionDays.map((e) => e.label)).toEqual(['选举日', '党组织选举日', '村(居)民委员会选举日']);
  });

  it('runs the publicity over working days once it opens, 调休上班 included and 清明 skipped', () => {
    // The example of working-days.ts: from Friday 2017-03-31, 3 working days are 3月31日, 4月1日 (调休上班), 4月5日.
    const c = campaign({ electionDate: '2017-04-20', schedule: { publicityStart: '2017-03-31' } });
    const s = campaignSchedule(c, policy, calendar, new Date('2017-03-01T02:00:00Z'));
    expect(s.publicity).toEqual({
      days: 3,
      rule: '公示3个工作日',
      start: { date: '2017-03-31', text: '2017年3月31日（星期五）', working: true },
      end: { date: '2017-04-05', text: '2017年4月5日（星期三）', working: true },
    });
    const late = campaignSchedule(
      campaign({ electionDate: '2017-04-20', schedule: { publicityStart: '2017-04-18' } }),
      policy,
      calendar,
      new Date('2017-03-01T02:00:00Z'),
    );
    expect(late.warnings.some((w) => w.includes('未在选举日'))).toBe(true);
  });

  it('gives each department its working days, the campaign’s own where it sets them, with the deadline of a task sent now', () => {
    const c = campaign({ schedule: { departmentDays: { court: 2 } } });
    // Thursday 2026-04-30 10:00 Beijing: 5月1日–5日 off (劳动节), so court's 2 working days are 5月6日 and 5月7日.
    const s = campaignSchedule(c, policy, calendar, new Date('2026-04-30T02:00:00Z'));
    const court = s.departments.find((d) => d.code === 'court');
    expect(court).toEqual({
      code: 'court',
      name: '区法院',
      mode: 'auto',
      workingDays: 2,
      source: 'campaign',
      rule: expect.stringContaining('第2个工作日北京时间24:00前'),
      ifSentNow: { dueDate: '2026-05-07', dueAt: '2026-05-07T16:00:00.000Z', dueText: '2026年5月7日 24:00', note: null },
    });
    expect(s.departments.find((d) => d.code === 'petitions')).toMatchObject({ workingDays: 7, source: 'policy' });
    expect(s.departments).toHaveLength(policy.departments.length);
  });

  it('warns when a task sent today would be due after the results are due', () => {
    const s = campaignSchedule(campaign(), policy, calendar, new Date('2026-05-12T02:00:00Z'));
    expect(s.warnings.some((w) => w.includes('晚于联审结果报送截止日') && w.includes('区信访局'))).toBe(true);
  });

  it('says which years it had to count Monday–Friday', () => {
    const s = campaignSchedule(campaign({ electionDate: '2027-03-28' }), policy, calendar, new Date('2026-12-01T02:00:00Z'));
    expect(s.resultsDue).toMatchObject({ date: '2027-03-23', rule: '选举日5日前' });
    expect(s.assumedYears).toEqual([2027]);
    expect(s.assumedNote).toBe('2027年的放假安排尚未录入，已按周一至周五为工作日计算，请录入后核对');
    // Sent on 2026-12-01 with 5 working days: due 2026-12-08, inside 2026, so no note on that deadline.
    expect(s.departments.find((d) => d.code === 'court')?.ifSentNow).toMatchObject({ dueDate: '2026-12-08', note: null });
  });
});

describe('dates and deadlines as people read them', () => {
  it('writes a deadline at the end of a Beijing day as that day at 24:00, other instants in Beijing time', () => {
    expect(deadlineText('2027-03-19T16:00:00.000Z')).toBe('2027年3月19日 24:00');
    expect(deadlineText('2026-11-15T02:00:00.000Z')).toBe('2026年11月15日 10:00');
    expect(dayText('2027-03-28')).toBe('2027年3月28日（星期日）');
  });

  it('computes a department deadline from the campaign’s setting, else the policy’s', () => {
    const court = policy.departments.find((d) => d.code === 'court');
    if (court === undefined) throw new Error('no court');
    const sent = '2026-11-10T02:00:00.000Z';
    expect(departmentDueAt(campaign(), court, sent, calendar).dueDate).toBe('2026-11-17');
    expect(departmentDueAt(campaign({ schedule: { departmentDays: { court: 1 } } }), court, sent, calendar).dueDate).toBe('2026-11-11');
  });
});
