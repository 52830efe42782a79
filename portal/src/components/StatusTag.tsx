import { Tag } from 'antd';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/labels';
import type { CandidateStatus } from '../../../shared/api';

export function StatusTag({ status, label }: { status: CandidateStatus; label?: string }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {label ?? STATUS_LABEL[status]}
    </Tag>
  );
}
