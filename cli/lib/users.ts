// The API side of `lianshen users`: which stack to talk to and with what token, and how the
// answers are printed. Refusals print the API's Chinese message and code and exit 1.
import { join, resolve } from 'node:path';
import { AccountActionResponse, AccountList, CreatedAccount, ErrorBody } from '../../shared/api/index.js';
import { beijingDateTime } from '../../shared/domain/time.js';
import { createLocalTokens } from '../../local/auth.js';
import { DEFAULT_DATA_DIR, findRunningStack } from '../../local/stack-info.js';
import { CliUsageError, EXIT, type CliIO } from '../context.js';
import { ApiClient, type ApiResponse } from './api-client.js';
import { printJson } from './report.js';
import { renderTable } from './table.js';

/** The audit trail names the command line as this account. */
export const CLI_ACTOR = 'lianshen-cli';

export interface UsersClient {
  add(io: CliIO, body: { username: string; displayName: string; phone: string; role: string }): Promise<number>;
  list(io: CliIO, query: URLSearchParams, json: boolean): Promise<number>;
  act(io: CliIO, username: string, action: string): Promise<number>;
}

/** An API client: the given URL and token, or the running local stack of the data folder with a token of its key. */
export async function apiClientFor(target: { dataDir?: string; api?: string; token?: string; cwd: string }): Promise<ApiClient> {
  if (target.api !== undefined && target.token !== undefined) {
    return new ApiClient(target.api.replace(/\/+$/, '').replace(/\/api$/, ''), target.token);
  }
  const dataDir = resolve(target.cwd, target.dataDir ?? DEFAULT_DATA_DIR);
  const stack = findRunningStack(dataDir);
  if (stack === undefined)
    throw new CliUsageError(`本地环境未运行（数据目录 ${dataDir}）：请先 npm start，或用 --api 与 --token 连接其他环境`);
  // Only who can read the data folder holds the key: the command line acts as the organization department.
  const token = await createLocalTokens({ dir: join(dataDir, 'auth') }).issueToken({ username: CLI_ACTOR, groups: ['orgdept'] });
  return new ApiClient(stack.urls.http, token);
}

function refused(io: CliIO, r: ApiResponse): number {
  const body = ErrorBody.safeParse(r.body);
  const message = body.success ? body.data.message : `请求失败（${r.status}）`;
  const code = body.success && body.data.code !== undefined ? `（${body.data.code}）` : '';
  io.stderr(`错误：${message}${code}\n`);
  return EXIT.invalid;
}

const STATUS: Record<string, string> = { enabled: '在用', disabled: '已停用' };

export async function usersClient(target: { dataDir?: string; api?: string; token?: string; cwd: string }): Promise<UsersClient> {
  const client = await apiClientFor(target);
  return {
    async add(io, body) {
      const r = await client.request('POST', '/accounts', body);
      if (r.status !== 201) return refused(io, r);
      const created = CreatedAccount.parse(r.body);
      io.stdout(
        [
          `已创建账号 ${created.account.username}（${created.account.role}，${created.account.displayName}）`,
          `一次性密码：${created.initialPassword}`,
          '（只显示这一次：请告知本人，首次登录须先修改密码）',
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    },

    async list(io, query, json) {
      const q = query.toString();
      const r = await client.request('GET', `/accounts${q === '' ? '' : `?${q}`}`);
      if (r.status !== 200) return refused(io, r);
      const list = AccountList.parse(r.body);
      if (json) {
        printJson(io, list);
        return EXIT.ok;
      }
      io.stdout(
        renderTable(
          ['用户名', '姓名/单位', '角色', '手机', '状态', '锁定', '须改密码', '最近登录'],
          list.accounts.map((a) => [
            a.username,
            a.displayName,
            a.role,
            a.phone ?? '—',
            STATUS[a.status] ?? a.status,
            a.locked ? '是' : '',
            a.mustChangePassword ? '是' : '',
            a.lastSignInAt === null ? '—' : beijingDateTime(a.lastSignInAt),
          ]),
        ),
      );
      return EXIT.ok;
    },

    async act(io, username, action) {
      const r = await client.request('POST', `/accounts/${encodeURIComponent(username)}/${action}`);
      if (r.status !== 200) return refused(io, r);
      const done = AccountActionResponse.parse(r.body);
      io.stdout(`${done.account.username}：${done.notice}\n`);
      if (done.temporaryPassword !== null) io.stdout(`一次性密码：${done.temporaryPassword}\n`);
      return EXIT.ok;
    },
  };
}
