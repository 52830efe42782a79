import { Alert, Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api';
import type { LoadState } from '../lib/useLoad';
import { NoAccess } from './NoAccess';

/** Spinner while loading, the no-access page for 403, a plain message otherwise. */
export function Loaded<T>({ state, children }: { state: LoadState<T>; children: (data: T) => ReactNode }) {
  const { data, error, loading, reload } = state;
  if (error instanceof ApiError && error.status === 403) return <NoAccess detail={error.message} />;
  if (error instanceof ApiError && error.status === 404) return <Result status="404" title="未找到" subTitle={error.message} />;
  if (error && data === undefined) {
    return (
      <Alert
        type="error"
        showIcon
        message="加载失败"
        description={error.message}
        action={
          <Button size="small" onClick={reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (data === undefined) {
    return (
      <div className="center-box">
        <Spin spinning={loading} tip="正在加载…">
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      </div>
    );
  }
  return <>{children(data)}</>;
}
