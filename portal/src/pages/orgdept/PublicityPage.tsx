import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { getJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { beijingDate } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { ClearanceReport, PublicityList } from '../../../../shared/api';
import { printedPublicity } from './publicityPrint';

/** 出生年月 as printed on a notice: 1980.05 */
function birthLabel(birth: string): string {
  return birth.slice(0, 7).replace('-', '.');
}

/** The 公示 list: candidates who passed the joint review. A4 portrait through the print stylesheet; no ID numbers. */
export function PublicityPage() {
  const { current } = useCampaigns();
  const navigate = useNavigate();
  const state = useLoad(
    () =>
      current
        ? getJson<ClearanceReport>(`/campaigns/${encodeURIComponent(current.id)}/report?format=json`)
        : Promise.reject(new Error('尚未创建换届工作')),
    [current?.id],
  );
  const periods = useLoad(
    () => (current ? getJson<PublicityList>(`/campaigns/${encodeURIComponent(current.id)}/publicity`) : Promise.resolve({ periods: [] })),
    [current?.id],
  );
  return (
    <Loaded state={state}>
      {(r) => {
        const printed = printedPublicity(
          periods.data,
          r.rows.filter((x) => x.mayStand).map((x) => x.candidateId),
        );
        const standing = r.rows.filter((x) => x.mayStand && !printed.removed.has(x.candidateId));
        const title = `${r.campaign.name}候选人资格联审结果公示`;
        return (
          <div>
            <Space className="no-print" style={{ marginBottom: 12 }}>
              <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/reports')}>
                返回报表
              </Button>
              <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
                打印（A4）
              </Button>
              <span className="muted">打印时只输出下面的公示内容。</span>
            </Space>
            <div className="print-sheet" data-testid="publicity-sheet">
              <h1>{title}</h1>
              <p className="intro">
                根据换届工作有关规定，经资格联审，以下 {standing.length}
                名同志符合候选人资格条件，现予以公示。公示期间，如对公示对象有异议，请以书面或当面方式向换届工作领导小组办公室反映。反映情况应实事求是，并提供具体事实或线索。
              </p>
              <table>
                <thead>
                  <tr>
                    <th>序号</th>
                    <th>乡镇(街道)</th>
                    <th>村(社区)</th>
                    <th>姓名</th>
                    <th>性别</th>
                    <th>出生年月</th>
                    <th>文化程度</th>
                    <th>政治面貌</th>
                    <th>拟任职务</th>
                  </tr>
                </thead>
                <tbody>
                  {standing.length === 0 ? (
                    <tr>
                      <td colSpan={9}>暂无通过资格联审的人选</td>
                    </tr>
                  ) : (
                    standing.map((x, i) => (
                      <tr key={x.candidateId}>
                        <td>{i + 1}</td>
                        <td>{x.township}</td>
                        <td>{x.village}</td>
                        <td>{x.name}</td>
                        <td>{x.sex}</td>
                        <td>{birthLabel(x.birth)}</td>
                        <td>{x.education}</td>
                        <td>{x.political}</td>
                        <td>{x.post}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
              <div className="footer">
                {printed.dates === undefined ? (
                  <p>
                    {printed.mixed
                      ? '公示时间：各乡镇（街道）分别公示，见“公示与异议”'
                      : '公示时间：\u2003\u2003年\u2003月\u2003日至\u2003\u2003年\u2003月\u2003日'}
                  </p>
                ) : (
                  <p data-testid="publicity-dates">
                    公示时间：{beijingDate(printed.dates.start)}至{beijingDate(printed.dates.end)}
                  </p>
                )}
                <p className="sign">{r.campaign.jurisdiction}换届工作领导小组办公室</p>
                <p className="sign">{beijingDate(r.generatedAt)}</p>
              </div>
            </div>
          </div>
        );
      }}
    </Loaded>
  );
}
