import type { Policy } from '../../shared/domain/model.js';
import { CliUsageError } from '../context.js';

/** Looks a policy up, turning an unknown id into a usage error that lists the known ones. */
export async function loadPolicy(id: string): Promise<Policy> {
  const { POLICY_IDS, getPolicy } = await import('../../shared/domain/policies/index.js');
  if (!POLICY_IDS.some((known) => known === id)) {
    throw new CliUsageError(`未知的政策编号：${id}。可用的有：${POLICY_IDS.join('、')}（用 lianshen policies 查看）`);
  }
  return getPolicy(id);
}
