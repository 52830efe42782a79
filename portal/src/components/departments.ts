import { useSearchParams } from 'react-router-dom';
import { useSession } from '../auth';
import { useCampaigns } from './campaigns';

/**
 * The department a reviewer works for: `?department=` when given (the API refuses codes the
 * account does not hold), otherwise the account's first department. An organization department
 * account also reviews for the department the current campaign's policy names for it.
 */
export function useDepartment(): { code: string; mine: string[]; choose: (code: string) => void } {
  const session = useSession();
  const { current } = useCampaigns();
  const [params, setParams] = useSearchParams();
  const own = session.roles.orgdept ? current?.policy?.orgdeptDepartment : undefined;
  const mine =
    own === undefined || session.roles.departments.includes(own) ? session.roles.departments : [...session.roles.departments, own];
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
