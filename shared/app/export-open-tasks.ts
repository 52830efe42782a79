// A reviewer downloads the department's open tasks with full ID numbers, to look the people up in
// the department's own system. Only the department's own reviewers; each download is an audit
// event on the department's chain saying who and how many, never whom.
import { batchIdOf, departmentChainId } from '../domain/ids.js';
import { beijingDateTime } from '../domain/time.js';
import { departmentOf, type Caller } from './access.js';
import { actorOf, loadCampaign, mapLimit, policyOf, type UseCaseDeps } from './common.js';
import { batchesOf } from './inbox-query.js';
import { workingCalendar } from './holidays.js';
import { isRefusal, notFound, type Refusal } from './refusals.js';
import { departmentName } from './reports/labels.js';
import { taskItem } from './views.js';

export interface OpenTaskRow {
  no: number;
  name: string;
  sex: string;
  /** In full: the point of the export. */
  idNumber: string;
  birth: string;
  township: string;
  village: string;
  post: string;
  batch: string;
  /** Beijing time, in Chinese (2027年3月19日 24:00). */
  deadline: string;
  due: string;
  hints: number;
  assignee: string;
}

export interface OpenTaskList {
  department: string;
  departmentName: string;
  /** Beijing time, in Chinese. */
  generatedAt: string;
  exportedBy: string;
  rows: OpenTaskRow[];
}

export async function exportOpenTasks(deps: UseCaseDeps, input: { caller: Caller; department: string }): Promise<OpenTaskList | Refusal> {
  // The department's own reviewers only: the organization department reads no full ID numbers here.
  const department = departmentOf(input.caller, input.department);
  if (typeof department !== 'string') return department;
  const tasks = await deps.repos.tasks.listInbox(department, 'open');
  const now = deps.now();
  const [calendar, batches, views] = await Promise.all([
    workingCalendar(deps.repos),
    batchesOf(deps.repos, tasks),
    mapLimit(tasks, 8, (t) => deps.repos.candidates.getView(t.candidateId)),
  ]);
  if (views.some((v) => v === undefined)) return notFound('未找到部分人选的信息，请稍后再试');
  const campaign = tasks[0] === undefined ? undefined : await loadCampaign(deps.repos, tasks[0].campaignId);
  const name =
    campaign === undefined || isRefusal(campaign) ? department : departmentName(await policyOf(deps.repos, campaign), department);
  const rows = tasks.map((t, i): OpenTaskRow => {
    const view = views[i];
    const item = taskItem(t, now, calendar);
    return {
      no: i + 1,
      name: t.candidate.name,
      sex: view?.sex ?? '',
      idNumber: view?.idNumber ?? '',
      birth: view?.birth ?? '',
      township: t.candidate.township,
      village: t.candidate.village,
      post: t.candidate.post,
      batch: batches.get(batchIdOf(t.candidateId) ?? '')?.name ?? '',
      deadline: item.deadlineText,
      due: item.dueText,
      hints: t.hints.length,
      assignee: item.assigneeName ?? item.assignee ?? '',
    };
  });
  await deps.repos.audit.append({
    candidateId: departmentChainId(department),
    type: 'tasks_exported',
    actor: actorOf(input.caller, 'reviewer'),
    at: now.toISOString(),
    data: { department, status: 'open', rows: rows.length },
  });
  return { department, departmentName: name, generatedAt: beijingDateTime(now), exportedBy: input.caller.username, rows };
}
