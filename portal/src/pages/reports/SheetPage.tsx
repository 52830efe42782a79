import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { getJson } from '../../api';
import { Loaded } from '../../components/Loaded';
import { useLoad } from '../../lib/useLoad';
import type { CandidateSheet } from '../../../../shared/api';
import './sheet.css';

/** 出生年月 as printed on a form: 1980.05 */
function birthLabel(birth: string): string {
  return birth.slice(0, 7).replace('-', '.');
}

/**
 * 资格审查表 of one candidate, laid out for one A4 page by the print stylesheet: particulars, each
 * department's answer with a blank for its seal and signature, the conclusion and its clauses,
 * and the audit chain head the paper can be checked against.
 */
export function SheetPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const state = useLoad(() => getJson<CandidateSheet>(`/candidates/${encodeURIComponent(id)}/sheet`), [id]);
  return (
    <Loaded state={state}>
      {(s) => (
        <div>
          <Space className="no-print" style={{ marginBottom: 12 }}>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
              打印（A4）
            </Button>
            <span className="muted">打印时只输出下面的审查表，一页 A4。</span>
          </Space>
          <div className="print-sheet candidate-sheet" data-testid="candidate-sheet">
            <h1>{s.campaign.name}候选人资格审查表</h1>
            <table className="particulars">
              <tbody>
                <tr>
                  <th>姓名</th>
                  <td>{s.candidate.name}</td>
                  <th>性别</th>
                  <td>{s.candidate.sex}</td>
                  <th>出生年月</th>
                  <td>{birthLabel(s.candidate.birth)}</td>
                </tr>
                <tr>
                  <th>身份证号</th>
                  <td>{s.candidate.idNumberMasked}</td>
                  <th>文化程度</th>
                  <td>{s.candidate.education}</td>
                  <th>政治面貌</th>
                  <td>{s.candidate.political}</td>
                </tr>
                <tr>
                  <th>乡镇(街道)</th>
                  <td>{s.candidate.township}</td>
                  <th>村(社区)</th>
                  <td>{s.candidate.village}</td>
                  <th>拟任职务</th>
                  <td>
                    {s.candidate.post}（{s.candidate.nominationType}）
                  </td>
                </tr>
              </tbody>
            </table>
            <table className="answers" data-testid="sheet-answers">
              <thead>
                <tr>
                  <th>审查部门</th>
                  <th>审查意见</th>
                  <th>记录类别 / 文号</th>
                  <th>答复人 / 时间</th>
                  <th className="seal">盖章 / 签字</th>
                </tr>
              </thead>
              <tbody>
                {s.departments.map((d) => (
                  <tr key={d.department}>
                    <td>{d.departmentName}</td>
                    <td>
                      {d.answer}
                      {d.late && d.answer !== '逾期' ? '（逾期后答复）' : ''}
                    </td>
                    <td>{[d.categories.join('、'), d.documentNumbers.join('、')].filter((x) => x !== '').join('；')}</td>
                    <td>{[d.answeredBy, d.approvedBy ? `审核：${d.approvedBy}` : '', d.answeredAt].filter((x) => x !== '').join(' ')}</td>
                    <td className="seal" />
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="conclusion">
              <p>
                <strong>联审结论：</strong>
                <span data-testid="sheet-conclusion">{s.conclusion}</span>
              </p>
              <ol>
                {s.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ol>
            </div>
            <div className="signatures">
              <span>组织部门（盖章）：</span>
              <span>经办人（签字）：</span>
              <span>日期：　　年　　月　　日</span>
            </div>
            <p className="footnote">
              依据 {s.policy.name}（{s.policy.version}）。打印时间 {s.generatedAtText}（北京时间）。审计链：
              {s.audit === null ? '尚无记录' : `共 ${s.audit.seq + 1} 条，链头摘要 ${s.audit.hash.slice(0, 16)}…`}
            </p>
          </div>
        </div>
      )}
    </Loaded>
  );
}
