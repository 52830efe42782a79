// A small policy written from scratch (no seed behind it), for store, route and file tests.
import { Policy, type PolicyInput } from '../../shared/domain/model.js';

const DOCUMENT = '《示例县2027年村(社区)“两委”换届工作实施方案》';
export const cite = (clause: string, quote: string) => ({ document: DOCUMENT, clause, quote });

export const EXAMPLE_POLICY: PolicyInput = {
  id: 'example-2027',
  version: '1.0.0',
  name: '示例县2027年村(社区)“两委”换届资格联审',
  jurisdiction: '示例省示例市示例县',
  document: { title: DOCUMENT, number: '示组通〔2027〕1号', date: '2027-01-10', issuer: '中共示例县委组织部' },
  source: cite('三(二)', '由县委组织部牵头组织联审'),
  notes: ['示例政策：用于测试。'],
  departments: [
    { code: 'police', name: '县公安局', slaDays: 5, mode: 'auto', categories: ['刑事处罚', '拖欠集体租金'] },
    { code: 'discipline', name: '县纪委监委', slaDays: 7, mode: 'manual', categories: ['党纪处分'] },
  ],
  categories: [
    {
      label: '刑事处罚',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'years', years: 5, anchor: 'end', ongoingWithoutEnd: true },
      citation: cite('二(一)第1项', '刑满释放未满5年的'),
    },
    {
      label: '党纪处分',
      group: '不得提名',
      severity: 'bar',
      window: { kind: 'untilEnd' },
      citation: cite('二(一)第2项', '党纪处分影响期未满的'),
    },
    {
      label: '拖欠集体租金',
      group: '需研判',
      severity: 'concern',
      window: { kind: 'status', statuses: ['已清偿'], negate: true },
      statusOverrides: [
        { statuses: ['分期清偿中'], severity: 'notice', citation: cite('二(二)', '已签订还款协议的'), note: '核实还款协议' },
      ],
      citation: cite('二(二)', '拖欠村集体租金的'),
    },
  ],
  personRules: [
    {
      id: 'new-over-45',
      label: '新任人选一般在45周岁以下',
      effect: 'warning',
      when: { incumbent: false, ageAtLeast: 46 },
      citation: cite('二(三)', '新进人选一般在45周岁以下'),
    },
  ],
  avoidance: [
    {
      id: 'supervision',
      label: '两委成员近亲属不得担任监督委员会成员',
      relations: ['配偶', '父母', '子女', '兄弟姐妹', '祖父母', '外祖父母', '孙子女', '外孙子女'],
      between: [['party', 'committee'], ['supervision']],
      givesWay: 'second',
      citation: cite('二(四)', '两委成员的近亲属不得担任村务监督委员会成员'),
    },
  ],
  structure: { minWomen: 1, citation: cite('二(五)', '至少有1名女性成员') },
};

/** The example policy, parsed, with what the test changes. */
export function examplePolicy(overrides: Partial<PolicyInput> = {}): Policy {
  return Policy.parse({ ...EXAMPLE_POLICY, ...overrides });
}
