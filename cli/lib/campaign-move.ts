// Moving one campaign between servers, or from a county server to AWS: `lianshen campaign export`
// and `lianshen campaign import`.
//
// The archive holds the campaign's table items as stored (campaign-items.ts: batches, candidates,
// verdicts, tasks in their final state, decisions, rulings, every audit event with its chain), the
// policy the campaign used, the source's anchor file (evidence: the heads anchored there) and a
// manifest with every chain head and their digest. ID numbers are stored encrypted with keys that
// stay on the source, so the export decrypts them and the import encrypts them again with the
// target's keys (and recomputes the look-up HMACs); in between they exist only inside an archive
// that is itself encrypted to the target's public key (sealed.ts). Task tokens are dropped: they
// mean nothing to another Step Functions. Only campaigns whose every batch is complete move.
//
// Chains are verified before anything is written and again after, from what the target returns.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { ensureTable } from '../../local/dynamodb.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, TABLE_NAME } from '../../local/env.js';
import { DEFAULT_CACHE_DIR, findRunningStack } from '../../local/stack.js';
import { ANCHOR_FILE_NAME, fileAnchorLog } from '../../shared/adapters/anchors/file.js';
import { ENTITY } from '../../shared/adapters/dynamo/keys.js';
import { createIdCrypto, type IdCrypto } from '../../shared/adapters/id-crypto.js';
import type { AnchorLog } from '../../shared/app/ports.js';
import { anchorLines, headsDigest, type ChainHead } from '../../shared/domain/audit/anchors.js';
import { canonicalJson } from '../../shared/domain/audit/canonical.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { policyRepository } from '../../shared/adapters/dynamo/policies.js';
import { builtInPolicy, builtInPolicyIds } from '../../shared/adapters/files/policy-files.js';
import { Policy } from '../../shared/domain/model.js';
import { policyDigest } from '../../shared/domain/policies/versions.js';
import { ArchiveError, ArchivePart, describeParts, packArchive, unpackChecked } from './archive.js';
import { versions, Versions, withDynamoDbLocal } from './backup.js';
import { campaignExists, readCampaignItems } from './campaign-items.js';
import { open, readPrivateKey, readPublicKey, seal, fingerprintOf } from './sealed.js';
import { countEntities, entityOf, itemLine, parseItemLine, stringAttr, type Item } from './table-items.js';
import { ChainCollector, type ChainProblem } from './verify-store.js';

export const CAMPAIGN_KIND = { format: 'lianshen-campaign', formatVersion: 1, what: '换届工作导出文件' } as const;
const ITEMS = 'items.jsonl';
const POLICY = 'policy.json';
const SOURCE_ANCHORS = 'source-anchors.jsonl';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const CampaignMeta = z
  .object({ campaign: z.object({ id: z.string(), name: z.string(), policyId: z.string(), policyVersion: z.string().optional() }).loose() })
  .loose();
const BatchMeta = z.object({ batchId: z.string(), reportReady: z.boolean().default(false) }).loose();

export const CampaignManifest = z.object({
  format: z.literal(CAMPAIGN_KIND.format),
  formatVersion: z.number().int(),
  exportedAt: z.string(),
  versions: Versions,
  campaign: z.object({ id: z.string(), name: z.string() }),
  /** The policy version the campaign used; the target must hold the same one. */
  policy: z.object({ id: z.string(), version: z.string(), sha256: Hash }),
  items: z.number().int().nonnegative(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  batches: z.number().int().nonnegative(),
  candidates: z.number().int().nonnegative(),
  /** Every chain of the campaign and its head at export, and the Merkle root over them. */
  chains: z.array(z.object({ chain: z.string(), head: Hash, count: z.number().int().nonnegative() })),
  digest: Hash,
  /** The source's anchor file (its line count and last line's hash), carried as evidence. */
  sourceAnchors: z.object({ lines: z.number().int(), head: Hash }).nullable(),
  /** SHA-256 of the public key the file is sealed to. */
  recipient: Hash,
  parts: z.array(ArchivePart),
});
export type CampaignManifest = z.infer<typeof CampaignManifest>;

export class CampaignMoveError extends Error {
  override name = 'CampaignMoveError';
}

// ------------------------------------------------------------------------------------------------
// ID numbers: decrypted for the archive, encrypted again for the target

type Value = AttributeValue;

function mapValues(item: Item, fn: (map: Item) => Item): Item {
  const walk = (v: Value): Value => {
    if ('M' in v && v.M !== undefined) return { M: fn(Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, walk(x)]))) };
    if ('L' in v && v.L !== undefined) return { L: v.L.map(walk) };
    return v;
  };
  return fn(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)])));
}

