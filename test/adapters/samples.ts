// Sample data shared by the adapter and handler tests (made-up people; valid check digits).
import { computeCheckDigit } from '../../shared/domain/idcard.js';
import type { CandidateRow, Decision } from '../../shared/domain/model.js';
import type { NewBatch, Repositories } from '../../shared/app/ports.js';
import type { AnswerEvent } from '../../shared/domain/audit/answers.js';
import { answerEventsOf as stored } from '../../shared/app/answer-events.js';
import type { AuditRecord } from '../../shared/domain/audit/events.js';

const id = (first17: string): string => first17 + computeCheckDigit(first17);

export const ID_A = id('11010119800101001');
export const ID_B = id('11010119850202002');
export const ID_C = id('11010119900303003');
export const ID_RELATIVE = id('11010119550505005');

const IDS = [ID_A, ID_B, ID_C];
const NAMES = ['王一', '李二', '张三'];

export function candidateRow(position: number): CandidateRow {
  const idNumber = IDS[position - 1] ?? ID_A;
  return {
    seq: position,
    name: NAMES[position - 1] ?? '某某',
    sex: '男',
    ethnicity: '汉族',
    idNumber,
    birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}`,
    education: '高中',
    political: position === 1 ? '中共党员' : '群众',
    township: '测试镇',
    village: '测试村',
    post: '村(居)委会委员',
    nominationType: '初步人选',
    incumbent: false,
  };
}

export function newBatch(batchId: string, idempotencyKey: string, requestDigest: string): NewBatch {
  return {
    batchId,
    campaignId: 'c1',
    township: 't-1',
    policyId: 'dinghai-2017',
    submittedBy: 'u-township',
    submittedAt: '2026-11-01T08:00:00.000Z',
    filename: 'batch.xlsx',
    idempotencyKey,
    requestDigest,
    candidates: [candidateRow(1), candidateRow(2), candidateRow(3)],
    relatives: [{ candidateIdNumber: ID_A, name: '王父', relation: '父母', idNumber: ID_RELATIVE }],
  };
}

export function referredDecision(campaignId: string, candidateId: string, decidedAt: string): Decision {
  return {
    campaignId,
    candidateId,
    policy: { id: 'dinghai-2017', version: '1' },
    outcome: 'referred',
    reasons: [
      {
        category: '违反计划生育政策',
        severity: 'concern',
        department: 'health',
        documentNumber: null,
        eligibleFrom: null,
        citation: { file: 'seed.txt', quote: '提请研究' },
      },
    ],
    warnings: [],
    unanswered: [],
    referenceDate: '2026-12-01',
    decidedAt,
  };
}

/**
 * ID numbers in clear inside `text`: 18 characters standing alone (not part of a longer
 * hash, ciphertext or id) with a valid check digit. Hex hashes and generation ids that merely
 * contain 18 digits in a row do not count.
 */
export function clearIdNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![0-9A-Za-z])([0-9]{17})([0-9Xx])(?![0-9A-Za-z])/g)) {
    const [whole, first17, check] = m;
    if (first17 !== undefined && check !== undefined && computeCheckDigit(first17) === check.toUpperCase()) found.push(whole);
  }
  return found;
}

/** Audit data of the right shape for repository tests (the chain hashes whatever `data` is). */
export const AUDIT_SAMPLES = {
  decided: {
    type: 'decided',
    data: {
      outcome: 'cleared',
      version: 1,
      digest: 'd'.repeat(64),
      policy: { id: 'dinghai-2017', version: '1' },
      referenceDate: '2026-12-01',
      reasons: [],
      unanswered: [],
    },
  },
  answered: (department: string) => ({
    type: 'answered' as const,
    data: { department, result: 'clear' as const, source: 'extract' as const, findings: [] },
  }),
  dispatched: (department: string) => ({
    type: 'dispatched' as const,
    data: { department, mode: 'auto' as const, timeoutSeconds: 60 },
  }),
  reminded: (openTasks: number) => ({
    type: 'reminded' as const,
    data: { department: 'court', openTasks, overdueTasks: 0 },
  }),
} as const satisfies Record<string, AuditRecord | ((...args: never[]) => AuditRecord)>;

/** A candidate's answer events (on its verdicts), in the order the decision seals them. */
export async function answerEventsOf(
  repos: Pick<Repositories, 'verdicts' | 'tasks' | 'changes'>,
  candidateId: string,
): Promise<AnswerEvent[]> {
  return (await stored(repos, candidateId)).filter((e) => e.type === 'answered');
}

/** The dispatch events of a candidate's review tasks, in the same order. */
export async function dispatchEventsOf(
  repos: Pick<Repositories, 'verdicts' | 'tasks' | 'changes'>,
  candidateId: string,
): Promise<AnswerEvent[]> {
  return (await stored(repos, candidateId)).filter((e) => e.type === 'dispatched');
}
