// 书记人选备案: every Party-secretary nominee the townships sent, with its joint review result; the
// organization department approves or rejects the filing. Only an approved nominee is on the 公示 list.
import { App as AntApp, Alert, Button, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { FilingList, FilingRequest, FilingResponse } from '../../../../shared/api';

type Row = FilingList['filings'][number];

const STATUS_COLOR: Record<Row['status'], string> = { pending: 'gold', approved: 'green', rejected: 'red' };

export function FilingsPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const campaignId = current?.id;
  const state = useLoad(
    () =>
      campaignId === undefined ? Promise.resolve(undefined) : getJson<FilingList>(`/campaigns/${encodeURIComponent(campaignId)}/filings`),
    [campaignId],
  );
  const [deciding, setDeciding] = useState<{ row: Row; decision: FilingRequest['decision'] } | null>(null);
  const [note, setNote] = useState('');

  async function decide() {
    if (deciding === null) return;
    try {
      const body: FilingRequest = { decision: deciding.decision, note };
      const done = await postJson<FilingResponse>(`/candidates/${encodeURIComponent(deciding.row.candidateId)}/filing`, body);
      message.success(`${deciding.row.name}：${done.statusLabel}`);
      setDeciding(null);
      setNote('');
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <CampaignPageHeader title="书记人选备案" onReload={state.reload} />
      <Loaded state={state}>
        {(list) =>
          list === undefined ? (
            <Alert type="info" message="请先选择换届工作" />
          ) : (
            <>
              <Alert
                type="info"
                showIcon
                message="党组织书记人选须经组织部门备案同意，方为最终人选并列入公示名单。"
                description={`依据：${list.basis}`}
              />
              <Table
                rowKey="candidateId"
                size="small"
                dataSource={list.filings}
                columns={[
                  { title: '乡镇(街道)', dataIndex: 'township' },
                  { title: '村(社区)', dataIndex: 'village' },
                  { title: '姓名', dataIndex: 'name' },
                  { title: '身份证号', dataIndex: 'idNumberMasked' },
                  {
                    title: '联审结论',
                    render: (_, r) =>
                      r.withdrawn ? <Tag>已撤回</Tag> : <Tag color={r.review === 'cleared' ? 'green' : 'default'}>{r.reviewLabel}</Tag>,
                  },
                  { title: '备案', render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{r.statusLabel}</Tag> },
                  {
                    title: '备案意见',
                    render: (_, r) => (r.decidedAt === null ? '' : `${r.note ?? ''}（${r.decidedBy ?? ''}，${formatTime(r.decidedAt)}）`),
                  },
                  {
                    title: '操作',
                    render: (_, r) =>
                      r.status !== 'pending' || r.withdrawn ? (
                        <Link to={`/audit/${encodeURIComponent(r.candidateId)}`}>审计记录</Link>
                      ) : (
                        <Space>
                          <Button
                            size="small"
                            type="primary"
                            disabled={r.review !== 'cleared'}
                            onClick={() => setDeciding({ row: r, decision: 'approve' })}
                          >
                            同意备案
                          </Button>
                          <Button size="small" danger onClick={() => setDeciding({ row: r, decision: 'reject' })}>
                            不同意
                          </Button>
                        </Space>
                      ),
                  },
                ]}
              />
            </>
          )
        }
      </Loaded>
      <Modal
        open={deciding !== null}
        title={deciding === null ? '' : `${deciding.decision === 'approve' ? '同意' : '不同意'}备案：${deciding.row.name}`}
        okText="确认"
        cancelText="取消"
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        <Input.TextArea
          maxLength={200}
          rows={3}
          placeholder={deciding?.decision === 'reject' ? '请填写不同意的理由' : '备案意见（可选）'}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
