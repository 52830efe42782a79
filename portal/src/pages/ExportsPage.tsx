// 我的导出: the caller's export jobs (POST /exports runs them in the background, for files too big to
// download at once), their status, and a download of each finished one through a short-lived link.
import { App as AntApp, Button, Card, Space, Table, Tag } from 'antd';
import { getJson, postJson } from '../api';
import { CampaignPageHeader, useCampaigns } from '../components/campaigns';
import { Loaded } from '../components/Loaded';
import { useLoad } from '../lib/useLoad';
import { useSession } from '../auth';
import type { ExportList, ExportRequest, ExportView } from '../../../shared/api';

const STATUS_COLOR: Record<ExportView['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

export function ExportsPage() {
  const { current } = useCampaigns();
  const session = useSession();
  const { message } = AntApp.useApp();
  const state = useLoad(() => getJson<ExportList>('/exports'), []);

  const request = async (body: ExportRequest) => {
    try {
      await postJson<ExportView>('/exports', body);
      message.success('已开始生成，完成后会在通知中提醒您');
      state.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '导出失败');
    }
  };
  const download = async (job: ExportView) => {
    try {
      const ready = await getJson<ExportView>(`/exports/${encodeURIComponent(job.jobId)}`);
      if (ready.downloadUrl === null) throw new Error('文件尚未生成');
      window.location.assign(ready.downloadUrl);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '下载失败');
    }
  };

  return (
    <div>
      <CampaignPageHeader title="我的导出" onReload={state.reload} />
      {current === undefined ? null : (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap>
            <Button
              type="primary"
              data-testid="export-ledger"
              onClick={() => void request({ kind: 'ledger', scope: { campaignId: current.id } })}
            >
              导出联审台账（后台生成）
            </Button>
            {session?.roles.orgdept ? (
              <Button onClick={() => void request({ kind: 'clearance', scope: { campaignId: current.id } })}>
                导出联审结果汇总表（后台生成）
              </Button>
            ) : null}
          </Space>
        </Card>
      )}
      <Loaded state={state}>
        {(list) => (
          <Table<ExportView>
            rowKey="jobId"
            size="small"
            data-testid="export-jobs"
            dataSource={list.exports}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有导出任务' }}
            columns={[
              { title: '申请时间', dataIndex: 'createdAtText', width: 180 },
              { title: '报表', dataIndex: 'kindLabel' },
              { title: '状态', render: (_, j) => <Tag color={STATUS_COLOR[j.status]}>{j.statusLabel}</Tag>, width: 100 },
              { title: '行数', render: (_, j) => (j.rows === null ? '' : `${j.rows} 行`), width: 90 },
              { title: '说明', render: (_, j) => j.error?.message ?? j.fileName ?? '' },
              {
                title: '操作',
                width: 90,
                render: (_, j) =>
                  j.status === 'done' ? (
                    <Button size="small" onClick={() => void download(j)}>
                      下载
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
    </div>
  );
}
