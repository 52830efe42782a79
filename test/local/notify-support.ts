// A memory stack with notification settings, and the steps both notification suites take: a
// campaign, a department account with a phone, a 催办 to that department.
import { afterAll, beforeAll } from 'vitest';
import { javaMajorVersion } from '../../local/dynamodb.js';
import { startStack, type Stack, type StackOptions } from '../../local/stack.js';
import { missingTool } from '../support/tools.js';
import { as } from './support.js';

export const DEPARTMENT = 'petitions';

export function notifyStackSuite(notify: () => NonNullable<StackOptions['notify']>) {
  const noJava = missingTool('Java 17+', (javaMajorVersion() ?? 0) >= 17, 'apt-get install -y openjdk-17-jre-headless');
  let stack: Stack | undefined;
  beforeAll(async () => {
    if (noJava) return;
    // The timer stays out of the way: the tests run the job themselves.
    stack = await startStack({ mode: 'memory', log: () => undefined, notify: { intervalSeconds: 3600, ...notify() } });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });
  const current = (): Stack => {
    if (stack === undefined) throw new Error('the local stack is not running');
    return stack;
  };
  const orgdept = () => as(current().urls.http, current().auth, 'orgdept', ['orgdept']);
  const reviewer = () => as(current().urls.http, current().auth, `dept-${DEPARTMENT}`, [`department:${DEPARTMENT}`]);

  /** A campaign, one reviewer account of the department with a phone, and a 催办 to the department. */
  async function remindDepartment(campaignId: string, username: string): Promise<void> {
    const org = await orgdept();
    await org.post('/campaigns', {
      id: campaignId,
      name: '2027年村社组织换届',
      jurisdiction: '定海区',
      policyId: 'dinghai-2017',
      electionDate: '2027-03-28',
      townships: [{ code: 'changguo', name: '昌国街道' }],
    });
    await org.post('/accounts', { username, displayName: '信访审查员', phone: '13812345678', role: `department:${DEPARTMENT}` });
    await org.post(`/campaigns/${campaignId}/reminders`, { department: DEPARTMENT });
  }
  return { noJava, stack: current, orgdept, reviewer, remindDepartment };
}
