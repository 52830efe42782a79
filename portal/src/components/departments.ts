import { useSearchParams } from 'react-router-dom';
import { useSession } from '../auth';

/**
 * The department a reviewer works for: `?department=` when given (the API refuses codes the
 * account does not hold), otherwise the account's first department.
 */
export function useDepartment(): { code: string; mine: string[]; choose: (code: string) => void } {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const mine = session.roles.departments;
  const code = params.get('department') ?? mine[0] ?? '';
  return {
    code,
    mine,
    choose: (c: string) => {
      const next = new URLSearchParams(params);
      next.set('department', c);
      setParams(next);
    },
  };
}
