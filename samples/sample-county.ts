// The bundled sample county batch (昌国街道, policy dinghai-2017), written out by
// scripts/make-samples.ts. Every decision class appears, with the department that causes it:
//   disqualified  杨明 (区公安分局 刑事处罚, ended 2023), 孙浩 (区纪委 党纪处分 still running),
//                 何平 (区法院 刑事处罚 without an end date), 郑勇 (区公安分局 涉黑涉恶)
//   referred      李秀英 (区住建局 违章建房 未整改), 朱红 (市场监管 失信被执行人), 谢斌 (区环保局),
//                 陈刚 (incumbent man aged 57+ in 海山社区, a 农村社区: a person rule, no department involved)
//   incomplete    黄磊: 区公安分局's extract holds his ID number under another name (黄雷). That is a
//                 match hint, so the checker does not answer by itself; the task waits in the
//                 department's inbox and nobody answers it before the deadline.
//   cleared       the rest, including 徐静 (a sentence that ended more than 5 years ago), 林涛
//                 (违章建房 already 已整改) and 胡军 (incumbent man aged 57+, but in 北门村, a 村: the
//                 农村社区 clause does not apply).
// Near relatives: 周敏 and 吴强 (配偶, 檀东社区); 高峰 and 高明 (父母/子女, 南岙村).
import { makeIdNumber, seqFor } from './people.js';

/**
 * The sample's 行政区划 list: 昌国街道 and the four units its batch names. The seeds name no units of
 * 昌国街道, so the kinds are guesses from the names, except one: the 昌国 plan's own age clause is
 * about "农村社区", so the subdistrict has at least one, and 海山社区 is taken to be it (a former
 * village, 村改居). 檀东社区 is taken as an urban 社区, 北门村 and 南岙村 as 村.
 */
export const SAMPLE_UNITS = [
  { name: '海山社区', kind: '农村社区' },
  { name: '檀东社区', kind: '社区' },
  { name: '北门村', kind: '村' },
  { name: '南岙村', kind: '村' },
] as const;

export const SAMPLE_CAMPAIGN = {
  id: 'dinghai-2027-sample',
  name: '昌国街道2027年村和社区组织换届资格联审（示例）',
  jurisdiction: '浙江省舟山市定海区昌国街道',
  policyId: 'dinghai-2017',
  electionDate: '2027-03-28',
  townships: [{ code: 'changguo', name: '昌国街道', villages: SAMPLE_UNITS }],
} as const;

export const SAMPLE_TOWNSHIP = SAMPLE_CAMPAIGN.townships[0];

interface SamplePerson {
  name: string;
  sex: '男' | '女';
  birth: string; // YYYY-MM-DD
  education: string;
  political: string;
  village: string;
  post: string;
  nomination: string;
  incumbent: boolean;
}

const P = (
  name: string,
  sex: '男' | '女',
  birth: string,
  education: string,
  political: string,
  village: string,
  post: string,
  nomination: string,
  incumbent: boolean,
): SamplePerson => ({ name, sex, birth, education, political, village, post, nomination, incumbent });

const PEOPLE: SamplePerson[] = [
  P('王建国', '男', '1972-05-14', '高中', '中共党员', '海山社区', '党组织书记', '初步人选', true),
  P('李秀英', '女', '1985-03-02', '大专', '中共党员', '海山社区', '村(居)委会主任', '初步人选', false),
  P('张伟', '男', '1990-08-21', '本科', '群众', '海山社区', '村(居)委会委员', '初步人选', false),
  P('刘芳', '女', '1995-11-09', '本科', '共青团员', '海山社区', '村(居)委会委员', '自荐人', false),
  P('陈刚', '男', '1968-02-17', '初中', '中共党员', '海山社区', '监督委员会主任', '初步人选', true),
  P('杨明', '男', '1978-07-30', '高中', '群众', '海山社区', '村(居)委会委员', '初步人选', false),

  P('赵丽', '女', '1983-09-12', '本科', '中共党员', '檀东社区', '党组织书记', '初步人选', true),
  P('黄磊', '男', '1987-12-03', '大专', '中共党员', '檀东社区', '村(居)委会主任', '初步人选', false),
  P('周敏', '女', '1992-04-25', '本科', '群众', '檀东社区', '村(居)委会委员', '初步人选', false),
  P('吴强', '男', '1990-01-08', '大专', '中共党员', '檀东社区', '村(居)委会委员', '初步人选', false),
  P('徐静', '女', '1980-06-19', '中专', '群众', '檀东社区', '监督委员会委员', '另选他人', false),
  P('孙浩', '男', '1979-10-27', '高中', '中共党员', '檀东社区', '监督委员会主任', '初步人选', false),

  P('马超', '男', '1975-03-11', '初中', '中共党员', '北门村', '党组织书记', '初步人选', true),
  P('朱红', '女', '1988-08-16', '高中', '中共党员', '北门村', '村(居)委会副主任', '初步人选', false),
  P('胡军', '男', '1965-12-05', '小学', '群众', '北门村', '村(居)委会委员', '初步人选', true),
  P('郭燕', '女', '1998-02-28', '本科', '共青团员', '北门村', '村(居)委会委员', '自荐人', false),
  P('林涛', '男', '1982-05-06', '高中', '群众', '北门村', '监督委员会委员', '初步人选', false),
  P('何平', '男', '1980-09-23', '大专', '中共党员', '北门村', '村(居)委会主任', '初步人选', false),

  P('高峰', '男', '1971-01-18', '大专', '中共党员', '南岙村', '党组织书记', '初步人选', true),
  P('罗娟', '女', '1986-07-04', '本科', '中共党员', '南岙村', '村(居)委会主任', '初步人选', false),
  P('郑勇', '男', '1979-04-13', '高中', '群众', '南岙村', '村(居)委会委员', '初步人选', false),
  P('梁霞', '女', '1991-10-30', '大专', '群众', '南岙村', '村(居)委会委员', '初步人选', false),
  P('谢斌', '男', '1984-02-09', '高中', '中共党员', '南岙村', '监督委员会主任', '初步人选', false),
  P('高明', '男', '2000-05-22', '本科', '共青团员', '南岙村', '监督委员会委员', '自荐人', false),
];

