// Every page's title (document.title) and its help panel in plain Chinese: what the page is for
// and what to do next. One table, matched on the route, so a new page cannot forget either.
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Collapse, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { matchPath, useLocation } from 'react-router-dom';

interface Guide {
  title: string;
  /** What this page is for, in one sentence. */
  purpose: string;
  /** What to do next, step by step. */
  next: string[];
}

/** Ordered: the first pattern that matches wins (so /batches/new before /batches/:id). */
const GUIDES: ReadonlyArray<readonly [pattern: string, guide: Guide]> = [
  [
    '/batches/new',
    {
      title: '提交人选名单',
      purpose: '把本乡镇（街道）的候选人选名单交给各部门联审。',
      next: [
        '下载名单模板，在 Excel 中逐人填写；身份证号按文本填写。',
        '选择填好的文件（近亲属可填在模板的“近亲属”表里）。',
        '点“校验”：有错误会在表中标出，改正后重新选择文件；系统自动更正的地方会列出来，请核对。',
        '校验通过后点“确认提交”，名单即进入联审，可在“批次与进度”中查看。',
      ],
    },
  ],
  [
    '/batches/:id',
    {
      title: '批次进度',
      purpose: '查看这一批人选每个人的部门答复进度和联审结论。',
      next: [
        '“部门答复”一栏显示已答复的部门数；全部答复后给出结论。',
        '结论为“待研判”的人选由组织部门研究决定，无需重复提交。',
        '全部有了结论后，下载“反馈名单”（Excel）留存。',
      ],
    },
  ],
  [
    '/batches',
    {
      title: '批次与进度',
      purpose: '列出已提交的各批名单和每批的联审进度。',
      next: ['点批次名称查看每个人的进度和结论。', '要提交新的名单，点“提交人选名单”。'],
    },
  ],
  [
    '/reviews/:taskId',
    {
      title: '审查人选',
      purpose: '对一名人选查询本部门记录，并如实答复。',
      next: [
        '按页面上的身份信息查询本部门记录；有“记录匹配提示”的请逐条核实。',
        '没有记录选“无记录”；有记录选“有记录”，逐条填写类别、日期、状态和文号。',
        '点“提交答复”并在确认框中核对，提交后写入审计记录，不能撤回。',
        '本部门开启负责人审核的，“有记录”的答复由审核人点“批准”后才生效，或“退回”重新核查。',
      ],
    },
  ],
  [
    '/reviews',
    {
      title: '待办审查',
      purpose: '本部门需要答复的人选，按答复期限排列。',
      next: [
        '点姓名逐个审查，有记录匹配提示的必须逐个审查。',
        '确实都没有记录的，可用“以上人员经查无记录”一次答复全部无提示的人员。',
        '“已答复”页可查看每个答复的结果和答复人。',
        '逾期未答复的任务确有正当理由的，可在“逾期”页点“申请延期”并写明理由，由组织部门审批。',
      ],
    },
  ],
  [
    '/review-settings',
    {
      title: '审查设置',
      purpose: '谁审查谁负责：设置本部门“有记录”的答复是否须经部门负责人审核，谁是审核人，以及审查时查询的记录来源。',
      next: [
        '开启审核并选择审核人（部门负责人）；审核人不能审核自己提交的答复。',
        '列出本部门查询的系统或台账；审查人员每次答复都要勾选实际查询过的来源。',
        '开启后，设置只能由审核人或组织部门修改；每次修改记入审计记录。',
      ],
    },
  ],
  [
    '/records',
    {
      title: '记录提取上传',
      purpose: '上传本部门的记录提取表，系统按身份证号自动比对人选。',
      next: ['下载本部门的记录模板并按说明填写。', '选择文件后核对预览中标出的错误，改正后再上传。'],
    },
  ],
  [
    '/dashboard',
    {
      title: '工作总览',
      purpose: '查看本次换届联审的整体进度、逾期部门和各类结论人数。',
      next: [
        '对逾期未答复的部门点“提醒”。',
        '点部门名称下的“逾期任务”“催办记录”，查看该部门超期的任务和历次催办。',
        '有待研判人选时，到“待研判人选”逐个研究决定。',
      ],
    },
  ],
  [
    '/referred',
    {
      title: '待研判人选',
      purpose: '需要组织部门研究决定的人选及其理由和依据。',
      next: ['逐个查看理由和依据条款。', '作出决定并写明理由；部门尚未全部答复的，决定在答复齐全后生效。'],
    },
  ],
  [
    '/villages',
    {
      title: '村（社区）检查',
      purpose: '按村（社区）查看近亲属回避和班子结构情况。',
      next: ['有近亲属同村任职的，按回避规则处理。', '班子结构未达要求的，与乡镇（街道）沟通调整人选。'],
    },
  ],
  [
    '/reports/publicity',
    {
      title: '公示名单',
      purpose: '生成通过联审人选的公示名单，可直接打印（A4）。',
      next: ['核对名单后点“打印”。公示名单不含身份证号。'],
    },
  ],
  [
    '/reports',
    {
      title: '报表导出',
      purpose: '导出本次换届全部人选的联审结论报表（Excel）。',
      next: ['选择换届工作后点“导出”。', '报表中“未完成”的人选表示仍有部门未答复。'],
    },
  ],
  [
    '/audit/:candidateId',
    {
      title: '审计记录',
      purpose: '一名人选从提交到结论的每一步记录，并校验记录未被改动。',
      next: ['打开“只看关键事件”可隐去分派和“无记录”答复。'],
    },
  ],
  [
    '/audit',
    {
      title: '审计记录',
      purpose: '选择一名人选，查看其全部审计记录。',
      next: ['按姓名或村（社区）搜索，点姓名打开记录。'],
    },
  ],
  [
    '/campaigns/new',
    {
      title: '新建换届工作',
      purpose: '新建一次换届联审工作：名称、选举日期和适用的政策。',
      next: ['填写后保存，再上传行政区划名单、开设乡镇（街道）账号。'],
    },
  ],
  [
    '/campaigns/:id',
    {
      title: '换届设置',
      purpose: '一次换届工作的设置：行政区划名单、部门答复时限和政策版本。',
      next: ['上传或更新行政区划名单。', '核对各部门答复时限后保存。'],
    },
  ],
  [
    '/campaigns',
    {
      title: '换届设置',
      purpose: '列出各次换届联审工作。',
      next: ['点名称查看和修改设置，或新建一次换届工作。'],
    },
  ],
  [
    '/holidays',
    {
      title: '放假安排',
      purpose: '录入国务院公布的放假安排，部门答复期限按工作日计算。',
      next: ['每年公布后上传当年的放假安排。'],
    },
  ],
  [
    '/accounts',
    {
      title: '账号管理',
      purpose: '为乡镇（街道）、各部门和组织部门开设和管理账号。',
      next: ['新建账号后把临时密码交给本人，首次登录须修改。', '人员变动时停用账号。'],
    },
  ],
  [
    '/change-password',
    {
      title: '修改密码',
      purpose: '设置您自己的登录密码。',
      next: ['输入当前密码和两次新密码后保存。'],
    },
  ],
  [
    '/policies/:id',
    {
      title: '政策详情',
      purpose: '一项政策的全部内容：依据文件、负责部门、负面清单和人选条件。',
      next: ['查看每一类记录的依据条款和原文。'],
    },
  ],
  [
    '/policies',
    {
      title: '政策（负面清单）',
      purpose: '联审依据的政策及其版本。',
      next: ['点政策名称查看内容。', '组织部门可下载模板、上传县里的政策文件。'],
    },
  ],
  ['/forbidden', { title: '无权访问', purpose: '您的账号不能打开这个页面。', next: ['从左侧菜单进入本账号可用的页面。'] }],
  [
    '/batches/:id/first-review',
    {
      title: '乡镇初审',
      purpose: '报送区县联审之前，逐人核对本批人选是否符合候选人条件，填写初审意见。',
      next: [
        '系统已核对身份证号、按参考日计算的周岁年龄、学历和政策规定的条件，请逐条核实。',
        '逐人选择“符合条件”或“不符合”，不符合的写明理由，点“保存初审意见”。',
        '全部填好后点“报送区县联审”：报送后才发给各部门审查，不符合的人选不报送（显示为已撤回）。',
      ],
    },
  ],
  [
    '/publicity',
    {
      title: '公示与异议',
      purpose: '对联审通过的人选开始公示，登记公示期间收到的异议及核查结果。',
      next: [
        '选择范围（全部或某个乡镇（街道））和开始日期，点“开始公示”；公示天数按工作日计算。',
        '收到异议后点“登记异议”，写明反映人（可匿名）、收到方式和反映的问题。',
        '核查后点“核查结果”：不属实的即结束；属实的发回部门重审或取消资格。',
        '公示期满且没有未结的异议和重审，名单即确定。',
      ],
    },
  ],
  [
    '/exports',
    {
      title: '我的导出',
      purpose: '数据量大的报表在后台生成，生成后在这里下载（文件保留 1 天，下载链接几分钟内有效）。',
      next: ['点“导出联审台账”等按钮开始生成，完成后铃铛中会有通知。', '状态为“已完成”的点“下载”。'],
    },
  ],
  [
    '/filings',
    {
      title: '书记人选备案',
      purpose: '党组织书记人选经组织部门备案同意后，方为最终人选并列入公示名单。',
      next: [
        '联审结论为“通过”的书记人选，核对考察材料后点“同意备案”。',
        '不同意的点“不同意”并写明理由；该人选不列入公示名单。',
        '备案意见和时间记入该人选的审计记录。',
      ],
    },
  ],
  [
    '/dashboard/departments/:code',
    {
      title: '部门逾期任务',
      purpose: '查看一个逾期部门在本次换届中超过答复期限的任务和对它的催办记录（只读）。',
      next: [
        '任务由该部门审查员在本部门待办中答复；需要时回到工作总览点“催办”。',
        '部门提出延期申请的，到“延期申请”审批。',
        '点“审计记录”查看该人选的全部经过。',
      ],
    },
  ],
  [
    '/extensions',
    {
      title: '延期申请',
      purpose: '各部门对逾期未答复任务提出的延期申请，由组织部门审批。',
      next: [
        '逐件查看申请理由；批准后该人选重新发送给该部门，按新的答复期限办理。',
        '不批准的点“不批准”并写明理由，逾期未答复的结果不变。',
        '申请和审批结果都记入该人选的审计记录，并通知对方。',
      ],
    },
  ],
  [
    '/recheck-requests',
    {
      title: '重审申请',
      purpose: '乡镇（街道）对已有联审结论的人选，申请某一部门重新审查（如已履行义务、已移出失信名单），由组织部门审批。',
      next: [
        '逐件查看申请理由和附件（按文件名和 SHA-256 留存，原件在乡镇）；批准后该人选发回该部门重审。',
        '不批准的点“不批准”并写明理由，原联审结论不变。',
        '申请和审批结果都记入该人选的审计记录，并通知对方。',
      ],
    },
  ],
  [
    '/duplicates',
    {
      title: '重复报送',
      purpose: '同一人被两个乡镇（街道）报送时，由组织部门确定保留哪一名。',
      next: ['核对两边的人选信息后点“确定保留”，写明理由。', '未确定前，两名人选都不能公示。'],
    },
  ],
  [
    '/batches/:id/publicity',
    {
      title: '人选公示情况',
      purpose: '查看本批人选的公示时间、异议核查情况和重复报送情况。',
      next: ['有异议的人选在核查结束前不能确定。', '重复报送的人选由组织部门确定保留哪一名。'],
    },
  ],
  [
    '/reports/sheet/:id',
    {
      title: '资格审查表',
      purpose: '一名人选的资格审查表：基本情况、各部门审查意见、联审结论和依据条款，一页 A4。',
      next: ['点“打印”，各部门在“盖章 / 签字”栏盖章签字。', '表下方的审计链摘要可与审计记录核对。'],
    },
  ],
];

