// Report fixtures: four candidates in every state a report must show.
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import type { Decision, Ruling } from '../../shared/domain/model.js';
import type { ReportCandidate } from '../../shared/app/reports/rows.js';

export const policy = builtInPolicy('dinghai-2017');

const crime = policy.categories.find((c) => c.label === '刑事处罚');
if (!crime) throw new Error('fixture policy lacks 刑事处罚');
const concern = policy.categories.find((c) => c.severity === 'concern');
if (!concern) throw new Error('fixture policy lacks a concern category');

function dossier(seq: number, name: string, idNumber: string, village: string, township = '长国街道') {
  return {
    candidateId: `b1-${String(seq).padStart(4, '0')}`,
    batchId: 'b1',
    seq,
    township,
    village,
    name,
    sex: seq % 2 === 0 ? ('女' as const) : ('男' as const),
    birth: '1980-05',
    idNumber,
    education: '高中' as const,
    political: '中共党员' as const,
    post: '村(居)委会委员' as const,
    nominationType: '初步人选' as const,
  };
}

function decision(
  candidateId: string,
  outcome: Decision['outcome'],
  reasons: Decision['reasons'] = [],
  unanswered: Decision['unanswered'] = [],
): Decision {
  return {
    campaignId: 'c1',
    candidateId,
    policy: { id: policy.id, version: policy.version },
    outcome,
    reasons,
    warnings: [],
    unanswered,
    referenceDate: '2026-05-01',
    decidedAt: '2026-04-20T08:00:00.000Z',
  };
}

export const ID_CLEARED = '330902198005011234';
export const ID_BARRED = '330902198005022345';

const ruling: Ruling = {
  campaignId: 'c1',
  candidateId: 'b1-0003',
  outcome: 'uphold',
  justification: '情节轻微且已整改，经研究维持提名',
  ruledBy: 'org-1',
  ruledAt: '2026-04-21T08:00:00.000Z',
};

export const candidates: ReportCandidate[] = [
  { dossier: dossier(1, '张三', ID_CLEARED, '东山村'), decision: { decision: decision('b1-0001', 'cleared'), finalStatus: 'cleared' } },
  {
    dossier: dossier(2, '李四', ID_BARRED, '东山村'),
    decision: {
      decision: decision('b1-0002', 'disqualified', [
        {
          category: '刑事处罚',
          severity: 'bar',
          department: 'court',
          documentNumber: '（2019）定刑初字第12号',
          eligibleFrom: '2027-03-01',
          citation: crime.citation,
        },
      ]),
      finalStatus: 'disqualified',
    },
  },
  {
    dossier: dossier(3, '王五', '330902198005033456', '西岙村'),
    decision: {
      decision: decision('b1-0003', 'referred', [
        {
          category: concern.label,
          severity: 'concern',
          department: 'petitions',
          documentNumber: null,
          eligibleFrom: null,
          citation: concern.citation,
        },
      ]),
      finalStatus: 'cleared',
      ruling,
    },
  },
  { dossier: dossier(4, '赵六<script>', '330902198005044567', '西岙村') },
];
