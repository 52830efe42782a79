import { App as AntApp, Button, Form, Input, Modal, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { getJson, postJson } from '../../api';
import { CampaignPageHeader, useCampaigns } from '../../components/campaigns';
import { Loaded } from '../../components/Loaded';
import { beijingTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { DuplicateList, DuplicateResolutionRequest, DuplicateResolutionResponse, DuplicateView } from '../../../../shared/api';

/** People submitted by two townships (重复报送): which one stands is the organization department's decision. */
export function DuplicatesPage() {
  const { current } = useCampaigns();
  const { message } = AntApp.useApp();
  const id = current?.id ?? '';
  const state = useLoad(
    () =>
      current ? getJson<DuplicateList>(`/campaigns/${encodeURIComponent(id)}/duplicates`) : Promise.reject(new Error('尚未创建换届工作')),
    [id],
  );
  const [deciding, setDeciding] = useState<DuplicateView | undefined>();
  const [form] = Form.useForm<DuplicateResolutionRequest>();
  const side = (s: DuplicateView['candidate']) => `${s.township} ${s.village} ${s.name}（序号 ${s.seq}）`;

  const resolve = async () => {
    if (deciding === undefined) return;
    const v = await form.validateFields();
    try {
      await postJson<DuplicateResolutionResponse>(`/candidates/${encodeURIComponent(deciding.candidateId)}/duplicate/resolution`, v);
      message.success('已确定保留的人选');
      setDeciding(undefined);
      form.resetFields();
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '确定失败');
    }
  };

  return (
    <div>
      <CampaignPageHeader title="重复报送的人选" onReload={state.reload} />
      <Loaded state={state}>
        {(list) => (
          <Table<DuplicateView>
            rowKey="candidateId"
            size="small"
            dataSource={list.duplicates}
            locale={{ emptyText: '没有重复报送的人选' }}
            columns={[
              { title: '先报送', render: (_, d) => side(d.held) },
              { title: '后报送', render: (_, d) => side(d.candidate) },
              { title: '发现时间', render: (_, d) => beijingTime(d.flaggedAt) },
              { title: '状态', render: (_, d) => <Tag color={d.status === 'open' ? 'orange' : 'green'}>{d.statusLabel}</Tag> },
              {
                title: '操作',
                render: (_, d) =>
                  d.status === 'open' ? (
                    <Button size="small" onClick={() => setDeciding(d)}>
                      确定保留
                    </Button>
                  ) : (
                    `保留 ${d.resolution?.kept === d.candidateId ? d.candidate.township : d.held.township} 报送的人选`
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      <Modal
        title="确定保留哪一名人选"
        open={deciding !== undefined}
        onOk={resolve}
        onCancel={() => setDeciding(undefined)}
        okText="确定"
        destroyOnHidden
      >
        {deciding === undefined ? null : (
          <Form form={form} layout="vertical">
            <Form.Item name="keep" label="保留" rules={[{ required: true, message: '请选择保留的人选' }]}>
              <Radio.Group
                options={[
                  { value: deciding.heldBy.candidateId, label: side(deciding.held) },
                  { value: deciding.candidateId, label: side(deciding.candidate) },
                ]}
              />
            </Form.Item>
            <Form.Item name="reason" label="理由" rules={[{ required: true, min: 5, message: '请填写理由（至少 5 个字）' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </div>
  );
}
