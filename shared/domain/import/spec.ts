// The upload formats: sheet names, header rows, limits, and the template's example rows.

export const CANDIDATE_SHEET = '候选人';
export const RELATIVES_SHEET = '近亲属';
export const RECORDS_SHEET = '部门记录';
export const INSTRUCTIONS_SHEET = '填写说明';
/** Hidden sheet holding drop-down lists too long for an inline list. */
export const OPTIONS_SHEET = '选项';

export const CANDIDATE_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '民族',
  '身份证号',
  '出生年月',
  '学历',
  '政治面貌',
  '乡镇(街道)',
  '村(社区)',
  '拟任职务',
  '人选类型',
  '是否现任',
] as const;
export type CandidateHeader = (typeof CANDIDATE_HEADERS)[number];

export const RELATIVE_HEADERS = ['候选人身份证号', '亲属姓名', '关系', '亲属身份证号'] as const;
export type RelativeHeader = (typeof RELATIVE_HEADERS)[number];

export const RECORD_HEADERS = ['部门', '身份证号', '姓名', '记录类别', '起始日期', '终止日期', '状态', '文号', '备注'] as const;
export type RecordHeader = (typeof RECORD_HEADERS)[number];

/** The campaign's 行政区划 list: one row per village or community. */
export const UNITS_SHEET = '行政区划';
/** 乡镇代码 is optional: without it, codes come from shared/domain/township-code.ts. */
export const UNIT_HEADERS = ['乡镇(街道)', '乡镇代码', '村(社区)', '类型'] as const;
export type UnitHeader = (typeof UNIT_HEADERS)[number];
export const UNIT_CODE_HEADER: UnitHeader = '乡镇代码';

/** One year's 放假安排 as the organization department types it from the State Council's notice. */
export const HOLIDAYS_SHEET = '放假安排';
export const HOLIDAY_HEADERS = ['日期', '类型', '说明'] as const;
export type HolidayHeader = (typeof HOLIDAY_HEADERS)[number];
export const HOLIDAY_KINDS = ['放假', '上班'] as const;
/** A year has at most 366 days. */
export const MAX_HOLIDAY_ROWS = 366;

export const MAX_BATCH_ROWS = 5000;
/** A batch of 5,000 candidates with their near relatives. */
export const MAX_RELATIVE_ROWS = 50_000;
export const MAX_RECORD_ROWS = 50_000;

/** Other names people give these columns; used only to suggest the right header. */
export const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  序号: ['编号', '顺序号', '序列号', 'NO', 'NO.'],
  姓名: ['名字', '候选人姓名', '人选姓名', '候选人'],
  性别: ['性別'],
  民族: ['族别', '民族成分'],
  身份证号: ['身份证号码', '身份证', '公民身份号码', '证件号码', '身份证件号码', '证件号'],
  出生年月: ['出生日期', '出生年月日', '生日', '出生时间'],
  学历: ['文化程度', '最高学历', '学历层次'],
  政治面貌: ['政治身份', '党派'],
  '乡镇(街道)': ['乡镇', '街道', '乡镇街道', '乡(镇)', '镇(街道)', '乡镇(街)', '所属乡镇'],
  '村(社区)': ['村', '社区', '村社区', '村(居)', '村居', '所在村', '村(社区)名称'],
  拟任职务: ['职务', '拟任岗位', '拟任职位', '推荐职务', '拟推职务'],
  人选类型: ['类型', '候选人类型', '人选来源'],
  是否现任: ['现任', '是否在任', '是否连任'],
  候选人身份证号: ['候选人身份证号码', '候选人身份证', '身份证号', '身份证号码'],
  亲属姓名: ['姓名', '亲属', '亲属名字'],
  关系: ['亲属关系', '与候选人关系', '称谓', '与本人关系'],
  亲属身份证号: ['亲属身份证号码', '亲属身份证'],
  部门: ['单位', '部门名称', '填报单位', '单位名称'],
  记录类别: ['类别', '记录类型', '问题类别', '类型'],
  起始日期: ['开始日期', '起始时间', '开始时间', '起始日'],
  终止日期: ['结束日期', '截止日期', '终止时间', '结束时间'],
  状态: ['当前状态', '处理状态'],
  文号: ['文件号', '决定书文号', '文书号'],
  备注: ['说明', '其他'],
  乡镇代码: ['代码', '乡镇编码', '区划代码', '街道代码'],
  日期: ['时间', '日子'],
  说明: ['备注', '节日', '名称'],
};

/** GB 11643-1999's own example number: no real person holds it, so the example row is recognisable. */
export const EXAMPLE_ID = '11010519491231002X';

export const EXAMPLE_CANDIDATE: Readonly<Record<CandidateHeader, string>> = {
  序号: '1',
  姓名: '示例人',
  性别: '女',
  民族: '汉族',
  身份证号: EXAMPLE_ID,
  出生年月: '1949-12',
  学历: '高中',
  政治面貌: '中共党员',
  '乡镇(街道)': '示例镇',
  '村(社区)': '示例村',
  拟任职务: '村(居)委会委员',
  人选类型: '初步人选',
  是否现任: '否',
};

export const EXAMPLE_UNITS: ReadonlyArray<Readonly<Record<UnitHeader, string>>> = [
  { '乡镇(街道)': '示例镇', 乡镇代码: '', '村(社区)': '示例村', 类型: '村' },
  { '乡镇(街道)': '示例镇', 乡镇代码: '', '村(社区)': '示例社区', 类型: '社区' },
];

export const EXAMPLE_RELATIVE: Readonly<Record<RelativeHeader, string>> = {
  候选人身份证号: EXAMPLE_ID,
  亲属姓名: '示例亲属',
  关系: '配偶',
  亲属身份证号: '',
};

/** The 56 nationalities (GB/T 3304), and other entries printed on resident ID cards. */
export const ETHNIC_GROUPS = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;
export const OTHER_ETHNICITIES = ['其他', '外国血统中国籍人士', '穿青人', '革家人', '未识别民族'] as const;
