// Moving a campaign to another version of its policy: first what changes for the candidates
// already decided (GET /campaigns/{id}/policy-diff, nothing written), then a confirmation with a
// written reason (PUT /campaigns/{id}/policy), after which those candidates are decided again.
import { SwapOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, getJson, putJson } from '../../api';
import { useCampaigns } from '../../components/campaigns';
import type { PolicyDiff, SwitchPolicyResponse } from '../../../../shared/api';

type Changed = PolicyDiff['candidates']['changed'][number];
type Names = PolicyDiff['changes']['categories'];

function namesText(what: string, n: Names): string | null {
  const parts = [
    n.added.length > 0 ? `新增 ${n.added.join('、')}` : '',
    n.removed.length > 0 ? `删除 ${n.removed.join('、')}` : '',
    n.changed.length > 0 ? `修改 ${n.changed.join('、')}` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? null : `${what}：${parts.join('；')}`;
}

function changeLines(c: PolicyDiff['changes']): string[] {
  return [
    c.document ? '文件名称、文号或发文日期有变化' : null,
    namesText('部门', c.departments),
    namesText('负面清单类别', c.categories),
    namesText('人选条件', c.personRules),
    namesText('回避规则', c.avoidance),
    c.structure ? '班子结构目标有变化' : null,
  ].filter((l): l is string => l !== null);
}

export function PolicySwitch({ policyId, version }: { policyId: string; version: string }) {
  const { campaigns } = useCampaigns();
  const { message } = AntApp.useApp();
  const eligible = campaigns.filter((c) => c.policyId === policyId);
  const [campaignId, setCampaignId] = useState<string | undefined>(undefined);
  const campaign = eligible.find((c) => c.id === campaignId) ?? eligible.find((c) => c.policyVersion !== version) ?? eligible[0];
  const [diff, setDiff] = useState<PolicyDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SwitchPolicyResponse | null>(null);

  if (eligible.length === 0) return null;
  const pinnedHere = campaign?.policyVersion === version;

  const preview = async () => {
    if (!campaign) return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      setDiff(
        await getJson<PolicyDiff>(`/campaigns/${encodeURIComponent(campaign.id)}/policy-diff?version=${encodeURIComponent(version)}`),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : '加载失败');
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!campaign) return;
    setBusy(true);
    try {
      const r = await putJson<SwitchPolicyResponse>(`/campaigns/${encodeURIComponent(campaign.id)}/policy`, { version, reason });
      setDone(r);
      setConfirming(false);
      setDiff(null);
      message.success(`已换用版本 ${r.to.version}：重新审查 ${r.redecided} 人，结论或理由变化 ${r.changed} 人`);
    } catch (e) {
      message.error(e instanceof ApiError || e instanceof Error ? e.message : '换用失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="换届工作使用的政策版本" data-testid="policy-switch">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 320 }}
          value={campaign?.id}
          onChange={(v: string) => {
            setCampaignId(v);
            setDiff(null);
            setDone(null);
          }}
          options={eligible.map((c) => ({ value: c.id, label: `${c.name}（现用版本 ${c.policyVersion ?? '—'}）` }))}
          data-testid="switch-campaign"
        />
        {pinnedHere ? (
          <Tag color="green">该换届工作正在使用此版本</Tag>
        ) : (
          <Button icon={<SwapOutlined />} onClick={preview} loading={busy && !confirming} data-testid="switch-preview">
            查看换用版本 {version} 对已出结论人选的影响
          </Button>
        )}
      </Space>
      {error ? <Alert type="error" showIcon message={error} /> : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          data-testid="switch-done"
          message={`已由版本 ${done.from.version} 换用 ${done.to.version}：重新审查 ${done.redecided} 人，其中结论或理由变化 ${done.changed} 人。`}
        />
      ) : null}
      {diff ? (
        <div data-testid="policy-diff">
          <Typography.Paragraph>
            由版本 {diff.from.version} 换用 {diff.to.version}：已出结论 {diff.candidates.decided} 人，其中 {diff.candidates.unchanged}{' '}
            人不变，<b>{diff.candidates.changed.length}</b> 人的结论或理由会变化。
          </Typography.Paragraph>
          <ul>
            {changeLines(diff.changes).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {diff.changes.departmentCodesDiffer ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="switch-departments-differ"
              message="两个版本的部门编码不同：已提交的人选是按现用版本的部门征求意见的，已有批次时不能换用。请新建换届工作使用新版本，或上传部门不变的版本。"
            />
          ) : null}
          <Table<Changed>
            size="small"
            rowKey="candidateId"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={diff.candidates.changed}
            locale={{ emptyText: '已出结论的人选没有变化' }}
            columns={[
              { title: '姓名', dataIndex: 'name', width: 90, render: (v: string | null) => v ?? '—' },
              { title: '村(社区)', dataIndex: 'village', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '拟任职务', dataIndex: 'post', width: 130, render: (v: string | null) => v ?? '—' },
              {
                title: '现结论',
                key: 'before',
                render: (_: unknown, c) => (
                  <Space direction="vertical" size={0}>
                    <Tag>{c.before.label}</Tag>
                    {c.before.reasons.map((r) => (
                      <Typography.Text key={r} type="secondary">
                        {r}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              {
                title: '换用后',
                key: 'after',
                render: (_: unknown, c) => (
                  <Space direction="vertical" size={0}>
                    <Tag color="blue">{c.after.label}</Tag>
                    {c.after.reasons.map((r) => (
                      <Typography.Text key={r}>{r}</Typography.Text>
                    ))}
                    {c.ruled ? <Typography.Text type="warning">组织部门已研判过此人，研判只及于当时列明的情形</Typography.Text> : null}
                  </Space>
                ),
              },
            ]}
          />
          {diff.changes.departmentCodesDiffer && diff.candidates.decided > 0 ? null : (
            <Button type="primary" danger style={{ marginTop: 12 }} onClick={() => setConfirming(true)} data-testid="switch-open">
              换用版本 {diff.to.version}
            </Button>
          )}
        </div>
      ) : null}
      <Modal
        open={confirming}
        title={`换用政策版本 ${version}`}
        okText="确认换用"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 5, loading: busy, 'data-testid': 'switch-confirm' }}
        onOk={confirm}
        onCancel={() => setConfirming(false)}
      >
        <Typography.Paragraph>
          换用后，{campaign?.name} 的人选按新版本审查，已出结论的 {diff?.candidates.decided ?? 0}{' '}
          人重新得出结论，并记入审计记录。请写明理由：
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="如：县委组织部印发补充通知，修订违法占地建房的处理"
          data-testid="switch-reason"
        />
      </Modal>
    </Card>
  );
}