const NOT_FOUND: Guide = { title: '页面不存在', purpose: '没有这个页面。', next: ['从左侧菜单进入需要的页面。'] };

export function guideOf(pathname: string): Guide | undefined {
  return GUIDES.find(([pattern]) => matchPath(pattern, pathname) !== null)?.[1];
}

/** Sets the browser tab's title: 待办审查 · 资格联审. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · 资格联审`;
  }, [title]);
}

const OPEN_KEY = 'lianshen.help.open';

/** The help panel of the page at the current route; its open/closed state is remembered in this browser. */
export function PageGuide() {
  const { pathname } = useLocation();
  const guide = pathname === '/' ? undefined : (guideOf(pathname) ?? NOT_FOUND);
  usePageTitle(guide?.title ?? '首页');
  const [open, setOpen] = useState(() => localStorage.getItem(OPEN_KEY) === '1');
  if (!guide) return null;
  return (
    <Collapse
      size="small"
      className="page-guide"
      data-testid="page-help"
      activeKey={open ? ['help'] : []}
      onChange={(keys) => {
        const next = keys.length > 0;
        localStorage.setItem(OPEN_KEY, next ? '1' : '0');
        setOpen(next);
      }}
      items={[
        {
          key: 'help',
          label: (
            <span>
              <QuestionCircleOutlined /> 本页说明：{guide.purpose}
            </span>
          ),
          children: (
            <div data-testid="page-help-body">
              <Typography.Text strong>接下来做什么</Typography.Text>
              <ol style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                {guide.next.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </div>
          ),
        },
      ]}
    />
  );
}
