// 乡镇初审: the township checks each candidate of its draft against the policy's conditions (the
// system pre-fills the ID check, the age at the reference date, the education and any condition
// the row trips), records its verdict and remark per candidate, then sends the batch to the county.
import { App as AntApp, Alert, Button, Descriptions, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getJson, postJson } from '../../api';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { FirstReviewRequest, FirstReviewResponse, FirstReviewSheet, SendDraftResponse } from '../../../../shared/api';

type Verdict = { result: 'pass' | 'fail' | null; remark: string };
type Check = FirstReviewSheet['candidates'][number]['checks'][number];

const EFFECT_COLOR: Record<Check['effect'], string> = { ok: 'green', warning: 'orange', concern: 'gold', bar: 'red', problem: 'red' };

export function FirstReviewPage() {
  const { id = '' } = useParams();
  const { message } = AntApp.useApp();
  const state = useLoad(() => getJson<FirstReviewSheet>(`/batches/${encodeURIComponent(id)}/first-review`), [id]);
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const sheet = state.data;
    if (sheet === undefined) return;
    setVerdicts(Object.fromEntries(sheet.candidates.map((c) => [c.candidateId, { result: c.result, remark: c.remark ?? '' }])));
  }, [state.data]);

  const set = (candidateId: string, change: Partial<Verdict>) =>
    setVerdicts((v) => ({ ...v, [candidateId]: { result: null, remark: '', ...v[candidateId], ...change } }));

  async function save(sheet: FirstReviewSheet): Promise<boolean> {
    const missing = sheet.candidates.filter((c) => verdicts[c.candidateId]?.result == null);
    if (missing.length > 0) {
      message.warning(`还有 ${missing.length} 名人选未填写初审结论`);
      return false;
    }
    const entries: FirstReviewRequest['entries'] = sheet.candidates.map((c) => ({
      candidateId: c.candidateId,
      result: verdicts[c.candidateId]?.result === 'fail' ? 'fail' : 'pass',
      remark: verdicts[c.candidateId]?.remark ?? '',
    }));
    setBusy(true);
    try {
      const saved = await postJson<FirstReviewResponse>(`/batches/${encodeURIComponent(id)}/first-review`, { entries });
      message.success(`已保存初审意见：符合 ${saved.passed} 人，不符合 ${saved.failed} 人`);
      return true;
    } catch (e) {
      message.error(e instanceof Error ? e.message : '保存失败');
      return false;
    } finally {
      setBusy(false);
    }
  }

  function send(sheet: FirstReviewSheet) {
    const failed = sheet.candidates.filter((c) => verdicts[c.candidateId]?.result === 'fail').length;
    Modal.confirm({
      title: '报送区县联审',
      content: `报送后即开始部门联审，初审意见不能再修改。${failed > 0 ? `初审不符合条件的 ${failed} 人不报送，将显示为“已撤回”。` : ''}`,
      okText: '确认报送',
      cancelText: '取消',
      onOk: async () => {
        if (!(await save(sheet))) return;
        try {
          const sent = await postJson<SendDraftResponse>(`/batches/${encodeURIComponent(id)}/submit`, {});
          message.success(`已报送区县联审 ${sent.sent} 人（${formatTime(sent.submittedAt)}）`);
          state.reload();
        } catch (e) {
          message.error(e instanceof Error ? e.message : '报送失败');
        }
      },
    });
  }

  return (
    <Loaded state={state}>
      {(sheet) => {
        const draft = sheet.status === 'draft';
        return (
          <Space direction="vertical" style={{ width: '100%' }}>
            <h1 className="page-title">乡镇初审</h1>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="批次">
                <Link to={`/batches/${encodeURIComponent(sheet.batchId)}`}>{sheet.batchId}</Link>
              </Descriptions.Item>
              <Descriptions.Item label="类型">{sheet.kind === 'post-election' ? '选后另选他人当选人员' : '选前候选人'}</Descriptions.Item>
              <Descriptions.Item label="年龄计算参考日">{sheet.referenceDate}</Descriptions.Item>
              <Descriptions.Item label="初审">
                {sheet.firstReview === null ? '尚未保存' : `${sheet.firstReview.by}，${formatTime(sheet.firstReview.at)}`}
              </Descriptions.Item>
            </Descriptions>
            {draft ? (
              <Alert
                type="info"
                showIcon
                message="草稿批次：报送区县之前，不会发给任何部门审查。系统已预填可自动核对的事项，请逐人填写初审结论。"
              />
            ) : (
              <Alert type="success" showIcon message="已报送区县联审，初审意见不能再修改。" />
            )}
            <Table
              rowKey="candidateId"
              size="small"
              pagination={false}
              dataSource={sheet.candidates}
              columns={[
                { title: '序号', dataIndex: 'seq', width: 60 },
                { title: '姓名', dataIndex: 'name', width: 90 },
                { title: '村(社区)', dataIndex: 'village', width: 110 },
                { title: '拟任职务', dataIndex: 'post', width: 130 },
                {
                  title: '系统核对',
                  render: (_, c) => (
                    <Space direction="vertical" size={2}>
                      {c.checks.map((check) => (
                        <span key={`${check.id}-${check.text}`}>
                          <Tag color={EFFECT_COLOR[check.effect]}>{check.label}</Tag>
                          <Typography.Text>{check.text}</Typography.Text>
                        </span>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: '初审结论',
                  width: 170,
                  render: (_, c) => (
                    <Radio.Group
                      disabled={!draft}
                      value={verdicts[c.candidateId]?.result ?? null}
                      onChange={(e) => set(c.candidateId, { result: e.target.value === 'fail' ? 'fail' : 'pass' })}
                      options={[
                        { value: 'pass', label: '符合条件' },
                        { value: 'fail', label: '不符合' },
                      ]}
                    />
                  ),
                },
                {
                  title: '初审意见',
                  width: 220,
                  render: (_, c) => (
                    <Input.TextArea
                      disabled={!draft}
                      maxLength={200}
                      autoSize
                      placeholder={verdicts[c.candidateId]?.result === 'fail' ? '请写明不符合的理由' : '可选'}
                      value={verdicts[c.candidateId]?.remark ?? ''}
                      onChange={(e) => set(c.candidateId, { remark: e.target.value })}
                    />
                  ),
                },
              ]}
            />
            {draft && (
              <Space>
                <Button loading={busy} onClick={() => void save(sheet).then((ok) => ok && state.reload())}>
                  保存初审意见
                </Button>
                <Button type="primary" loading={busy} onClick={() => send(sheet)}>
                  报送区县联审
                </Button>
              </Space>
            )}
          </Space>
        );
      }}
    </Loaded>
  );
}
