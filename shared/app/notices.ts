// What each event tells whom: the notification of a 催办, a dispute and a finished batch. Only
// counts, campaign, batch and department names and a portal link: no candidate is named.
import { batchName, batchOrdinals } from '../domain/batch-name.js';
import type { NotificationEvent } from './notifications.js';
import type { BatchRecord, Repositories } from './ports.js';
import { townshipNameOf } from './views.js';

export function reminderNotice(input: {
  campaignId: string;
  campaignName: string;
  department: { code: string; name: string };
  openTasks: number;
  overdueTasks: number;
  /** The reminder's audit event on the campaign chain: one notification per 催办. */
  eventRef: string;
}): NotificationEvent {
  const late = input.overdueTasks > 0 ? `，其中 ${input.overdueTasks} 件已逾期` : '';
  return {
    eventKey: `reminder:${input.campaignId}:${input.department.code}:${input.eventRef}`,
    unit: `department:${input.department.code}`,
    kind: 'reminder',
    campaignId: input.campaignId,
    title: '组织部门催办',
    text: `组织部门催办：${input.campaignName}，${input.department.name}尚有 ${input.openTasks + input.overdueTasks} 件联审任务未办理${late}，请尽快办理。`,
    link: '/reviews',
  };
}

export function disputeNotice(input: {
  campaignId: string;
  campaignName: string;
  townshipName: string;
  candidateId: string;
  decisionVersion: number;
}): NotificationEvent {
  return {
    // One dispute per decision version (canDispute).
    eventKey: `dispute:${input.candidateId}:${input.decisionVersion}`,
    unit: 'orgdept',
    kind: 'dispute',
    campaignId: input.campaignId,
    title: '新的复核申请',
    text: `${input.townshipName}对 1 名人选的联审结论申请复核（${input.campaignName}），请及时处理。`,
    link: '/referred',
  };
}

/** The finished batch, named as people say it (昌国街道 第2批（12月2日）). */
export async function batchDoneNotice(repos: Repositories, batch: BatchRecord): Promise<NotificationEvent> {
  const stored = await repos.campaigns.get(batch.campaignId);
  const townshipName = (stored === undefined ? undefined : townshipNameOf(stored.campaign, batch.township)) ?? batch.township;
  const ordinal = batchOrdinals(await repos.batches.listByTownship(batch.township)).get(batch.batchId) ?? 1;
  const name = batchName(townshipName, ordinal, batch.submittedAt);
  return {
    eventKey: `batchDone:${batch.batchId}`,
    unit: `township:${batch.township}`,
    kind: 'batchDone',
    campaignId: batch.campaignId,
    title: '批次联审完成',
    text: `${name}联审已完成，共 ${batch.total} 名人选，请登录查看结果。`,
    link: `/batches/${batch.batchId}`,
  };
}
