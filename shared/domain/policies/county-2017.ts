// The county-level plan in 001 (衡南县, Hunan, 2017): the 9 "不能确定" conditions ①–⑨.
import { type PolicyInput, RELATIONS } from '../model.js';
import { SEED_PLANS, citer } from './seeds.js';

const TITLE = '《衡南县2017年村(社区)“两委”换届选举工作方案》';
const c = citer(SEED_PLANS, TITLE);
const CONDITIONS = '二(二)严格候选人资格条件';
/** "有下列情形之一的,不能确定为…候选人": item ①…⑨ of 二(二). */
const item = (n: string, quote: string) => c(`二(二)第${n}项`, quote);
const STRUCTURE = '二(四)优化村(社区)“两委”班子结构';

const AUTO_SLA = 5;
const MANUAL_SLA = 7;
const GROUP = '不能确定';

const FAMILY_PLANNING_EXCEPTION = c(
  CONDITIONS,
  '曾经违反计划生育的同志,已经处罚到位,其综合素质高、工作能力强、群众口碑好、没有负面反映的,并且能够在党员和群众代表推荐中说明清楚,推荐上来了可以作为候选人',
);

export const county2017: PolicyInput = {
  id: 'county-2017',
  version: '2.0.0',
  name: '衡南县2017年村(社区)“两委”换届候选人资格审查',
  jurisdiction: '湖南省衡阳市衡南县',
  document: { title: TITLE },
  source: c(CONDITIONS, '有下列情形之一的,不能确定为村(社区)“两委”成员候选人'),
  notes: [
    'Derived from the third plan in 001 (衡南 county, 2017), section 二(二) "严格候选人资格条件": conditions ①–⑨ are bars (不能确定 → disqualified). The seed gives no title; the plan is cited as 《衡南县2017年村(社区)“两委”换届选举工作方案》 from what it says of itself ("全县村(社区)党组织和村(居)民委员会将同步进行换届选举", "衡南实际").',
    '⑨ "有其他不宜担任村(社区)“两委”成员的情形" stands under "有下列情形之一的,不能确定为…候选人" like ①–⑧: when a department reports it, it is a bar. The township Party committee may spell out what it covers ("可结合实际研究提出...具体情形"); the department writes the specific case in 备注.',
    'Clauses listing several distinct acts become one category per act so that a department can report exactly what it found: ① → 刑事处罚 (ever sentenced, "被判过刑", permanent) and 立案调查 (while open); ② → 党纪处分 and 组织处理 (until 终止日期, the end of the "影响期限"); ③ → 非法宗教活动, 聚众赌博, 涉黑涉恶, 涉枪涉爆, 涉黄涉毒, 宗族宗派势力干扰; ⑦ → 截留惠民资金或侵占集体财产 (permanent) and 拖欠集体租金 (while 状态 is not 已清偿, since the clause is in the present tense).',
    'No time limits are stated for ③–⑦, so those categories are permanent; ⑧ "近三年内有一年被评为不合格党员" runs through the third anniversary of the assessment (起始日期) on the legal calendar.',
    'Family-planning exception (④ and the paragraph after the list): it needs five things — "已经处罚到位,其综合素质高、工作能力强、群众口碑好、没有负面反映的,并且能够在党员和群众代表推荐中说明清楚". A register shows only the first; the rest are judgments. A violation whose 状态 is 已处理 or 已处罚到位 is therefore referred to the organization department, citing the exception; an open one is a bar.',
    'Departments: "县纪检监察、政法、民政、农经、卫计等相关部门进行复审", plus 组织部 — the plan puts the leading-group office in the organisation department ("领导小组办公室设组织部"), which holds the 不合格党员 and 组织处理 records. Names follow the seed without the 县 prefix.',
    'Mode: 政法, 农经 and 卫计 keep case, audit or family-planning registers and answer from an extract; 纪检监察, 民政 and 组织部 answer in the portal. No unit is limited to Party members (纪检监察 includes 监察). SLA: none in the seed; 5 days for an extract, 7 calendar days for a reviewer.',
    'Age and education (二(四)): the plan gives its age limits as birth-date cut-offs, and those win over the ages: new nominees "提倡年龄一般在57周岁以下(1960年1月1日后出生)" → a warning for anyone born before 1960-01-01; re-nominating a Party secretary "年龄一般不超过60周岁(1957年1月1日后出生),特别优秀的必须经乡镇党委研究上报县换届领导小组办公室同意后才能提名" → referred (approval needed) for an incumbent 党组织书记 born before 1957-01-01. Education below 高中/中专 for new nominees → a warning. New community nominees "一般应具有大专以上文化" → a warning below 大专 where the campaign\'s village list says 社区 (and, while it does not say, with a note that the kind is unknown).',
    'Near-relative avoidance, exactly as the plan sets it (三(三)2③): "村(居)民委员会成员及其近亲属、村民小组长不得兼任村务监督委员会成员" — a supervisory-committee candidate whose near relative stands for the 村(居)委会 conflicts and gives way. No other avoidance is set: two relatives on a Party committee are no conflict under this plan.',
  ],
  departments: [
    {
      code: 'discipline',
      name: '纪检监察',
      slaDays: MANUAL_SLA,
      mode: 'manual',
      categories: ['立案调查', '党纪处分', '截留惠民资金或侵占集体财产'],
    },
    {
      code: 'political-legal',
      name: '政法',
      slaDays: AUTO_SLA,
      mode: 'auto',
      categories: ['刑事处罚', '立案调查', '非法宗教活动', '聚众赌博', '涉黑涉恶', '涉枪涉爆', '涉黄涉毒', '宗族宗派势力干扰', '非法上访'],
    },
    { code: 'civil-affairs', name: '民政', slaDays: MANUAL_SLA, mode: 'manual', categories: ['拉票贿选或破坏选举'] },
    {
      code: 'rural-economy',
      name: '农经',
      slaDays: AUTO_SLA,
      mode: 'auto',
      categories: ['截留惠民资金或侵占集体财产', '拖欠集体租金'],
    },
    { code: 'health', name: '卫计', slaDays: AUTO_SLA, mode: 'auto', categories: ['违反计划生育'] },
    {
      code: 'organisation',
      name: '组织部',
      slaDays: MANUAL_SLA,
      mode: 'manual',
      categories: ['组织处理', '不合格党员', '其他不宜情形'],
    },
  ],
  categories: [
    {
      label: '刑事处罚',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('①', '①被判过刑'),
      description: '① 被判过刑(无期限)',
    },
    {
      label: '立案调查',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'status', statuses: ['在查'], alsoWithoutEnd: true },
      citation: item('①', '违反国家法律法规正在被立案侦查的或违反党纪被立案审查的'),
      description: '① 状态为“在查”或尚无终止日期(结案日期)时适用',
    },
    {
      label: '党纪处分',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'untilEnd' },
      citation: item('②', '②受党纪处分和组织处理影响期限未满的'),
      description: '② 终止日期填影响期满日',
    },
    {
      label: '组织处理',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'untilEnd' },
      citation: item('②', '②受党纪处分和组织处理影响期限未满的'),
      description: '② 终止日期填影响期满日',
    },
    {
      label: '非法宗教活动',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '③组织或参与非法宗教活动,搞封建迷信'),
      description: '③ 含搞封建迷信',
    },
    {
      label: '聚众赌博',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '组织或参与聚众赌博和地下六合彩'),
      description: '③ 含地下六合彩',
    },
    {
      label: '涉黑涉恶',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '组织或参与聚众赌博和地下六合彩,涉黑涉恶,涉枪涉爆,涉黄涉毒'),
      description: '③',
    },
    {
      label: '涉枪涉爆',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '组织或参与聚众赌博和地下六合彩,涉黑涉恶,涉枪涉爆,涉黄涉毒'),
      description: '③',
    },
    {
      label: '涉黄涉毒',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '组织或参与聚众赌博和地下六合彩,涉黑涉恶,涉枪涉爆,涉黄涉毒'),
      description: '③',
    },
    {
      label: '宗族宗派势力干扰',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('③', '有利用宗族、宗派势力干扰村(社区)正常工作行为的'),
      description: '③',
    },
    {
      label: '违反计划生育',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      statusOverrides: [
        {
          statuses: ['已处理', '已处罚到位'],
          severity: 'concern',
          citation: FAMILY_PLANNING_EXCEPTION,
          note: '已处罚到位;是否综合素质高、工作能力强、群众口碑好、没有负面反映,并能在党员和群众代表推荐中说明清楚,由组织部门研判',
        },
      ],
      citation: item('④', '④违反计划生育政策,按照有关规定不能列为提名人选的'),
      description: '④ 状态填“已处理”或“已处罚到位”的转组织部门研判(例外条款),其他状态不能确定为候选人',
    },
    {
      label: '非法上访',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('⑤', '⑤煽动、组织或参与非法上访的'),
      description: '⑤',
    },
    {
      label: '拉票贿选或破坏选举',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('⑥', '⑥非法串联拉票、贿选、胁迫蒙蔽群众或操纵、破坏选举的'),
      description: '⑥',
    },
    {
      label: '截留惠民资金或侵占集体财产',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('⑦', '⑦截留惠民政策资金、侵占村(社区)集体财产'),
      description: '⑦',
    },
    {
      label: '拖欠集体租金',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'status', statuses: ['已清偿'], negate: true },
      citation: item('⑦', '拖欠村(社区)集体租金的'),
      description: '⑦ 状态不是“已清偿”时适用',
    },
    {
      label: '不合格党员',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'years', years: 3, anchor: 'start' },
      citation: item('⑧', '⑧近三年内有一年被评为不合格党员的'),
      description: '⑧ 起始日期填评定日期',
    },
    {
      label: '其他不宜情形',
      group: GROUP,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: item('⑨', '⑨有其他不宜担任村(社区)“两委”成员的情形'),
      description: '⑨ 兜底条款,备注中写明具体情形',
    },
  ],
  personRules: [
    {
      id: 'new-nominee-born-before-1960',
      label: '新提名人选提倡年龄一般在57周岁以下(1960年1月1日后出生)',
      effect: 'warning',
      when: { incumbent: false, bornBefore: '1960-01-01' },
      citation: c(STRUCTURE, '提倡年龄一般在57周岁以下(1960年1月1日后出生),具有高中或中专以上文化'),
    },
    {
      id: 'new-nominee-education',
      label: '新提名人选提倡具有高中或中专以上文化',
      effect: 'warning',
      when: { incumbent: false, educationBelow: '高中' },
      citation: c(STRUCTURE, '提倡年龄一般在57周岁以下(1960年1月1日后出生),具有高中或中专以上文化'),
    },
    {
      id: 'new-community-nominee-education',
      label: '新提名社区“两委”成员人选一般应具有大专以上文化',
      effect: 'warning',
      when: { incumbent: false, educationBelow: '大专', unitKinds: ['社区'] },
      citation: c(STRUCTURE, '新提名社区“两委”成员人选,提倡年龄一般在57周岁以下(1960年1月1日后出生),一般应具有大专以上文化'),
    },
    {
      id: 'secretary-renomination-born-before-1957',
      label: '继续提名党组织书记人选年龄一般不超过60周岁(1957年1月1日后出生),须经县换届领导小组办公室同意',
      effect: 'concern',
      when: { incumbent: true, posts: ['党组织书记'], bornBefore: '1957-01-01' },
      citation: c(
        STRUCTURE,
        '继续提名村(社区)党组织书记人选年龄一般不超过60周岁(1957年1月1日后出生),特别优秀的必须经乡镇党委研究上报县换届领导小组办公室同意后才能提名',
      ),
    },
  ],
  avoidance: [
    {
      id: 'supervision-committee',
      label: '村(居)民委员会成员的近亲属不得兼任村务监督委员会成员',
      relations: [...RELATIONS],
      between: [['committee'], ['supervision']],
      givesWay: 'second',
      citation: c('三(三)2.③推选村(居)务监督委员会', '村(居)民委员会成员及其近亲属、村民小组长不得兼任村务监督委员会成员'),
    },
  ],
  structure: {
    minWomen: 1,
    citation: c(STRUCTURE, '每个村(居)民委员会至少有1名女性干部'),
  },
};
