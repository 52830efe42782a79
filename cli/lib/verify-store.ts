// Verifies every audit chain of a set of table items (a restored table, an imported campaign)
// against itself, against its head item and against the anchor log: the domain's verifyChain and
// verifyChainWithAnchors over the events as stored, plus the log's own line chain.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { ENTITY, keys } from '../../shared/adapters/dynamo/keys.js';
import { verifyAnchorLog, verifyChainWithAnchors, type AnchorRecord } from '../../shared/domain/audit/anchors.js';
import { AnswerEvent, sortAnswerEvents, verifyAnswers } from '../../shared/domain/audit/answers.js';
import { AuditEvent } from '../../shared/domain/model.js';
import { entityOf, stringAttr, type Item } from './table-items.js';

export interface ChainProblem {
  chain: string;
  message: string;
}

export interface StoreVerification {
  chains: number;
  events: number;
  /** The anchor log that was checked, when there is one. */
  anchors: { lines: number; head: string } | null;
  /** How many chains at least one anchor names. */
  anchoredChains: number;
  problems: ChainProblem[];
}

const CHAIN_PREFIX = 'CAND#';
const HeadItem = z.object({ seq: z.number().int(), hash: z.string() });
const EventItem = z.object({ event: z.unknown() });
const AnswerItem = z.object({ event: z.unknown().optional() });

/** Collects what the verification needs from a stream of items (only audit events and heads are kept). */
export class ChainCollector {
  private readonly events = new Map<string, Array<{ sk: string; event: unknown }>>();
  private readonly heads = new Map<string, { seq: number; hash: string }>();
  private readonly answers = new Map<string, unknown[]>();

  add(item: Item): void {
    const entity = entityOf(item);
    if (entity !== ENTITY.auditEvent && entity !== ENTITY.auditHead && entity !== ENTITY.verdict && entity !== ENTITY.task) return;
    const pk = stringAttr(item, 'pk') ?? '';
    const sk = stringAttr(item, 'sk') ?? '';
    if (!pk.startsWith(CHAIN_PREFIX)) return;
    const chain = pk.slice(CHAIN_PREFIX.length);
    const plain = unmarshall(item);
    if (entity === ENTITY.task) {
      // A review task's dispatch events (one per token), sealed like the answers.
      const dispatches = Object.entries(plain).flatMap(([name, value]) => (name.startsWith('dispatch#') ? [value] : []));
      if (dispatches.length > 0) this.answers.set(chain, [...(this.answers.get(chain) ?? []), ...dispatches]);
      return;
    }
    if (entity === ENTITY.verdict) {
      // A department's answer event lives on its verdict; the chain's decision seals it.
      const answer = AnswerItem.safeParse(plain);
      if (answer.success && answer.data.event !== undefined) {
        this.answers.set(chain, [...(this.answers.get(chain) ?? []), answer.data.event]);
      }
      return;
    }
    if (entity === ENTITY.auditHead && sk === keys.auditHead(chain).sk) {
      const head = HeadItem.safeParse(plain);
      if (head.success) this.heads.set(chain, head.data);
      else this.heads.set(chain, { seq: -1, hash: '' });
      return;
    }
    if (!sk.startsWith(keys.auditEventPrefix)) return;
    const list = this.events.get(chain) ?? [];
    list.push({ sk, event: EventItem.safeParse(plain).data?.event ?? plain });
    this.events.set(chain, list);
  }

  /** A chain's answer events in the sealing order; ones that do not parse follow, to be named by verifyAnswers. */
  private answerEvents(chain: string): unknown[] {
    const good: AnswerEvent[] = [];
    const bad: unknown[] = [];
    for (const raw of this.answers.get(chain) ?? []) {
      const parsed = AnswerEvent.safeParse(raw);
      if (parsed.success) good.push(parsed.data);
      else bad.push(raw);
    }
    return [...sortAnswerEvents(good), ...bad];
  }

  /** Chain ids and their events in stored (sort key) order. */
  chains(): Map<string, unknown[]> {
    const out = new Map<string, unknown[]>();
    for (const [chain, list] of this.events) {
      out.set(
        chain,
        [...list].sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0)).map((e) => e.event),
      );
    }
    return out;
  }

  /**
   * `only`: the chains that belong here (a campaign's), when the anchors also name others; a
   * chain an anchor names is then missed only if it is one of these.
   */
  verify(anchorLines: readonly string[] | undefined, only?: ReadonlySet<string>): StoreVerification {
    const problems: ChainProblem[] = [];
    let records: AnchorRecord[] = [];
    let anchors: StoreVerification['anchors'] = null;
    if (anchorLines !== undefined) {
      const log = verifyAnchorLog(anchorLines);
      records = log.records;
      if (log.ok) anchors = { lines: log.count, head: log.head };
      else problems.push({ chain: '(锚定记录)', message: log.message });
    }
    const chains = this.chains();
    let events = 0;
    let anchoredChains = 0;
    const named = new Set(records.flatMap((r) => r.heads.map((h) => h.chain)).filter((c) => only === undefined || only.has(c)));
    for (const [chain, list] of chains) {
      events += list.length;
      if (named.has(chain)) anchoredChains += 1;
      const r = verifyChainWithAnchors(chain, list, records);
      if (!r.ok) {
        problems.push({ chain, message: r.message });
        continue;
      }
      const head = this.heads.get(chain);
      if (head === undefined || head.seq !== r.count - 1 || head.hash !== r.head) {
        problems.push({ chain, message: '链头记录与最后一个事件不符：链头或事件被改动' });
        continue;
      }
      const chainEvents = list.flatMap((e) => {
        const parsed = AuditEvent.safeParse(e);
        return parsed.success ? [parsed.data] : [];
      });
      const answers = verifyAnswers(chainEvents, this.answerEvents(chain));
      if (!answers.ok) problems.push({ chain, message: answers.message });
    }
    for (const chain of this.answers.keys()) {
      if (!chains.has(chain)) problems.push({ chain, message: '有部门答复却没有审计链：联审结论等事件被删除' });
    }
    for (const chain of named) {
      if (!chains.has(chain)) problems.push({ chain, message: '锚定记录中有这条审计链，但数据中没有它的任何事件：整条链被删除' });
    }
    for (const chain of this.heads.keys()) {
      if (!chains.has(chain)) problems.push({ chain, message: '有链头记录却没有任何事件：事件被删除' });
    }
    return { chains: chains.size, events, anchors, anchoredChains, problems };
  }
}
