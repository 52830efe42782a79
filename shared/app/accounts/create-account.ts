// The organization department creates an account for a township, a department or itself. The
// temporary password goes back once, in this result; the first sign-in must replace it.
import { parseRole } from '../../domain/accounts.js';
import type { Caller } from '../access.js';
import { policyOf } from '../common.js';
import { conflict, invalid, isRefusal, type Refusal } from '../refusals.js';
import { type AccountDeps, accountView, adminActor, adminOf, recordAccountEvent, temporaryPassword } from './common.js';

export interface CreateAccountInput {
  caller: Caller;
  username: string;
  displayName: string;
  /** E.164, from the contract's ChineseMobile. */
  phone: string;
  /** Optional, for notices by e-mail. */
  email?: string;
  role: string;
}

/** A township or department account only for units some campaign has: an unknown code would see nothing. */
async function checkUnit(deps: AccountDeps, role: string): Promise<Refusal | undefined> {
  const parsed = parseRole(role);
  if (parsed === null) return invalid('请求内容有误：role 不是有效的角色', 'role', 'ROLE_INVALID');
  if (parsed.kind === 'orgdept') return undefined;
  const campaigns = await deps.repos.campaigns.list();
  if (campaigns.length === 0) {
    return invalid('还没有换届工作：请先创建换届工作（含乡镇和政策），再为乡镇（街道）和部门创建账号', 'role', 'NO_CAMPAIGN');
  }
  if (parsed.kind === 'township') {
    const known = campaigns.some((c) => (c.campaign.townships ?? []).some((t) => t.code === parsed.code));
    return known ? undefined : invalid(`乡镇（街道）编码 ${parsed.code} 不在任何换届工作中`, 'role', 'TOWNSHIP_UNKNOWN');
  }
  const policies = await Promise.all(campaigns.map((c) => policyOf(deps.repos, c)));
  const known = policies.some((p) => p.departments.some((d) => d.code === parsed.code));
  return known ? undefined : invalid(`部门编码 ${parsed.code} 不是任何换届工作所用政策中的部门`, 'role', 'DEPARTMENT_UNKNOWN');
}

export async function createAccount(deps: AccountDeps, input: CreateAccountInput) {
  const admin = adminOf(deps.identity);
  if (isRefusal(admin)) return admin;
  const unit = await checkUnit(deps, input.role);
  if (unit !== undefined) return unit;
  const at = deps.now().toISOString();
  const password = temporaryPassword();
  const result = await admin.create({
    username: input.username,
    displayName: input.displayName,
    phone: input.phone,
    ...(input.email === undefined ? {} : { email: input.email }),
    role: input.role,
    temporaryPassword: password,
    createdAt: at,
    createdBy: input.caller.userId,
  });
  if (!result.created) return conflict(`用户名 ${input.username} 已被使用，请换一个`, { code: 'ACCOUNT_EXISTS', field: 'username' });
  await recordAccountEvent(deps, { actor: adminActor(input.caller), at, action: 'created', account: result.account });
  return {
    account: accountView(result.account),
    initialPassword: password,
    notice: '账号已创建。临时密码只显示这一次：请当面或电话告知本人；首次登录须先修改密码。',
  };
}
