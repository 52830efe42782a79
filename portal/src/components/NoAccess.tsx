import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

/** The one page for "not yours": a deep link into another role's pages, or a 403 from the API. */
export function NoAccess({ detail }: { detail?: string }) {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={
        <>
          <div>您的账号没有查看此页面或数据的权限。</div>
          {detail ? <div className="muted">{detail}</div> : null}
          <div className="muted">如确需访问，请联系组织部门为您的账号开通相应权限。</div>
        </>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回首页
        </Button>
      }
      data-testid="no-access"
    />
  );
}
