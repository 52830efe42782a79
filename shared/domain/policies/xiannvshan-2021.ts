// Xiannvshan subdistrict (Wulong district, Chongqing), 2021: the "不选" list and the bottom lines.
import { type PolicyInput, RELATIONS } from '../model.js';
import { SEED_XIANNVSHAN, citer } from './seeds.js';

const TITLE = '《仙女山街道村(社区)“两委”换届工作方案》';
const c = citer(SEED_XIANNVSHAN, TITLE);
const STANDARD = '二(一)严格人选标准';
const REVIEW = '二(二)从严审查把关';
const STRUCTURE = '二(五)优化班子结构';

/** The residents' committee schedule leaves the district joint review 3 days (05-11 → 05-14). */
const SLA = 3;
const BOTTOM_LINE = '底线要求';
const NOT_SELECTED = '不选';

const BOTTOM_LINE_QUOTE =
  '对政治上的两面人,受过刑事处罚、存在“村霸”和涉黑涉恶等问题人员,非法宗教的组织者、实施者、参与者,坚决杜绝进入村“两委”';

export const xiannvshan2021: PolicyInput = {
  id: 'xiannvshan-2021',
  version: '2.0.0',
  name: '武隆区仙女山街道2021年村(社区)“两委”换届区、乡联审',
  jurisdiction: '重庆市武隆区仙女山街道',
  document: {
    title: TITLE,
    date: '2021-01-08',
    issuer: '中共重庆市武隆区仙女山街道工作委员会、重庆市武隆区人民政府仙女山街道办事处',
  },
  source: c(REVIEW, '提前对村(社区)“两委”拟继任人选、新提名人选以及其他人选进行区、乡联审,严把入口关'),
  notes: [
    'Derived from 000 (附件1 of the notice of 2021年1月8日, 《仙女山街道村(社区)“两委”换届工作方案》), section 二: the bottom lines of 二(二) ("把牢底线要求...坚决杜绝进入村“两委”") and the ten "坚决不选" items of 二(一) are all bars.',
    'Why the "不选" items are bars: "坚决不选…的人" is categorical, and the plan says what a finding in the joint review does — "联审发现不符合条件人员,取消其资格" (三(四)1(1)⑤). When a department reports one of them, the candidate is disqualified. Items that repeat a bottom line map to it: "违法犯罪" with a criminal conviction is 刑事处罚, "充当“村霸”" is 村霸, "涉黑涉恶涉邪教和参与非法宗教" is 涉黑涉恶, 涉邪教 and 非法宗教.',
    'No time limits are stated, so every window is permanent.',
    'Departments: the seed names no district departments — it sends nominees to the "区委组织部" (Party organisation) and to "区级部门" (committees) for the joint review. This policy uses a documented set: 区委组织部 and 区民政局 (both named in the plan), plus the units that hold records for the categories: 区纪委监委 (discipline, misuse of collective funds, vote-buying), 区委政法委 (村霸, 涉黑涉恶), 区法院, 区检察院, 区公安局 and 区司法局 (criminal records), 区委统战部 (religious affairs: 非法宗教, 邪教), 区信访办 (disturbing public order, false accusations) and 区农业农村委 (the outgoing-cadre audits of "武农发〔2020〕15号"). The other seeds support this kind of set: 003 names 组织、纪检、宣传、民政、政法、信访, 004 "县纪委、县委统战部等16个相关县级部门".',
    'Mode: 法院, 检察院, 公安局 and 司法局 answer from an extract; the rest in the portal. SLA: 3 days for everyone — for the residents\' committees the township first review is due 5月11日, the district joint review 5月12日 and the result must be back by 5月14日 (the seed misprints this as "2012年5月14日前"). The Party-committee round (初步人选 by 2月9日, joint review by 2月22日) is looser.',
    'Near-relative avoidance (二(二)): exactly the relations the seed lists (配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女), between any two posts of the 两委 (Party committee and 村(居)民委员会) of one village or community; the plan does not say who gives way, so the township and the organization department decide.',
    'Structure targets: at least 1 member 35 or under, at least 1 woman, 高中(中专) or above for the majority ("为主体"), and 一肩挑 (the Party secretary is also the committee chair). The stricter 大专 line for communities is not applied: a dossier does not say whether a unit is a village or a community.',
    'New members "一般应具有高中(中专)以上文化程度" → a warning below 高中/中专. The plan sets no age limit (older secretaries "可继续留任").',
  ],
  departments: [
    {
      code: 'organisation',
      name: '区委组织部',
      slaDays: SLA,
      mode: 'manual',
      categories: ['政治上的两面人', '党性不强、作风不实', '不讲正气、不敢担当', '不履行职责、无所作为'],
    },
    {
      code: 'discipline',
      name: '区纪委监委',
      slaDays: SLA,
      mode: 'manual',
      categories: ['办事不公、优亲厚友', '侵占集体利益、吃拿卡要', '大操大办、变相敛财', '拉票贿选、造谣诬告', '政治上的两面人'],
    },
    { code: 'political-legal', name: '区委政法委', slaDays: SLA, mode: 'manual', categories: ['村霸', '涉黑涉恶', '参与家族宗族势力'] },
    { code: 'court', name: '区法院', slaDays: SLA, mode: 'auto', categories: ['刑事处罚'] },
    { code: 'procuratorate', name: '区检察院', slaDays: SLA, mode: 'auto', categories: ['刑事处罚'] },
    {
      code: 'public-security',
      name: '区公安局',
      slaDays: SLA,
      mode: 'auto',
      categories: ['刑事处罚', '村霸', '涉黑涉恶', '涉邪教', '扰乱社会秩序、违法犯罪'],
    },
    { code: 'justice', name: '区司法局', slaDays: SLA, mode: 'auto', categories: ['刑事处罚'] },
    { code: 'united-front', name: '区委统战部', slaDays: SLA, mode: 'manual', categories: ['非法宗教', '涉邪教'] },
    { code: 'petitions', name: '区信访办', slaDays: SLA, mode: 'manual', categories: ['扰乱社会秩序、违法犯罪', '拉票贿选、造谣诬告'] },
    { code: 'civil-affairs', name: '区民政局', slaDays: SLA, mode: 'manual', categories: ['拉票贿选、造谣诬告'] },
    { code: 'agriculture', name: '区农业农村委', slaDays: SLA, mode: 'manual', categories: ['侵占集体利益、吃拿卡要'] },
  ],
  categories: [
    // 底线要求 → bar
    { label: '政治上的两面人', group: BOTTOM_LINE, severity: 'bar', window: { kind: 'permanent' }, citation: c(REVIEW, BOTTOM_LINE_QUOTE) },
    {
      label: '刑事处罚',
      group: BOTTOM_LINE,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(REVIEW, BOTTOM_LINE_QUOTE),
      description: '受过刑事处罚(无期限)',
    },
    { label: '村霸', group: BOTTOM_LINE, severity: 'bar', window: { kind: 'permanent' }, citation: c(REVIEW, BOTTOM_LINE_QUOTE) },
    { label: '涉黑涉恶', group: BOTTOM_LINE, severity: 'bar', window: { kind: 'permanent' }, citation: c(REVIEW, BOTTOM_LINE_QUOTE) },
    {
      label: '非法宗教',
      group: BOTTOM_LINE,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(REVIEW, BOTTOM_LINE_QUOTE),
      description: '非法宗教的组织者、实施者、参与者',
    },
    {
      label: '涉邪教',
      group: BOTTOM_LINE,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选涉黑涉恶涉邪教和参与非法宗教的人'),
      description: '邪教属非法宗教组织,按底线要求处理',
    },
    // 不选 → concern
    {
      label: '党性不强、作风不实',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '坚决不选党性不强、作风不实的人'),
    },
    {
      label: '不讲正气、不敢担当',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选不讲正气、不敢担当的人'),
    },
    {
      label: '办事不公、优亲厚友',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选办事不公、优亲厚友的人'),
    },
    {
      label: '侵占集体利益、吃拿卡要',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选侵占集体利益、吃拿卡要的人'),
    },
    {
      label: '大操大办、变相敛财',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选大操大办、变相敛财的人'),
    },
    {
      label: '不履行职责、无所作为',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选不履行职责、无所作为的人'),
    },
    {
      label: '拉票贿选、造谣诬告',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选拉票贿选、造谣诬告的人'),
    },
    {
      label: '扰乱社会秩序、违法犯罪',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选扰乱社会秩序、违法犯罪的人'),
      description: '受过刑事处罚的按“刑事处罚”报送(底线要求)',
    },
    {
      label: '参与家族宗族势力',
      group: NOT_SELECTED,
      severity: 'bar',
      window: { kind: 'permanent' },
      citation: c(STANDARD, '不选参与家族宗族势力、充当“村霸”欺压群众的人'),
      description: '充当“村霸”的按“村霸”报送(底线要求)',
    },
  ],
  personRules: [
    {
      id: 'new-member-education',
      label: '新进成员一般应具有高中(中专)以上文化程度',
      effect: 'warning',
      when: { incumbent: false, educationBelow: '高中' },
      citation: c(STRUCTURE, '新进成员一般应具有高中(中专)以上文化程度'),
    },
  ],
  avoidance: [
    {
      id: 'two-committees',
      label: '村(社区)“两委”成员近亲属回避',
      relations: [...RELATIONS],
      between: [
        ['party', 'committee'],
        ['party', 'committee'],
      ],
      givesWay: 'either',
      citation: c(REVIEW, '存在配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女关系的,不得同时在同一个村(社区)“两委”任职'),
    },
  ],
  structure: {
    minUnder35: 1,
    minWomen: 1,
    minEducation: '高中',
    oneShoulder: true,
    citation: c(STRUCTURE, '原则上每个村(社区)“两委”中至少有1名35岁以下的年轻干部'),
    targetCitations: {
      minUnder35: c(STRUCTURE, '原则上每个村(社区)“两委”中至少有1名35岁以下的年轻干部'),
      minWomen: c(STRUCTURE, '村(社区)“两委”中至少有1名女性成员'),
      minEducation: c(STRUCTURE, '村“两委”成员以高中(中专)以上文化程度为主体'),
      oneShoulder: c('二(四)积极稳妥推行“一肩挑”', '全面推行村(社区)党组织书记依法兼任村(居)民委员会主任'),
    },
  },
};