export interface SampleCandidate extends SamplePerson {
  seq: number;
  idNumber: string;
}

export const SAMPLE_CANDIDATES: SampleCandidate[] = PEOPLE.map((p, i) => ({
  ...p,
  seq: i + 1,
  idNumber: makeIdNumber(p.birth, seqFor(p.sex, 40 + i)),
}));

function byName(name: string): SampleCandidate {
  const c = SAMPLE_CANDIDATES.find((x) => x.name === name);
  if (!c) throw new Error(`sample candidate ${name} missing`);
  return c;
}

export function candidateRows(): string[][] {
  return SAMPLE_CANDIDATES.map((c) => [
    String(c.seq),
    c.name,
    c.sex,
    '汉族',
    c.idNumber,
    c.birth.slice(0, 7),
    c.education,
    c.political,
    SAMPLE_TOWNSHIP.name,
    c.village,
    c.post,
    c.nomination,
    c.incumbent ? '是' : '否',
  ]);
}

export function relativeRows(): string[][] {
  const zhou = byName('周敏');
  const wu = byName('吴强');
  const gaoFeng = byName('高峰');
  const gaoMing = byName('高明');
  return [
    [zhou.idNumber, wu.name, '配偶', wu.idNumber],
    [wu.idNumber, zhou.name, '配偶', zhou.idNumber],
    [gaoFeng.idNumber, gaoMing.name, '子女', gaoMing.idNumber],
    // A relative who is not a candidate: no conflict.
    [byName('王建国').idNumber, '王小燕', '子女', ''],
  ];
}

/** Department extracts: code → rows (without the header). Departments absent here get a header-only file. */
export function recordRows(): Map<string, string[][]> {
  const r = (
    dept: string,
    person: SampleCandidate,
    category: string,
    start: string,
    end: string,
    status: string,
    doc: string,
    note = '',
    name = person.name,
  ) => [dept, person.idNumber, name, category, start, end, status, doc, note];
  const map = new Map<string, string[][]>();
  const add = (code: string, row: string[]) => map.set(code, [...(map.get(code) ?? []), row]);

  add('public-security', r('区公安分局', byName('杨明'), '刑事处罚', '2022-06-01', '2023-06-01', '已执行完毕', '定公刑字〔2022〕118号', '拘役'));
  add('public-security', r('区公安分局', byName('郑勇'), '涉黑涉恶', '2023-09-15', '2024-03-20', '已结案', '定公刑字〔2023〕307号'));
  // Same ID number, another name: a hint for a reviewer, never an automatic answer.
  add('public-security', r('区公安分局', byName('黄磊'), '扰乱公共秩序', '2025-04-02', '2025-04-12', '已处理', '定公治字〔2025〕56号', '行政拘留', '黄雷'));
  add('court', r('区法院', byName('何平'), '刑事处罚', '2025-03-01', '', '缓刑考验期', '（2025）浙0902刑初88号', '判处有期徒刑一年，缓刑二年'));
  add('court', r('区法院', byName('杨明'), '刑事处罚', '2022-06-01', '2023-06-01', '已执行完毕', '（2022）浙0902刑初41号'));
  add('justice', r('区司法局', byName('徐静'), '刑事处罚', '2013-05-10', '2015-05-09', '社区矫正期满', '定司矫〔2013〕12号'));
  add('housing-construction', r('区住建局', byName('李秀英'), '违章建房', '2024-08-20', '', '未整改', '定建违〔2024〕233号'));
  add('housing-construction', r('区住建局', byName('林涛'), '违章建房', '2023-04-11', '2023-10-30', '已整改', '定建违〔2023〕87号'));
  add('market-supervision', r('市市场监督管理局定海分局', byName('朱红'), '失信被执行人', '2025-11-03', '', '未履行', '（2025）浙0902执1203号'));
  add('environment', r('区环保局', byName('谢斌'), '破坏生态环境', '2024-06-18', '2024-07-01', '已处罚', '舟定环罚〔2024〕45号'));
  add('discipline', r('区纪委', byName('孙浩'), '党纪处分', '2025-05-01', '2027-05-01', '处分期内', '定纪〔2025〕19号', '党内严重警告'));
  return map;
}

/** samples/units.csv: the 行政区划 list as the organization department would upload it. */
export function unitRows(): string[][] {
  return SAMPLE_CAMPAIGN.townships.flatMap((t) => t.villages.map((v) => [t.name, t.code, v.name, v.kind]));
}
