import type { Policy } from '../../shared/domain/model.js';
import { CliUsageError } from '../context.js';

/** Looks a built-in policy up, turning an unknown id into a usage error that lists the known ones. */
export async function loadPolicy(id: string): Promise<Policy> {
  const { builtInPolicies } = await import('../../shared/adapters/files/policy-files.js');
  const found = builtInPolicies().find((p) => p.id === id);
  if (found === undefined) {
    throw new CliUsageError(
      `未知的政策编号：${id}。可用的有：${builtInPolicies()
        .map((p) => p.id)
        .join('、')}（用 lianshen policies 查看）`,
    );
  }
  return found;
}
