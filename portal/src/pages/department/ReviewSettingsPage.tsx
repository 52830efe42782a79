// 审查设置 (谁审查谁负责): whether this department's answers with findings wait for its head's
// approval, who approves, and the record sources its reviewers tick on every answer.
import { SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Form, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, getJson, putJson } from '../../api';
import { CampaignPicker, departmentName, useCampaigns } from '../../components/campaigns';
import { useDepartment } from '../../components/departments';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../lib/labels';
import { useLoad } from '../../lib/useLoad';
import type { DepartmentReviewRequest, DepartmentReviewView, ReviewerList } from '../../../../shared/api';

interface SettingsForm {
  signOff: boolean;
  approvers: string[];
  sources: string[];
}

export function ReviewSettingsPage() {
  const { current } = useCampaigns();
  const { message, modal } = AntApp.useApp();
  const { code, mine, choose } = useDepartment();
  const [busy, setBusy] = useState(false);
  const campaignId = current?.id ?? '';
  const state = useLoad(
    async () =>
      campaignId === ''
        ? null
        : Promise.all([
            getJson<DepartmentReviewView>(`/campaigns/${encodeURIComponent(campaignId)}/departments/${encodeURIComponent(code)}/review`),
            getJson<ReviewerList>(`/departments/${encodeURIComponent(code)}/reviewers`),
          ]),
    [campaignId, code],
  );

  const save = async (view: DepartmentReviewView, v: SettingsForm) => {
    setBusy(true);
    try {
      const body: DepartmentReviewRequest = { signOff: v.signOff, approvers: v.approvers, sources: v.sources, version: view.version };
      await putJson<DepartmentReviewView>(
        `/campaigns/${encodeURIComponent(campaignId)}/departments/${encodeURIComponent(code)}/review`,
        body,
      );
      message.success('审查设置已保存');
      state.reload();
    } catch (e) {
      if (e instanceof ApiError && [400, 403, 409].includes(e.status)) modal.error({ title: '未能保存', content: e.message });
      else message.error(e instanceof Error ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <h1 className="page-title">审查设置：{departmentName(current, code)}</h1>
        <Space>
          {mine.length > 1 ? (
            <Select
              value={code}
              style={{ width: 220 }}
              onChange={choose}
              options={mine.map((d) => ({ value: d, label: departmentName(current, d) }))}
            />
          ) : null}
          <CampaignPicker />
        </Space>
      </Space>
      <Loaded state={state}>
        {(loaded) => {
          if (loaded === null) return <Alert type="info" showIcon message="尚无换届工作" />;
          const [view, reviewers] = loaded;
          const approverOptions = reviewers.reviewers.map((r) => ({ value: r.username, label: `${r.displayName}（${r.username}）` }));
          return (
            <Card size="small" data-testid="review-settings">
              {!view.editable ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message="本部门已开启负责人审核，审查设置只能由审核人或组织部门修改"
                />
              ) : null}
              <Form<SettingsForm>
                layout="vertical"
                disabled={!view.editable}
                key={`${view.campaignId}:${view.department}:${view.version}`}
                initialValues={{ signOff: view.signOff, approvers: view.approvers.map((a) => a.username), sources: view.sources }}
                onFinish={(v) => void save(view, v)}
              >
                <Form.Item name="signOff" label="“有记录”的答复须经部门负责人审核后生效（谁审查谁负责）" valuePropName="checked">
                  <Switch checkedChildren="开启" unCheckedChildren="关闭" data-testid="sign-off-switch" />
                </Form.Item>
                <Form.Item
                  name="approvers"
                  label="审核人（部门负责人）"
                  tooltip="审核人不能审核自己提交的答复；“无记录”的答复无需审核"
                  extra={reviewers.listed ? null : reviewers.message}
                >
                  <Select
                    mode={reviewers.listed ? 'multiple' : 'tags'}
                    options={approverOptions}
                    placeholder={reviewers.listed ? '从本部门账号中选择' : '填写审核人的登录名'}
                    data-testid="approvers"
                  />
                </Form.Item>
                <Form.Item
                  name="sources"
                  label="记录来源"
                  tooltip="本部门审查时查询的系统或台账；设置后，审查人员每次答复都要勾选实际查询过的来源，记入联审台账"
                >
                  <Select mode="tags" placeholder="输入后按回车添加，如：案件管理系统、信访举报台账" data-testid="sources" />
                </Form.Item>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="save-review-settings">
                  保存设置
                </Button>
              </Form>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {view.updatedAt ? `最近修改：${formatTime(view.updatedAt)}，${view.updatedBy ?? ''}。` : '尚未设置。'}
                每次修改记入本部门的审计记录。
              </Typography.Paragraph>
            </Card>
          );
        }}
      </Loaded>
    </div>
  );
}