/** Every `idCipher` (the item's own, each relative's) becomes `idPlain`; `idHmac` stays, to be recomputed. */
export function decryptIds(item: Item, crypto: IdCrypto): Item {
  return mapValues(item, (map) => {
    const sealed = map['idCipher'];
    if (sealed === undefined || !('S' in sealed) || typeof sealed.S !== 'string') return map;
    const { idCipher: _dropped, ...rest } = map;
    return { ...rest, idPlain: { S: crypto.decrypt(sealed.S) } };
  });
}

/** The reverse on the target, with its keys; `hmacs` collects source HMAC → target HMAC. */
export function encryptIds(item: Item, crypto: IdCrypto, hmacs: Map<string, string>): Item {
  return mapValues(item, (map) => {
    const plain = map['idPlain'];
    if (plain === undefined || !('S' in plain) || typeof plain.S !== 'string') return map;
    const { idPlain: _dropped, ...rest } = map;
    const out: Item = { ...rest, idCipher: { S: crypto.encrypt(plain.S) } };
    const oldHmac = map['idHmac'];
    if (oldHmac !== undefined && 'S' in oldHmac && typeof oldHmac.S === 'string') {
      const fresh = crypto.hmac(plain.S);
      hmacs.set(oldHmac.S, fresh);
      out['idHmac'] = { S: fresh };
    }
    return out;
  });
}

/** Any source HMAC left in a string (e.g. inside a key) becomes the target's. */
function remapHmacs(item: Item, hmacs: ReadonlyMap<string, string>): Item {
  if (hmacs.size === 0) return item;
  const fix = (s: string) => s.replace(/[0-9a-f]{64}/g, (m) => hmacs.get(m) ?? m);
  const walk = (v: Value): Value => {
    if ('S' in v && typeof v.S === 'string') return { S: fix(v.S) };
    if ('SS' in v && v.SS !== undefined) return { SS: v.SS.map(fix) };
    if ('M' in v && v.M !== undefined) return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, walk(x)])) };
    if ('L' in v && v.L !== undefined) return { L: v.L.map(walk) };
    return v;
  };
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
}

/** Task tokens belong to the source's Step Functions. */
function withoutToken(item: Item): Item {
  if (entityOf(item) !== ENTITY.task) return item;
  const { taskToken: _dropped, ...rest } = item;
  return rest;
}

/**
 * The policy version a campaign pins, as the table holds it: a built-in version, or one the county
 * uploaded (POST /policies). A campaign stored before versions were pinned means the built-in one.
 */
async function pinnedPolicyIn(client: DynamoDBClient, table: string, id: string, version: string | undefined): Promise<Policy | undefined> {
  const builtIn = builtInPolicyIds().includes(id) ? builtInPolicy(id) : undefined;
  if (builtIn !== undefined && (version === undefined || version === builtIn.version)) return builtIn;
  if (version === undefined) return undefined;
  const stored = await policyRepository({ doc: DynamoDBDocumentClient.from(client), tableName: table }).get(id, version);
  return stored?.policy;
}

// ------------------------------------------------------------------------------------------------
// Where the table is

export type TableTarget = { kind: 'local'; dataDir: string } | { kind: 'aws'; table: string; region: string; endpoint?: string };

