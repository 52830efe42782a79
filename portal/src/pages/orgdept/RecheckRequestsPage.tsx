// 重审申请: the townships' requests that one department check a decided candidate again (a cure:
// a debt paid, a name removed). The organization department approves (发回重审: the candidate goes
// back to that department alone) or declines with a reason (RequestDecisions).
import { Space, Typography } from 'antd';
import { RequestDecisions } from '../../components/RequestDecisions';
import type { RecheckRequestView } from '../../../../shared/api';

export function RecheckRequestsPage() {
  return (
    <RequestDecisions<RecheckRequestView>
      noun="重审申请"
      testId="recheck-requests"
      listPath={(campaignId) => `/campaigns/${encodeURIComponent(campaignId)}/recheck-requests`}
      decisionPath={(row) => `/candidates/${encodeURIComponent(row.candidateId)}/recheck-request/decision`}
      description="批准后，该人选发回所申请的部门重新审查（记为一次发回重审），答复后重新作出联审结论；不批准的，原联审结论不变。"
      approveText={(row) =>
        `批准后，该人选将发回${row.departmentName}重新审查（记为一次发回重审），部门按新的答复期限办理；乡镇（街道）会收到通知。`
      }
      reasonMax={2000}
      extraColumns={[
        {
          title: '附件',
          render: (_, r) =>
            r.attachments.length === 0 ? (
              '—'
            ) : (
              <Space direction="vertical" size={0}>
                {r.attachments.map((a) => (
                  <Typography.Text key={a.sha256} title={`SHA-256 ${a.sha256}`}>
                    {a.filename}
                  </Typography.Text>
                ))}
              </Space>
            ),
        },
      ]}
      requester={(row) => row.requestedByName ?? row.requestedBy}
    />
  );
}
