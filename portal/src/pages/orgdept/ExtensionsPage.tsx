// 延期申请: the departments' requests for more time on overdue tasks. The organization department
// approves (the candidate goes back to that department with a new deadline, as a 发回重审) or
// declines with a reason (RequestDecisions).
import { RequestDecisions } from '../../components/RequestDecisions';
import type { ExtensionView } from '../../../../shared/api';

export function ExtensionsPage() {
  return (
    <RequestDecisions<ExtensionView>
      noun="延期申请"
      testId="extensions"
      listPath={(campaignId) => `/campaigns/${encodeURIComponent(campaignId)}/extensions`}
      decisionPath={(row) => `/candidates/${encodeURIComponent(row.candidateId)}/extension/decision`}
      description="批准后，该人选重新发送给申请部门，按部门答复期限重新计算；不批准的，逾期未答复的结果不变。"
      approveText={(row) => `批准后，该人选将发回${row.departmentName}重新答复（记为一次发回重审），部门按新的答复期限办理，并收到通知。`}
      reasonMax={1000}
      requester={(row) => row.requestedByName}
    />
  );
}