/** Runs `fn` with a client on the table: a running local stack's DynamoDB Local, a temporary one, or AWS. */
async function withTable<T>(
  target: TableTarget,
  cacheDir: string,
  create: boolean,
  fn: (client: DynamoDBClient, table: string) => Promise<T>,
): Promise<T> {
  if (target.kind === 'aws') {
    const client = new DynamoDBClient({ region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) });
    try {
      return await fn(client, target.table);
    } finally {
      client.destroy();
    }
  }
  const running = findRunningStack(target.dataDir);
  if (running) {
    const client = new DynamoDBClient({ endpoint: running.urls.dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    try {
      return await fn(client, TABLE_NAME);
    } finally {
      client.destroy();
    }
  }
  return withDynamoDbLocal(join(target.dataDir, 'dynamodb'), cacheDir, async (client) => {
    if (create) await ensureTable(client, TABLE_NAME);
    return fn(client, TABLE_NAME);
  });
}

function localKeyMaterial(dataDir: string, what: string): string {
  const path = join(dataDir, 'key-material');
  if (!existsSync(path)) throw new CampaignMoveError(`${what}数据文件夹 ${dataDir} 中没有 key-material：请先在该文件夹上启动一次本地服务`);
  return readFileSync(path, 'utf8').trim();
}

function chainHeadsOf(collector: ChainCollector): ChainHead[] {
  return [...collector.chains()].map(([chain, events]) => {
    const last = z.object({ hash: Hash, seq: z.number() }).safeParse(events.at(-1));
    return { chain, head: last.success ? last.data.hash : '0'.repeat(64), count: events.length };
  });
}

function describeProblems(problems: readonly ChainProblem[]): string {
  return problems
    .slice(0, 10)
    .map((p) => `${p.chain}：${p.message}`)
    .join('；');
}

// ------------------------------------------------------------------------------------------------
// Export

export interface ExportOptions {
  campaignId: string;
  dataDir: string;
  out: string;
  recipientPem: string;
  overwrite?: boolean;
  cacheDir?: string;
  log?: (line: string) => void;
}

export async function exportCampaign(opts: ExportOptions): Promise<{ out: string; manifest: CampaignManifest }> {
  const log = opts.log ?? (() => undefined);
  const out = resolve(opts.out);
  if (existsSync(out) && !opts.overwrite) throw new CampaignMoveError(`文件已存在：${out}（如要覆盖，请加 --force）`);
  if (!existsSync(dirname(out))) throw new CampaignMoveError(`无法写入 ${out}：所在文件夹不存在`);
  const recipient = readPublicKey(opts.recipientPem);
  const crypto = createIdCrypto(localKeyMaterial(opts.dataDir, '源'));
  const read = await withTable(
    { kind: 'local', dataDir: opts.dataDir },
    opts.cacheDir ?? DEFAULT_CACHE_DIR,
    false,
    async (client, table) => {
      const items = await readCampaignItems(client, table, opts.campaignId);
      const meta = items.campaign === undefined ? undefined : CampaignMeta.parse(unmarshall(items.campaign)).campaign;
      const pinned = meta === undefined ? undefined : await pinnedPolicyIn(client, table, meta.policyId, meta.policyVersion);
      return { ...items, pinned };
    },
  );
  if (read.campaign === undefined) throw new CampaignMoveError(`没有编号为 ${opts.campaignId} 的换届工作`);
  const metas = read.batches.filter((b) => stringAttr(b, 'sk') === 'META').map((b) => BatchMeta.parse(unmarshall(b)));
  const unfinished = metas.filter((b) => !b.reportReady);
  if (unfinished.length > 0) {
    throw new CampaignMoveError(
      `换届工作 ${opts.campaignId} 还有 ${unfinished.length} 个批次未完成联审：仍在审查中的候选人不能迁移，请待全部批次完成后再导出`,
    );
  }
  const stored = CampaignMeta.parse(unmarshall(read.campaign)).campaign;
  if (read.pinned === undefined) {
    throw new CampaignMoveError(
      `换届工作 ${opts.campaignId} 所用的政策 ${stored.policyId} ${stored.policyVersion ?? ''} 在本系统中不存在，未导出`,
    );
  }
  // The policy travels with the campaign: a county's own (uploaded) version is stored on the target too.
  const pinnedPolicy = read.pinned;
  const policy = { id: pinnedPolicy.id, version: pinnedPolicy.version, sha256: policyDigest(pinnedPolicy) };

  log(`读取 ${read.items.length} 项，校验审计链…`);
  const collector = new ChainCollector();
  for (const item of read.items) collector.add(item);
  const anchorPath = join(opts.dataDir, ANCHOR_FILE_NAME);
  const anchorText = existsSync(anchorPath) ? readFileSync(anchorPath, 'utf8') : undefined;
  const chainIds = new Set(collector.chains().keys());
  const checked = collector.verify(anchorText === undefined ? undefined : anchorLines(anchorText), chainIds);
  if (checked.problems.length > 0) throw new CampaignMoveError(`导出前校验审计链发现问题，未导出：${describeProblems(checked.problems)}`);
  const chains = chainHeadsOf(collector).sort((a, b) => (a.chain < b.chain ? -1 : 1));

  const work = mkdtempSync(join(tmpdir(), 'lianshen-export-'));
  try {
    writeFileSync(join(work, ITEMS), read.items.map((item) => `${itemLine(withoutToken(decryptIds(item, crypto)))}\n`).join(''), {
      mode: 0o600,
    });
    writeFileSync(join(work, POLICY), `${canonicalJson(pinnedPolicy)}\n`, { mode: 0o600 });
    const parts = [ITEMS, POLICY];
    if (anchorText !== undefined) {
      writeFileSync(join(work, SOURCE_ANCHORS), anchorText, { mode: 0o600 });
      parts.push(SOURCE_ANCHORS);
    }
    const manifest: CampaignManifest = {
      format: CAMPAIGN_KIND.format,
      formatVersion: CAMPAIGN_KIND.formatVersion,
      exportedAt: new Date().toISOString(),
      versions: versions(),
      campaign: { id: opts.campaignId, name: stored.name },
      policy,
      items: read.items.length,
      counts: countEntities(read.items),
      batches: metas.length,
      candidates: read.candidateIds.length,
      chains,
      digest: headsDigest(chains),
      sourceAnchors: checked.anchors,
      recipient: fingerprintOf(recipient),
      parts: await describeParts(work, parts),
    };
    const packed = join(work, 'campaign.tar.gz');
    await packArchive(work, manifest, packed);
    writeFileSync(out, seal(readFileSync(packed), recipient), { mode: 0o600 });
    chmodSync(out, 0o600);
    return { out, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------
// Import

export interface ImportOptions {
  file: string;
  privatePem: string;
  target: TableTarget;
  /** AWS: the key material's Secrets Manager secret, or the material itself (a file's content). */
  keysSecretArn?: string;
  keyMaterial?: string;
  /** Where to anchor the imported heads; a local target uses its data folder's anchor file. */
  anchors?: AnchorLog;
  cacheDir?: string;
  log?: (line: string) => void;
  secrets?: SecretsManagerClient;
}

export interface ImportSummary {
  manifest: CampaignManifest;
  written: number;
  chains: number;
  events: number;
  anchored: { seq: number } | null;
}

async function targetKeyMaterial(opts: ImportOptions): Promise<string> {
  if (opts.keyMaterial !== undefined) return opts.keyMaterial.trim();
  if (opts.target.kind === 'local') return localKeyMaterial(opts.target.dataDir, '目标');
  if (opts.keysSecretArn === undefined)
    throw new CampaignMoveError('导入到 AWS 需要 --keys-secret-arn（ID 号码密钥的 Secrets Manager 密钥）或 --key-material-file');
  const client = opts.secrets ?? new SecretsManagerClient({ region: opts.target.region });
  const secret = await client.send(new GetSecretValueCommand({ SecretId: opts.keysSecretArn }));
  if (!secret.SecretString) throw new CampaignMoveError(`密钥 ${opts.keysSecretArn} 没有 SecretString`);
  return secret.SecretString;
}

const itemKey = (item: Item) => `${stringAttr(item, 'pk')}|${stringAttr(item, 'sk')}`;

/** The clear ID numbers of an item (after decryptIds), in order. */
function plainIds(item: Item): string {
  const found: string[] = [];
  mapValues(item, (map) => {
    const p = map['idPlain'];
    if (p !== undefined && 'S' in p && typeof p.S === 'string') found.push(p.S);
    return map;
  });
  return found.join(',');
}

function withoutCiphers(item: Item): string {
  return canonicalJson(JSON.parse(itemLine(mapValues(item, ({ idCipher: _c, ...rest }) => rest))));
}

/** Conditional put; an identical item already there (a re-run after an interrupted import) counts as written. */
async function putNew(client: DynamoDBClient, table: string, item: Item): Promise<void> {
  try {
    await client.send(new PutItemCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ConditionalCheckFailedException')) throw err;
    const pk = item['pk'];
    const sk = item['sk'];
    if (pk === undefined || sk === undefined) throw err;
    const existing = (await client.send(new GetItemCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;
    if (existing === undefined || withoutCiphers(existing) !== withoutCiphers(item)) {
      throw new CampaignMoveError(`目标表中已有不同的数据项 ${stringAttr(item, 'pk')} / ${stringAttr(item, 'sk')}，未覆盖，导入中止`);
    }
  }
}

/**
 * The target must decide under the same version: a built-in one must be identical there; an uploaded
 * one is stored unless the target holds it already (identical) — other content under that version
 * number is refused, as POST /policies refuses it.
 */
async function ensurePolicyOnTarget(client: DynamoDBClient, table: string, policy: Policy, log: (line: string) => void): Promise<void> {
  const here = await pinnedPolicyIn(client, table, policy.id, policy.version);
  if (here !== undefined) {
    if (policyDigest(here) !== policyDigest(policy)) {
      throw new CampaignMoveError(`目标系统的政策 ${policy.id} 版本 ${policy.version} 与导出时的内容不同，未导入`);
    }
    return;
  }
  if (builtInPolicyIds().includes(policy.id) && builtInPolicy(policy.id).version === policy.version) return;
  const put = await policyRepository({ doc: DynamoDBDocumentClient.from(client), tableName: table }).put(policy, {
    storedAt: new Date().toISOString(),
    storedBy: 'campaign-import',
  });
  if (put.result === 'conflict') {
    throw new CampaignMoveError(`目标系统的政策 ${policy.id} 版本 ${policy.version} 与导出时的内容不同，未导入`);
  }
  log(`政策 ${policy.id} 版本 ${policy.version} 已随换届工作存入目标系统`);
}

export async function importCampaign(opts: ImportOptions): Promise<ImportSummary> {
  const log = opts.log ?? (() => undefined);
  const privateKey = readPrivateKey(opts.privatePem);
  const plain = open(readFileSync(opts.file), privateKey);
  const work = mkdtempSync(join(tmpdir(), 'lianshen-import-'));
  try {
    mkdirSync(join(work, 'archive'));
    const manifest = await unpackChecked(plain, join(work, 'archive'), CampaignManifest, CAMPAIGN_KIND);
    const carried = Policy.safeParse(JSON.parse(readFileSync(join(work, 'archive', POLICY), 'utf8')));
    if (!carried.success || policyDigest(carried.data) !== manifest.policy.sha256) {
      throw new ArchiveError(`换届工作导出文件已损坏：${POLICY} 与清单记录的政策不符`);
    }
    const lines = readFileSync(join(work, 'archive', ITEMS), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const items = lines.map((line, i) => {
      try {
        return parseItemLine(line);
      } catch {
        throw new ArchiveError(`换届工作导出文件已损坏：${ITEMS} 第 ${i + 1} 行不是有效的数据项`);
      }
    });
    if (items.length !== manifest.items)
      throw new ArchiveError(`换届工作导出文件已损坏：数据项为 ${items.length} 项，清单记为 ${manifest.items} 项`);
    const sourceAnchors = existsSync(join(work, 'archive', SOURCE_ANCHORS))
      ? anchorLines(readFileSync(join(work, 'archive', SOURCE_ANCHORS), 'utf8'))
      : undefined;
    const expected = new Map(manifest.chains.map((c) => [c.chain, c]));

    const verify = (found: readonly Item[], when: string) => {
      const collector = new ChainCollector();
      for (const item of found) collector.add(item);
      const r = collector.verify(sourceAnchors, new Set(expected.keys()));
      const heads = chainHeadsOf(collector);
      const problems = [...r.problems];
      for (const h of heads) {
        const e = expected.get(h.chain);
        if (e === undefined) problems.push({ chain: h.chain, message: '清单中没有这条审计链' });
        else if (e.head !== h.head || e.count !== h.count) problems.push({ chain: h.chain, message: '链头与导出清单不符' });
      }
      for (const chain of expected.keys()) if (!heads.some((h) => h.chain === chain)) problems.push({ chain, message: '审计链缺失' });
      if (headsDigest(heads) !== manifest.digest && problems.length === 0)
        problems.push({ chain: '(全部)', message: '链头摘要与导出清单不符' });
      if (problems.length > 0) throw new CampaignMoveError(`${when}校验审计链发现问题：${describeProblems(problems)}`);
      return r;
    };
    verify(items, '导入前');
    log(`导出文件完整：${items.length} 项，${manifest.chains.length} 条审计链与清单和源锚定记录一致`);

    const crypto = createIdCrypto(await targetKeyMaterial(opts));
    const hmacs = new Map<string, string>();
    const sealedForTarget = items.map((item) => encryptIds(item, crypto, hmacs)).map((item) => remapHmacs(item, hmacs));
    const isCampaign = (item: Item) => entityOf(item) === ENTITY.campaign;

    const result = await withTable(opts.target, opts.cacheDir ?? DEFAULT_CACHE_DIR, true, async (client, table) => {
      if (await campaignExists(client, table, manifest.campaign.id)) {
        throw new CampaignMoveError(`目标中已有编号为 ${manifest.campaign.id} 的换届工作，未导入`);
      }
      await ensurePolicyOnTarget(client, table, carried.data, log);
      // The campaign item last: until it is written the campaign is not visible, and a re-run resumes.
      const rest = sealedForTarget.filter((i) => !isCampaign(i));
      let next = 0;
      const worker = async () => {
        while (next < rest.length) {
          const item = rest[next];
          next += 1;
          if (item !== undefined) await putNew(client, table, item);
        }
      };
      await Promise.all(Array.from({ length: Math.min(16, rest.length) }, () => worker()));
      for (const item of sealedForTarget.filter(isCampaign)) {
        try {
          await client.send(new PutItemCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        } catch (err) {
          if (err instanceof Error && err.name === 'ConditionalCheckFailedException') {
            throw new CampaignMoveError(`目标中已有编号为 ${manifest.campaign.id} 的换届工作，未导入`);
          }
          throw err;
        }
      }
      log(`已写入 ${sealedForTarget.length} 项；从目标读回并再次校验…`);
      const back = await readCampaignItems(client, table, manifest.campaign.id);
      if (back.items.length !== items.length) throw new CampaignMoveError(`导入后读回 ${back.items.length} 项，应为 ${items.length} 项`);
      // The target's keys open every ID number it now holds, and give back the numbers exported.
      // Keyed as written: a key that holds an ID HMAC (a person's claim) holds the target's.
      const exported = new Map(items.map((i, n) => [itemKey(sealedForTarget[n] ?? i), plainIds(i)]));
      for (const item of back.items) {
        if (exported.get(itemKey(item)) !== plainIds(decryptIds(item, crypto))) {
          throw new CampaignMoveError(`导入后 ${stringAttr(item, 'pk')} 的 ID 号码无法用目标的密钥还原`);
        }
      }
      return verify(back.items, '导入后');
    });

    const anchors = opts.anchors ?? (opts.target.kind === 'local' ? fileAnchorLog(join(opts.target.dataDir, ANCHOR_FILE_NAME)) : undefined);
    const anchored =
      anchors === undefined
        ? null
        : await anchors.append({ kind: 'import', subject: manifest.campaign.id, at: new Date().toISOString(), heads: manifest.chains });
    return {
      manifest,
      written: items.length,
      chains: result.chains,
      events: result.events,
      anchored: anchored === null ? null : { seq: anchored.seq },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
