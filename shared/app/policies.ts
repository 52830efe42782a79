// Policies as data: the organization department uploads a version (a workbook, YAML or JSON file,
// all or nothing); everyone may read the stored versions and the whole policy in Chinese.
import { importError } from '../domain/import/errors.js';
import type { Policy } from '../domain/model.js';
import type { Caller } from './access.js';
import type { UseCaseDeps } from './common.js';
import type { FileReaders, PolicySummary, UploadedFile } from './ports.js';
import { policyReading } from './reports/policy-text.js';
import { conflict, notFound, type Refusal, rejected, unprocessable } from './refusals.js';

/**
 * The department codes this deployment has queues for: on AWS the stack's (DEPARTMENT_CODES), null
 * where any code can be served (the local stack creates a department's queue on first use).
 */
export interface Deployment {
  deployedDepartments: readonly string[] | null;
}

/** Codes of the policy's departments this deployment cannot serve. */
export function undeployedDepartments(policy: Policy, deployment: Deployment): string[] {
  const deployed = deployment.deployedDepartments;
  if (deployed === null) return [];
  return policy.departments.map((d) => d.code).filter((code) => !deployed.includes(code));
}

export function undeployedMessage(policy: Policy, codes: readonly string[]): string {
  return `政策 ${policy.id} 的部门 ${codes.join('、')} 没有在本系统部署（没有对应的部门队列和账号），不能使用。请先部署这些部门（cdk deploy -c departments=${codes.join(',')}），或把部门编码改成已部署的部门。`;
}

export interface UploadDeps extends UseCaseDeps, Deployment {
  files: FileReaders;
}

/** Stores an uploaded policy version: 201 new, 200 the same content again, 409 other content under that version, 422 the file's errors. */
export async function uploadPolicy(
  deps: UploadDeps,
  input: { caller: Caller; file: UploadedFile },
): Promise<{ created: boolean; policy: PolicySummary } | Refusal> {
  const read = await deps.files.policy(input.file);
  if (!read.ok) return rejected(`政策文件未通过校验，共 ${read.errors.length} 处错误，整份文件未被接受。`, read.errors);
  const policy = read.policy;
  const missing = undeployedDepartments(policy, deps);
  if (missing.length > 0) {
    const workbook = /\.xlsx?$|\.xlsm$/i.test(input.file.filename);
    return rejected(
      undeployedMessage(policy, missing),
      policy.departments.flatMap((d, i) =>
        missing.includes(d.code)
          ? [
              importError(
                'POLICY_DEPARTMENT_UNDEPLOYED',
                0,
                workbook ? '部门编码' : `departments[${i}].code`,
                d.code,
                `部门编码“${d.code}”（${d.name}）没有在本系统部署。`,
                workbook ? '部门' : input.file.filename,
              ),
            ]
          : [],
      ),
    );
  }
  const put = await deps.repos.policies.put(policy, { storedAt: deps.now().toISOString(), storedBy: input.caller.userId });
  const { policy: _p, ...summary } = put.stored;
  if (put.result === 'conflict') {
    return conflict(
      `政策 ${policy.id} 版本 ${policy.version} 已经存在，且内容不同：已上传的版本不能修改，请提高版本号（如 ${nextVersion(policy.version)}）后重新上传。`,
      {
        code: 'POLICY_VERSION_EXISTS',
        policy: summary,
      },
    );
  }
  return { created: put.result === 'created', policy: summary };
}

function nextVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m === null ? '1.0.1' : `${m[1]}.${Number(m[2]) + 1}.0`;
}

/** Every policy with its versions (lowest first) and the latest one named. */
export async function listPolicyVersions(deps: Pick<UseCaseDeps, 'repos'>) {
  const all = await deps.repos.policies.list();
  const ids = [...new Set(all.map((p) => p.id))];
  return {
    policies: ids.map((id) => {
      const versions = all.filter((p) => p.id === id);
      const latest = versions.at(-1);
      return { id, name: latest?.name ?? id, jurisdiction: latest?.jurisdiction ?? '', latest: latest?.version ?? '', versions };
    }),
  };
}

export async function policyVersions(deps: Pick<UseCaseDeps, 'repos'>, input: { id: string }) {
  const versions = await deps.repos.policies.versions(input.id);
  if (versions.length === 0) return notFound(`没有编号为 ${input.id} 的政策`);
  return { id: input.id, versions };
}

/** One version: the policy itself and how a township or department reads it. */
export async function policyVersion(deps: Pick<UseCaseDeps, 'repos'>, input: { id: string; version: string }) {
  const stored = await deps.repos.policies.get(input.id, input.version);
  if (stored === undefined) return notFound(`没有政策 ${input.id} 的版本 ${input.version}`);
  const { policy, ...summary } = stored;
  return { summary, policy, reading: policyReading(policy) };
}

/** The refusal for a campaign whose policy needs departments this deployment lacks. */
export function refuseUndeployed(policy: Policy, deployment: Deployment): Refusal | undefined {
  const missing = undeployedDepartments(policy, deployment);
  return missing.length === 0
    ? undefined
    : unprocessable(undeployedMessage(policy, missing), { code: 'POLICY_DEPARTMENT_UNDEPLOYED', departments: missing });
}
