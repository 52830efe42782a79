// One contract for every Repositories implementation: the DynamoDB repositories (run against
// DynamoDB Local) and the in-memory fake the handler tests use must behave the same, so a handler
// test on the fake says something about production. The tests run in order on one store.
import { beforeAll, expect, it } from 'vitest';
import { answerEvent, dispatchEvent } from '../../shared/domain/audit/answers.js';
import { verifyChain } from '../../shared/domain/audit/chain.js';
import type { Decision } from '../../shared/domain/model.js';
import {
  ConflictError,
  IdempotencyConflictError,
  PersonAlreadySubmittedError,
  type Repositories,
  type RequestStore,
} from '../../shared/app/ports.js';
import type { RequestKind, RequestOf } from '../../shared/domain/requests.js';
import { PUBLISHED_HOLIDAYS } from '../../shared/domain/working-days.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { examplePolicy } from '../support/policies.js';
import { notificationContract } from './notification-contract.js';
import { AUDIT_SAMPLES, ID_A, ID_B, ID_C, ID_RELATIVE, newBatch, referredDecision } from './samples.js';

export interface ContractSubject {
  repos: Repositories;
  /** A second instance over the same store, as another process would have. */
  other(): Repositories;
  /** Extract rows still stored, of any generation (replaced generations must be gone). */
  extractRowCount(): Promise<number>;
}

/** Registers the contract's tests in the current describe block. */
export function repositoryContract(setup: () => Promise<ContractSubject>): void {
  let subject: ContractSubject;
  let repos: Repositories;

  beforeAll(async () => {
    subject = await setup();
    repos = subject.repos;
    await repos.campaigns.create(
      {
        id: 'c1',
        name: '测试换届',
        jurisdiction: '测试县',
        policyId: 'dinghai-2017',
        electionDate: '2026-12-01',
        referenceDate: '2026-12-01',
      },
      { createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'u-org' },
    );
  });

  it('stores a policy version once: the same content again is a repeat, other content a conflict', async () => {
    const v1 = examplePolicy({ id: 'contract-policy' });
    const meta = { storedAt: '2026-11-01T00:00:00.000Z', storedBy: 'u-org' };
    const created = await repos.policies.put(v1, meta);
    expect(created).toMatchObject({
      result: 'created',
      stored: { id: 'contract-policy', version: '1.0.0', builtIn: false, storedBy: 'u-org' },
    });
    expect(created.stored.digest).toMatch(/^[0-9a-f]{64}$/);
    const again = await subject.other().policies.put(v1, { ...meta, storedBy: 'someone-else' });
    expect(again).toMatchObject({ result: 'exists', stored: { storedBy: 'u-org', digest: created.stored.digest } });
    const changed = await repos.policies.put(examplePolicy({ id: 'contract-policy', name: '改过的名称' }), meta);
    expect(changed).toMatchObject({ result: 'conflict', stored: { name: v1.name } });
    expect((await repos.policies.get('contract-policy', '1.0.0'))?.policy).toEqual(v1);
    expect(await repos.policies.get('contract-policy', '9.9.9')).toBeUndefined();
  });

  it('orders versions as numbers and gives the highest as latest', async () => {
    const meta = { storedAt: '2026-11-02T00:00:00.000Z', storedBy: 'u-org' };
    for (const version of ['2.10.0', '2.9.0', '10.0.0']) {
      expect((await repos.policies.put(examplePolicy({ id: 'contract-versions', version }), meta)).result).toBe('created');
    }
    expect((await repos.policies.versions('contract-versions')).map((v) => v.version)).toEqual(['2.9.0', '2.10.0', '10.0.0']);
    expect(await repos.policies.latest('contract-versions')).toMatchObject({ version: '10.0.0', policy: { version: '10.0.0' } });
    expect(await repos.policies.latest('contract-nothing')).toBeUndefined();
    const listed = (await repos.policies.list()).filter((p) => p.id.startsWith('contract-'));
    expect(listed.map((p) => `${p.id}@${p.version}`)).toEqual([
      'contract-policy@1.0.0',
      'contract-versions@2.9.0',
      'contract-versions@2.10.0',
      'contract-versions@10.0.0',
    ]);
  });

  it('always holds the built-in policies: listed, never overwritten, and a new version of one is stored beside it', async () => {
    const shipped = builtInPolicy('county-2017');
    expect(await repos.policies.get('county-2017', shipped.version)).toMatchObject({ builtIn: true, storedAt: null, policy: shipped });
    expect((await repos.policies.list()).filter((p) => p.builtIn).map((p) => p.id)).toEqual(
      expect.arrayContaining(['county-2017', 'dinghai-2017', 'duting-2015', 'xiannvshan-2021']),
    );
    const meta = { storedAt: '2026-11-03T00:00:00.000Z', storedBy: 'u-org' };
    expect((await repos.policies.put(shipped, meta)).result).toBe('exists');
    expect((await repos.policies.put({ ...shipped, name: '篡改' }, meta)).result).toBe('conflict');
    const next = { ...shipped, version: '2.1.0', name: `${shipped.name}（修订）` };
    expect((await repos.policies.put(next, meta)).result).toBe('created');
    expect((await repos.policies.versions('county-2017')).map((v) => [v.version, v.builtIn])).toEqual([
      [shipped.version, true],
      ['2.1.0', false],
    ]);
    expect(await repos.policies.latest('county-2017')).toMatchObject({ version: '2.1.0', builtIn: false });
  });

  it('creates a campaign once and lists it', async () => {
    const again = await repos.campaigns.create(
      { id: 'c1', name: '另一个', jurisdiction: 'x', policyId: 'dinghai-2017', electionDate: '2026-12-01', referenceDate: '2026-12-01' },
      { createdAt: '2026-11-02T00:00:00.000Z', createdBy: 'u2' },
    );
    expect(again.created).toBe(false);
    expect(again.stored.campaign.name).toBe('测试换届');
    expect((await repos.campaigns.list()).map((c) => c.campaign.id)).toContain('c1');
  });

  it('updates a campaign only from the revision it was read at, keeping who created it', async () => {
    const read = await repos.campaigns.get('c1');
    if (read === undefined) throw new Error('campaign c1 missing');
    expect(read.revision ?? 0).toBe(0);
    const townships = [{ code: 'changguo', name: '昌国街道', villages: [{ name: '海山社区', kind: '农村社区' as const }] }];
    const updated = await repos.campaigns.update(
      { ...read.campaign, townships, schedule: { resultsDueDaysBefore: 7, publicityDays: 5, departmentDays: { court: 3 } } },
      { updatedAt: '2026-11-03T00:00:00.000Z', updatedBy: 'u-org2', expectedRevision: 0 },
    );
    expect(updated).toMatchObject({ revision: 1, createdBy: 'u-org', updatedBy: 'u-org2' });
    const again = await subject.other().campaigns.get('c1');
    expect(again).toMatchObject({
      revision: 1,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-03T00:00:00.000Z',
      campaign: { townships, schedule: { resultsDueDaysBefore: 7, publicityDays: 5, departmentDays: { court: 3 } } },
    });
    // A second editor who read revision 0 loses: nothing of theirs is stored.
    await expect(
      repos.campaigns.update({ ...updated.campaign, name: '过期的修改' }, { updatedAt: 'x', updatedBy: 'u3', expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repos.campaigns.update({ ...updated.campaign, id: 'nope' }, { updatedAt: 'x', updatedBy: 'u3', expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await repos.campaigns.get('c1'))?.campaign.name).toBe('测试换届');
    expect((await repos.campaigns.list()).find((c) => c.campaign.id === 'c1')?.revision).toBe(1);
  });

  it('keeps one holiday year per year, replaces it whole and says what it replaced', async () => {
    expect(await repos.holidays.list()).toEqual([]);
    const [y2017, y2026] = PUBLISHED_HOLIDAYS;
    if (y2017 === undefined || y2026 === undefined) throw new Error('published years missing');
    const meta = { updatedAt: '2026-11-04T00:00:00.000Z', updatedBy: 'u-org' };
    expect(await repos.holidays.put({ year: y2026, notes: { '2026-02-15': '春节' }, ...meta })).toEqual({});
    expect(await repos.holidays.put({ year: y2017, notes: {}, ...meta })).toEqual({});
    const replaced = await repos.holidays.put({ year: { ...y2026, workdays: [] }, notes: {}, ...meta, updatedBy: 'u-org2' });
    expect(replaced.previous).toEqual({ year: y2026, notes: { '2026-02-15': '春节' }, ...meta });
    expect((await subject.other().holidays.list()).map((h) => [h.year.year, h.year.workdays.length, h.updatedBy])).toEqual([
      [2017, y2017.workdays.length, 'u-org'],
      [2026, 0, 'u-org2'],
    ]);
    expect(await repos.holidays.get(2027)).toBeUndefined();
    expect((await repos.holidays.get(2017))?.year).toEqual(y2017);
  });

  it('switches a campaign’s pinned policy version only from the version pinned now, and keeps each switch', async () => {
    const base = { name: '换版本', jurisdiction: 'x', policyId: 'county-2017', electionDate: '2026-12-01', referenceDate: '2026-12-01' };
    await repos.campaigns.create({ ...base, id: 'c-switch' }, { createdAt: '2026-11-02T00:00:00.000Z', createdBy: 'u-org' });
    const first = { from: null, to: '2.0.0', reason: '固定到内置版本', by: 'u-org', at: '2026-11-03T00:00:00.000Z' };
    expect((await repos.campaigns.switchPolicy('c-switch', first))?.campaign.policyVersion).toBe('2.0.0');
    // Another process saw the old pin: its switch is refused.
    expect(await subject.other().campaigns.switchPolicy('c-switch', { ...first, to: '2.1.0' })).toBeUndefined();
    const second = { from: '2.0.0', to: '2.1.0', reason: '县委组织部印发修订稿', by: 'u-org', at: '2026-11-04T00:00:00.000Z' };
    const switched = await repos.campaigns.switchPolicy('c-switch', second);
    expect(switched).toMatchObject({ campaign: { policyVersion: '2.1.0', policyId: 'county-2017' }, policySwitches: [first, second] });
    expect(await repos.campaigns.get('c-switch')).toEqual(switched);
    expect(await repos.campaigns.switchPolicy('no-such-campaign', second)).toBeUndefined();
  });

  it('writes a batch once per idempotency key and rejects the key for another request', async () => {
    const first = await repos.batches.create(newBatch('b-one', 'key-1', 'digest-1'));
    expect(first.created).toBe(true);
    expect(first.candidateIds).toEqual(['b-one-0001', 'b-one-0002', 'b-one-0003']);
    const repeat = await repos.batches.create(newBatch('b-other', 'key-1', 'digest-1'));
    expect(repeat.created).toBe(false);
    expect(repeat.batch.batchId).toBe('b-one');
    await expect(repos.batches.create(newBatch('b-third', 'key-1', 'digest-2'))).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect((await repos.batches.listByTownship('t-1')).map((b) => b.batchId)).toEqual(['b-one']);
    expect((await repos.batches.listByCampaign('c1')).map((b) => b.batchId)).toEqual(['b-one']);
    expect(await repos.batches.get('b-third')).toBeUndefined();
  });

  it('holds a person once per campaign: another batch with the same ID number is refused naming the batch, and leaves nothing', async () => {
    const again = { ...newBatch('b-again', 'key-again', 'digest-again'), township: 't-2', submittedAt: '2026-11-02T08:00:00.000Z' };
    const refusal = await repos.batches.create(again).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(PersonAlreadySubmittedError);
    if (!(refusal instanceof PersonAlreadySubmittedError)) return;
    expect(refusal.clashes).toEqual(
      [1, 2, 3].map((position) => ({
        position,
        batchId: 'b-one',
        township: 't-1',
        submittedAt: '2026-11-01T08:00:00.000Z',
        filename: 'batch.xlsx',
        seq: position,
        candidateId: `b-one-000${position}`,
      })),
    );
    expect(await repos.batches.get('b-again')).toBeUndefined();
    expect(await repos.candidates.getDossier('b-again-0001')).toBeUndefined();
    // The key was released with the claims: the same key may carry the corrected file.
    const corrected = { ...again, campaignId: 'c-elsewhere', requestDigest: 'digest-corrected' };
    expect((await repos.batches.create(corrected)).created).toBe(true);
    // The first batch still holds its people: its own retry is a replay.
    expect((await repos.batches.create(newBatch('b-retry', 'key-1', 'digest-1'))).batch.batchId).toBe('b-one');
  });

  it('lets in another township’s batch of people already held, without taking their claims, when asked to', async () => {
    const elsewhere = { ...newBatch('b-moved', 'key-moved', 'digest-moved'), township: 't-2', letInOtherTownships: true };
    expect(await repos.batches.create(elsewhere)).toMatchObject({
      created: true,
      candidateIds: ['b-moved-0001', 'b-moved-0002', 'b-moved-0003'],
    });
    expect((await repos.candidates.getDossier('b-moved-0001'))?.batchId).toBe('b-moved');
    const held = await repos.batches.heldPersons(elsewhere.campaignId, elsewhere.candidates);
    expect(held.map((c) => [c.position, c.batchId, c.candidateId])).toEqual([
      [1, 'b-one', 'b-one-0001'],
      [2, 'b-one', 'b-one-0002'],
      [3, 'b-one', 'b-one-0003'],
    ]);
    // The same township under a new key is still refused.
    const again = { ...newBatch('b-again-2', 'key-again-2', 'digest-again-2'), letInOtherTownships: true };
    expect(await repos.batches.create(again).catch((err: unknown) => err)).toBeInstanceOf(PersonAlreadySubmittedError);
  });

  it('releases only the person claims a batch holds, once, so the people may be uploaded again', async () => {
    const draft = { ...newBatch('b-rel', 'key-rel', 'digest-rel'), campaignId: 'c-release' };
    await repos.batches.create(draft);
    const elsewhere = {
      ...newBatch('b-rel-2', 'key-rel-2', 'digest-rel-2'),
      campaignId: 'c-release',
      township: 't-2',
      letInOtherTownships: true,
    };
    await repos.batches.create(elsewhere);
    const ids = draft.candidates.map((c) => c.idNumber);
    // The let-in batch never held the people: it releases nothing of the draft's.
    expect(await repos.batches.releasePersons('c-release', 'b-rel-2', ids)).toBe(0);
    expect(await repos.batches.releasePersons('c-release', 'b-rel', ids)).toBe(3);
    expect(await repos.batches.releasePersons('c-release', 'b-rel', ids)).toBe(0);
    expect(await repos.batches.heldPersons('c-release', draft.candidates)).toEqual([]);
    expect(await repos.batches.batchOfKey('t-1', 'key-rel')).toBe('b-rel');
    expect(await repos.batches.batchOfKey('t-2', 'key-rel')).toBeUndefined();
    expect(await repos.batches.batchOfKey('t-1', 'key-never-used')).toBeUndefined();
    const again = { ...newBatch('b-rel-3', 'key-rel-3', 'digest-rel-3'), campaignId: 'c-release' };
    expect((await repos.batches.create(again)).created).toBe(true);
    expect((await repos.batches.heldPersons('c-release', again.candidates)).map((c) => c.batchId)).toEqual([
      'b-rel-3',
      'b-rel-3',
      'b-rel-3',
    ]);
  });

  it('numbers 公示 periods and objections once, closes an objection and resolves a duplicate only while open', async () => {
    const period = {
      campaignId: 'c-pub',
      periodId: 'P1',
      township: null,
      candidateIds: ['b-one-0001', 'b-one-0002'],
      days: 3,
      startDate: '2026-11-02',
      endDate: '2026-11-04',
      assumedYears: [],
      openedBy: 'u-org',
      openedAt: '2026-11-02T01:00:00.000Z',
    };
    expect(await Promise.all([repos.publicity.openPeriod(period), subject.other().publicity.openPeriod(period)])).toEqual(
      expect.arrayContaining([true, false]),
    );
    expect(await repos.publicity.openPeriod({ ...period, periodId: 'P10', township: 't-1' })).toBe(true);
    expect(await repos.publicity.openPeriod({ ...period, periodId: 'P2' })).toBe(true);
    expect((await repos.publicity.periods('c-pub')).map((p) => p.periodId)).toEqual(['P1', 'P2', 'P10']);
    const objection = {
      campaignId: 'c-pub',
      candidateId: 'b-one-0001',
      seq: 1,
      periodId: 'P1',
      reporter: null,
      channel: 'letter' as const,
      content: '该人选长期不在村居住',
      receivedAt: '2026-11-03T02:00:00.000Z',
      recordedBy: 'u-org',
      recordedAt: '2026-11-03T03:00:00.000Z',
      status: 'open' as const,
    };
    expect(await repos.publicity.addObjection(objection)).toBe(true);
    expect(await repos.publicity.addObjection({ ...objection, content: '另一件事情的反映' })).toBe(false);
    expect(await repos.publicity.addObjection({ ...objection, seq: 2, reporter: { name: '王某', contact: '13800000000' } })).toBe(true);
    expect(await repos.publicity.addObjection({ ...objection, candidateId: 'b-one-0002' })).toBe(true);
    expect((await repos.publicity.objections('c-pub', 'b-one-0001')).map((o) => [o.seq, o.reporter?.name ?? null])).toEqual([
      [1, null],
      [2, '王某'],
    ]);
    expect((await repos.publicity.objectionsByCampaign('c-pub')).map((o) => `${o.candidateId}#${o.seq}`)).toEqual([
      'b-one-0001#1',
      'b-one-0001#2',
      'b-one-0002#1',
    ]);
    const outcome = {
      checked: '经走访核实，情况不属实',
      result: 'unfounded' as const,
      decidedBy: 'u-org',
      decidedAt: '2026-11-03T05:00:00.000Z',
    };
    const closes = await Promise.all([
      repos.publicity.closeObjection('c-pub', 'b-one-0001', 1, outcome),
      subject.other().publicity.closeObjection('c-pub', 'b-one-0001', 1, { ...outcome, decidedBy: 'u-org-2' }),
    ]);
    expect(closes.filter((c) => c.closed)).toHaveLength(1);
    expect(await repos.publicity.closeObjection('c-pub', 'b-one-0001', 1, outcome)).toMatchObject({
      closed: false,
      existing: { status: 'closed' },
    });
    expect(await repos.publicity.closeObjection('c-pub', 'b-one-0001', 9, outcome)).toEqual({ closed: false });
    const duplicate = {
      campaignId: 'c-pub',
      candidateId: 'b-two-0001',
      batchId: 'b-two',
      township: 't-2',
      heldBy: { candidateId: 'b-one-0001', batchId: 'b-one', township: 't-1' },
      flaggedAt: '2026-11-02T01:00:00.000Z',
      status: 'open' as const,
    };
    await repos.publicity.flagDuplicate(duplicate);
    await repos.publicity.flagDuplicate({ ...duplicate, flaggedAt: '2026-11-05T01:00:00.000Z' });
    expect(await repos.publicity.duplicates('c-pub')).toEqual([duplicate]);
    const resolution = {
      kept: 'b-one-0001',
      setAside: 'b-two-0001',
      reason: '本人户籍在昌国街道',
      by: 'u-org',
      at: '2026-11-03T01:00:00.000Z',
    };
    expect(await repos.publicity.resolveDuplicate('c-pub', 'b-two-0001', resolution)).toMatchObject({
      resolved: true,
      duplicate: { status: 'resolved' },
    });
    expect(await repos.publicity.resolveDuplicate('c-pub', 'b-two-0001', resolution)).toMatchObject({
      resolved: false,
      existing: { resolution },
    });
    expect(await repos.publicity.resolveDuplicate('c-pub', 'b-none-0001', resolution)).toEqual({ resolved: false });
  });

  it('lets only one of two concurrent batches with the same person in', async () => {
    const one = { ...newBatch('b-race-1', 'key-race-1', 'digest-race-1'), campaignId: 'c-race' };
    const two = { ...newBatch('b-race-2', 'key-race-2', 'digest-race-2'), campaignId: 'c-race', township: 't-2' };
    const outcomes = await Promise.allSettled([repos.batches.create(one), subject.other().batches.create(two)]);
    const created = outcomes.filter((o) => o.status === 'fulfilled');
    expect(created.length).toBeLessThanOrEqual(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(PersonAlreadySubmittedError);
    // Whatever the interleaving, a later batch of the same people finds them held or free, never half-held.
    const third = { ...newBatch('b-race-3', 'key-race-3', 'digest-race-3'), campaignId: 'c-race', township: 't-3' };
    const last = await repos.batches.create(third).catch((err: unknown) => err);
    if (created.length === 1) expect(last).toBeInstanceOf(PersonAlreadySubmittedError);
    else expect(last).toMatchObject({ created: true });
  });

  it('returns dossiers with decrypted ID numbers and relatives, candidates by batch in file order', async () => {
    const dossier = await repos.candidates.getDossier('b-one-0001');
    expect(dossier?.idNumber).toBe(ID_A);
    expect(dossier?.relatives).toEqual([{ candidateIdNumber: ID_A, name: '王父', relation: '父母', idNumber: ID_RELATIVE }]);
    const views = await repos.candidates.listViewsByBatch('b-one');
    expect(views.map((v) => v.idNumber)).toEqual([ID_A, ID_B, ID_C]);
    await repos.candidates.setRouting('b-one-0001', { policyId: 'dinghai-2017', policyVersion: '1', departments: ['a', 'b'] });
    expect(await repos.candidates.getRouting('b-one-0001')).toEqual({
      policyId: 'dinghai-2017',
      policyVersion: '1',
      departments: ['a', 'b'],
    });
  });

  it('replaces a record extract: only the active generation is found, old rows are deleted', async () => {
    const row = { department: '公安局', idNumber: ID_A, name: '王一', category: '受过刑事处罚' };
    const first = await repos.extracts.replace({
      department: 'public-security',
      rows: [row, { ...row, idNumber: ID_B, name: '李二' }],
      filename: 'a.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(first).toMatchObject({ rows: 2, persons: 2 });
    const active1 = await repos.extracts.getActive('public-security', 'c1');
    expect(await repos.extracts.findRowsOf(active1!, [ID_A])).toEqual(new Map([[ID_A, [row]]]));
    await repos.extracts.replace({
      department: 'public-security',
      rows: [],
      filename: 'empty.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-11-02T00:00:00.000Z',
    });
    const active2 = await repos.extracts.getActive('public-security', 'c1');
    expect(active2).toMatchObject({ rows: 0, filename: 'empty.csv' });
    expect(await repos.extracts.findRowsOf(active2!, [ID_A])).toEqual(new Map([[ID_A, []]]));
    expect(await subject.extractRowCount()).toBe(0);
    // A campaign-scoped extract wins over the department-wide one.
    await repos.extracts.replace({
      department: 'public-security',
      campaignId: 'c1',
      rows: [row],
      filename: 'c1.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-11-03T00:00:00.000Z',
    });
    expect(await repos.extracts.getActive('public-security', 'c1')).toMatchObject({ filename: 'c1.csv', campaignId: 'c1' });
    expect(await repos.extracts.getActive('public-security', 'c2')).toMatchObject({ filename: 'empty.csv' });
  });

  it('finds the rows of many persons in one look-up, in file order, a person with very many rows too', async () => {
    const row = (idNumber: string, category: string, note?: string) => ({
      department: '税务局',
      idNumber,
      name: '王一',
      category,
      ...(note === undefined ? {} : { note }),
    });
    // About 600 KB of rows for one person: more than one DynamoDB item holds.
    const many = Array.from({ length: 600 }, (_, i) => row(ID_C, `欠税${i}`, '逾期未缴纳税款'.repeat(45)));
    const rows = [row(ID_A, '欠税'), row(ID_B, '偷税'), row(ID_A, '骗税'), ...many, row(ID_A, '抗税')];
    const summary = await repos.extracts.replace({
      department: 'tax',
      rows,
      filename: 'tax.csv',
      uploadedBy: 'u',
      uploadedAt: '2026-11-04T00:00:00.000Z',
    });
    expect(summary).toMatchObject({ rows: 604, persons: 3 });
    const found = await repos.extracts.findRowsOf(summary, [ID_A, ID_B, ID_C, ID_RELATIVE]);
    expect(found.get(ID_A)?.map((r) => r.category)).toEqual(['欠税', '骗税', '抗税']);
    expect(found.get(ID_B)).toEqual([row(ID_B, '偷税')]);
    expect(found.get(ID_C)).toEqual(many);
    expect(found.get(ID_RELATIVE)).toEqual([]);
    expect(await repos.extracts.findRowsOf(summary, [])).toEqual(new Map());
  });

  it('keeps the first answer, confirms it, and never lets a timeout overwrite a confirmed answer', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0001', department: 'courts', findings: [] };
    const put = await repos.verdicts.putAnswer({ ...base, status: 'clear', source: 'extract' });
    expect(put.written).toBe(true);
    const dup = await repos.verdicts.putAnswer({ ...base, status: 'findings', findings: [{ category: 'x' }], source: 'portal' });
    expect(dup.written).toBe(false);
    await repos.verdicts.markResultSent('b-one-0001', 'courts', 'h1', '2026-11-05T00:00:00.000Z');
    const timeout = await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: 'b-one-0001',
      department: 'courts',
      status: 'overdue',
      at: '2026-11-06T00:00:00.000Z',
    });
    expect(timeout.changed).toBe(false);
    expect(timeout.stored.verdict.status).toBe('clear');
  });

  it('confirms an answer in the put that stores it, and takes that confirmation back only for its own token', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0001', department: 'tax', findings: [] };
    const put = await repos.verdicts.putAnswer({ ...base, status: 'clear', source: 'extract' }, undefined, undefined, {
      tokenHash: 'h-put',
      at: '2026-11-05T00:00:00.000Z',
    });
    expect(put).toMatchObject({ written: true, stored: { resultSentFor: 'h-put', confirmedOnPut: true } });
    expect(await repos.verdicts.get('b-one-0001', 'tax')).toMatchObject({ resultSentAt: '2026-11-05T00:00:00.000Z', confirmedOnPut: true });
    await repos.verdicts.unmarkResultSent('b-one-0001', 'tax', 'h-other');
    expect((await repos.verdicts.get('b-one-0001', 'tax'))?.resultSentFor).toBe('h-put');
    await repos.verdicts.unmarkResultSent('b-one-0001', 'tax', 'h-put');
    const unmarked = await repos.verdicts.get('b-one-0001', 'tax');
    expect(unmarked?.resultSentAt).toBeUndefined();
    expect(unmarked?.confirmedOnPut).toBeUndefined();
    // A confirmation after the send is not taken back.
    await repos.verdicts.markResultSent('b-one-0001', 'tax', 'h-put', '2026-11-05T00:01:00.000Z');
    await repos.verdicts.unmarkResultSent('b-one-0001', 'tax', 'h-put');
    expect(await repos.verdicts.get('b-one-0001', 'tax')).toMatchObject({ resultSentFor: 'h-put' });
    expect((await repos.verdicts.get('b-one-0001', 'tax'))?.confirmedOnPut).toBeUndefined();
  });

  it('corrects only a confirmed answer, only from the answer the caller saw, and keeps the replaced one', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0009', department: 'courts' };
    const first = { ...base, status: 'findings' as const, findings: [{ category: '刑事处罚' }], answeredAt: '2026-11-05T00:00:00.000Z' };
    const fix = { reason: '误报', documentNumber: '更〔2026〕1号', correctedBy: 'u-court', correctedAt: '2026-11-07T00:00:00.000Z' };
    const clear = { ...base, status: 'clear' as const, findings: [], answeredAt: '2026-11-07T00:00:00.000Z' };
    expect(await repos.verdicts.correct(clear, first.answeredAt, fix)).toEqual({ corrected: false });
    await repos.verdicts.putAnswer(first);
    expect((await repos.verdicts.correct(clear, first.answeredAt, fix)).corrected).toBe(false); // not confirmed yet
    await repos.verdicts.markResultSent(base.candidateId, 'courts', 'h9', '2026-11-05T00:00:01.000Z');
    const outcomes = await Promise.all([
      repos.verdicts.correct(clear, first.answeredAt, fix),
      subject.other().verdicts.correct({ ...clear, answeredAt: '2026-11-07T00:00:01.000Z' }, first.answeredAt, fix),
    ]);
    expect(outcomes.filter((o) => o.corrected)).toHaveLength(1);
    const stored = await repos.verdicts.get(base.candidateId, 'courts');
    expect(stored?.verdict.status).toBe('clear');
    expect(stored?.resultSentAt).toBe('2026-11-05T00:00:01.000Z');
    expect(stored?.corrections).toMatchObject([{ previous: { status: 'findings', answeredAt: first.answeredAt }, correction: fix }]);
    expect(
      (await repos.verdicts.correct({ ...clear, status: 'findings', findings: [{ category: 'x' }] }, first.answeredAt, fix)).corrected,
    ).toBe(false);
  });

  it('opens one dispute at a time per candidate, rules it once, and lists a campaign’s disputes', async () => {
    const dispute = {
      campaignId: 'c1',
      candidateId: 'b-one-0008',
      township: 'changguo',
      decisionVersion: 1,
      disputedStatus: 'disqualified' as const,
      reason: '该记录已经撤销',
      attachments: [{ filename: '决定.pdf', sha256: 'b'.repeat(64), bytes: 10 }],
      openedBy: 'u-town',
      openedAt: '2026-11-08T00:00:00.000Z',
      status: 'open' as const,
    };
    const ruling = {
      result: 'change' as const,
      outcome: 'cleared' as const,
      reason: '经复核记录已撤销',
      ruledBy: 'u-org',
      ruledAt: '2026-11-09T00:00:00.000Z',
    };
    expect(await repos.disputes.rule('b-one-0008', ruling)).toEqual({ ruled: false });
    const opened = await Promise.all([repos.disputes.open(dispute), subject.other().disputes.open({ ...dispute, openedBy: 'u-town-2' })]);
    expect(opened.filter((o) => o.opened)).toHaveLength(1);
    expect(await repos.disputes.open(dispute)).toMatchObject({ opened: false, existing: { status: 'open' } });
    const ruled = await Promise.all([
      repos.disputes.rule('b-one-0008', ruling),
      subject.other().disputes.rule('b-one-0008', { ...ruling, result: 'maintain' }),
    ]);
    expect(ruled.filter((r) => r.ruled)).toHaveLength(1);
    expect((await repos.disputes.get('b-one-0008'))?.status).toBe('ruled');
    // The same decision version again: refused; a newer version (decided again since): a new dispute.
    expect(await repos.disputes.open(dispute)).toMatchObject({ opened: false, existing: { status: 'ruled' } });
    expect(await repos.disputes.open({ ...dispute, decisionVersion: 2 })).toMatchObject({ opened: true, dispute: { status: 'open' } });
    expect((await repos.disputes.listByCampaign('c1')).map((d) => [d.candidateId, d.decisionVersion, d.status])).toEqual([
      ['b-one-0008', 2, 'open'],
    ]);
    expect(await repos.disputes.listByCampaign('c-none')).toEqual([]);
  });

  it('opens a re-check once, setting the department’s answer and task aside, numbered per candidate', async () => {
    const candidateId = 'c-recheck-1';
    const answer = { campaignId: 'c1', candidateId, department: 'courts', status: 'findings' as const, findings: [{ category: 'x' }] };
    await repos.verdicts.putAnswer({ ...answer, answeredAt: '2026-11-05T00:00:00.000Z', source: 'portal' });
    await repos.verdicts.markResultSent(candidateId, 'courts', 'h1', '2026-11-05T00:00:01.000Z');
    const task = {
      campaignId: 'c1',
      candidateId,
      department: 'courts',
      taskToken: 'token-contract-recheck',
      createdAt: '2026-11-04T00:00:00.000Z',
      deadline: '2026-11-10T16:00:00.000Z',
      hints: [],
      candidate: { name: '张三', idMasked: '330902********0311', township: '昌国街道', village: '海山社区', post: '党组织书记' as const },
    };
    await repos.tasks.open(task);
    const expected = await repos.verdicts.get(candidateId, 'courts');
    if (expected === undefined) throw new Error('no verdict');
    const recheck = {
      campaignId: 'c1',
      candidateId,
      department: 'courts',
      sequence: 1,
      reason: '当事人已履行完毕',
      requestedBy: 'u-org',
      requestedAt: '2026-11-06T00:00:00.000Z',
      decisionVersion: 1,
      previous: { status: 'findings', answeredAt: '2026-11-05T00:00:00.000Z' },
      executionName: 'c1--c-recheck-1--recheck-1',
    };
    // A later number before the first is refused; of two concurrent openings, one wins.
    const setAside = [
      answerEvent({
        candidateId,
        actor: { kind: 'auto', id: 'extract' },
        at: '2026-11-05T00:00:00.000Z',
        data: { department: 'courts', result: 'findings', source: 'extract', findings: [] },
      }),
    ];
    expect(await repos.changes.openRecheck({ ...recheck, sequence: 2 }, expected, setAside)).toBe(false);
    const opened = await Promise.all([
      repos.changes.openRecheck(recheck, expected, setAside),
      subject.other().changes.openRecheck(recheck, expected, setAside),
    ]);
    expect(opened.filter(Boolean)).toHaveLength(1);
    expect(await repos.verdicts.get(candidateId, 'courts')).toBeUndefined();
    expect(await repos.tasks.get(candidateId, 'courts')).toBeUndefined();
    const [stored] = await repos.changes.rechecks(candidateId);
    expect(stored?.recheck).toEqual(recheck);
    // The answer events it took off the verdict and the task stay with it (verify still finds them).
    expect(stored?.setAside).toEqual(setAside);
    expect(stored?.previousVerdict).toMatchObject({ verdict: { status: 'findings' }, resultSentAt: '2026-11-05T00:00:01.000Z' });
    // The department answered again: a second re-check sets that answer aside in turn.
    await repos.verdicts.putAnswer({ ...answer, status: 'clear', findings: [], answeredAt: '2026-11-07T00:00:00.000Z', source: 'portal' });
    const second = await repos.verdicts.get(candidateId, 'courts');
    if (second === undefined) throw new Error('no verdict');
    expect(await repos.changes.openRecheck({ ...recheck, sequence: 2 }, expected, setAside)).toBe(false);
    expect(await repos.changes.openRecheck({ ...recheck, sequence: 2 }, second, setAside)).toBe(true);
    expect((await repos.changes.rechecks(candidateId)).map((r) => [r.recheck.sequence, r.previousVerdict.verdict.status])).toEqual([
      [2, 'clear'],
    ]);
  });

  it('withdraws a candidate once, lists a campaign’s withdrawals, and cancels only an open task', async () => {
    const withdrawal = {
      campaignId: 'c1',
      candidateId: 'c-withdraw-1',
      township: 'changguo',
      reason: '该人选存在不宜提名情形',
      withdrawnBy: 'u-town',
      withdrawnAt: '2026-11-08T00:00:00.000Z',
    };
    const both = await Promise.all([
      repos.changes.withdraw(withdrawal),
      subject.other().changes.withdraw({ ...withdrawal, withdrawnBy: 'u-2' }),
    ]);
    expect(both.filter((w) => w.withdrawn)).toHaveLength(1);
    expect(await repos.changes.withdraw(withdrawal)).toMatchObject({ withdrawn: false, existing: { candidateId: 'c-withdraw-1' } });
    expect((await repos.changes.withdrawal('c-withdraw-1'))?.reason).toBe(withdrawal.reason);
    expect(await repos.changes.withdrawal('c-withdraw-2')).toBeUndefined();
    expect(await repos.changes.withdrawnAmong(['c-withdraw-2', 'c-withdraw-1', 'c-withdraw-1'])).toEqual(new Set(['c-withdraw-1']));
    expect(await repos.changes.withdrawnAmong([])).toEqual(new Set());
    expect((await repos.changes.withdrawalsByCampaign('c1')).map((w) => w.candidateId)).toEqual(['c-withdraw-1']);
    expect(await repos.changes.withdrawalsByCampaign('c-none')).toEqual([]);
    await repos.tasks.open({
      campaignId: 'c1',
      candidateId: 'c-withdraw-1',
      department: 'courts',
      taskToken: 'token-contract-withdraw',
      createdAt: '2026-11-04T00:00:00.000Z',
      deadline: '2026-11-10T16:00:00.000Z',
      hints: [],
      candidate: { name: '李四', idMasked: '330902********0312', township: '昌国街道', village: '海山社区', post: '党组织委员' as const },
    });
    expect(await repos.tasks.cancel('c-withdraw-1', 'courts', '2026-11-08T00:00:00.000Z')).toBe(true);
    expect(await repos.tasks.cancel('c-withdraw-1', 'courts', '2026-11-08T00:00:00.000Z')).toBe(false);
    expect(await repos.tasks.cancel('c-withdraw-1', 'nobody', '2026-11-08T00:00:00.000Z')).toBe(false);
    expect((await repos.tasks.get('c-withdraw-1', 'courts'))?.status).toBe('cancelled');
    expect((await repos.tasks.listInbox('courts', 'open')).map((t) => t.candidateId)).not.toContain('c-withdraw-1');
    expect((await repos.tasks.listInbox('courts', 'cancelled')).map((t) => t.candidateId)).toContain('c-withdraw-1');
    // A cancelled task is not opened again by a late delivery of its message.
    expect(
      (
        await repos.tasks.open({
          ...{ campaignId: 'c1', candidateId: 'c-withdraw-1', department: 'courts' },
          taskToken: 't2',
          createdAt: 'x',
          deadline: '2026-11-10T16:00:00.000Z',
          hints: [],
          candidate: {
            name: '李四',
            idMasked: '330902********0312',
            township: '昌国街道',
            village: '海山社区',
            post: '党组织委员' as const,
          },
        })
      ).opened,
    ).toBe(false);
  });

  it('gives the send claim to the writer, to one taker once it is released or stale, and never once the answer is confirmed', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0003', department: 'courts', findings: [] };
    const mine = { by: 'req-a', at: '2026-11-05T00:00:00.000Z' };
    const put = await repos.verdicts.putAnswer({ ...base, status: 'clear', source: 'portal' }, mine);
    expect(put.written && put.stored.sendClaim).toEqual(mine);
    expect((await repos.verdicts.get('b-one-0003', 'courts'))?.sendClaim).toEqual(mine);
    const other = { by: 'req-b', at: '2026-11-05T00:00:10.000Z' };
    // Held and fresh: nobody else may take it.
    expect(await repos.verdicts.claimSend('b-one-0003', 'courts', other, '2026-11-04T23:59:40.000Z')).toBe(false);
    // Stale: one taker.
    expect(await repos.verdicts.claimSend('b-one-0003', 'courts', other, '2026-11-05T00:00:05.000Z')).toBe(true);
    expect(await repos.verdicts.claimSend('b-one-0003', 'courts', { by: 'req-c', at: other.at }, '2026-11-05T00:00:05.000Z')).toBe(false);
    // Released by its holder (only its holder): free again.
    await repos.verdicts.releaseSend('b-one-0003', 'courts', 'req-a');
    expect((await repos.verdicts.get('b-one-0003', 'courts'))?.sendClaim).toEqual(other);
    await repos.verdicts.releaseSend('b-one-0003', 'courts', 'req-b');
    expect(await repos.verdicts.claimSend('b-one-0003', 'courts', mine, '2026-01-01T00:00:00.000Z')).toBe(true);
    await repos.verdicts.markResultSent('b-one-0003', 'courts', 'h1', '2026-11-05T00:01:00.000Z');
    expect(await repos.verdicts.claimSend('b-one-0003', 'courts', other, '2030-01-01T00:00:00.000Z')).toBe(false);
  });

  it('turns an unconfirmed answer into overdue and keeps it as the late answer', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0002', department: 'courts', findings: [] };
    await repos.verdicts.putAnswer({ ...base, status: 'clear', source: 'portal' });
    const r = await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: 'b-one-0002',
      department: 'courts',
      status: 'overdue',
      at: '2026-11-06T00:00:00.000Z',
    });
    expect(r.changed).toBe(true);
    expect(r.stored.verdict.status).toBe('overdue');
    expect(r.stored.lateAnswer?.status).toBe('clear');
    const again = await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: 'b-one-0002',
      department: 'courts',
      status: 'overdue',
      at: '2026-11-07T00:00:00.000Z',
    });
    expect(again.changed).toBe(false);
    const none = await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: 'b-one-0002',
      department: 'civil-affairs',
      status: 'declined',
      at: '2026-11-07T00:00:00.000Z',
    });
    expect(none).toMatchObject({ changed: true, stored: { verdict: { status: 'declined' } } });
    expect((await repos.verdicts.listByCandidate('b-one-0002')).map((v) => v.verdict.department).sort()).toEqual([
      'civil-affairs',
      'courts',
    ]);
  });

  it('stores an answer with its own audit event in one write, keeps it through confirmation and correction, and sets it aside when a timeout replaces the answer', async () => {
    const base = { campaignId: 'c1', candidateId: 'b-one-0012', findings: [] };
    const eventOf = (department: string) =>
      answerEvent({
        candidateId: 'b-one-0012',
        actor: { kind: 'auto', id: 'extract:g1' },
        at: '2026-11-05T00:00:00.000Z',
        data: { department, result: 'clear', source: 'extract', findings: [] },
      });
    const court = eventOf('courts');
    const answer = {
      ...base,
      department: 'courts',
      status: 'clear' as const,
      source: 'extract' as const,
      answeredAt: '2026-11-05T00:00:00.000Z',
    };
    const put = await repos.verdicts.putAnswer(answer, undefined, court);
    expect(put.written && put.stored.event).toEqual(court);
    // A second answer (another delivery) keeps the first event.
    const dup = await subject.other().verdicts.putAnswer(answer, undefined, {
      ...court,
      at: '2026-11-05T00:00:09.000Z',
    });
    expect(!dup.written && dup.existing.event).toEqual(court);
    await repos.verdicts.markResultSent('b-one-0012', 'courts', 'h1', '2026-11-05T00:00:01.000Z');
    const fix = { reason: '误报', documentNumber: '更〔2026〕2号', correctedBy: 'u-court', correctedAt: '2026-11-07T00:00:00.000Z' };
    const corrected = await repos.verdicts.correct(
      { ...base, department: 'courts', status: 'findings', findings: [{ category: 'x' }], answeredAt: '2026-11-07T00:00:00.000Z' },
      '2026-11-05T00:00:00.000Z',
      fix,
    );
    // The correction replaces the answer for deciding; the answer's own event stays as it was.
    expect(corrected.corrected).toBe(true);
    expect((await repos.verdicts.get('b-one-0012', 'courts'))?.event).toEqual(court);
    // An unconfirmed answer replaced by overdue takes its event along as lateEvent: it is never sealed.
    const petitions = eventOf('petitions');
    await repos.verdicts.putAnswer({ ...base, department: 'petitions', status: 'clear', source: 'extract' }, undefined, petitions);
    const late = await repos.verdicts.recordUnanswered({
      campaignId: 'c1',
      candidateId: 'b-one-0012',
      department: 'petitions',
      status: 'overdue',
      at: '2026-11-06T00:00:00.000Z',
    });
    expect(late.stored).toMatchObject({ verdict: { status: 'overdue' }, lateEvent: petitions });
    expect(late.stored.event).toBeUndefined();
    const listed = await repos.verdicts.listByCandidate('b-one-0012');
    expect(listed.flatMap((v) => (v.event === undefined ? [] : [v.event]))).toEqual([court]);
    expect(listed.find((v) => v.verdict.department === 'petitions')).toMatchObject({ lateEvent: petitions });
  });

  it('keeps a review task’s dispatch event once per key, in the write that opens the task, and lists them by candidate', async () => {
    const card = { name: '王一', idMasked: '110101********0011', township: '镇', village: '村', post: '村(居)委会委员' as const };
    const dispatch = (department: string, at: string) =>
      dispatchEvent({
        candidateId: 'b-one-0013',
        actor: { kind: 'system', id: 'checker' },
        at,
        data: { department, mode: 'manual', timeoutSeconds: 86400 },
      });
    const open = (department: string, token: string, key: string, at: string) =>
      repos.tasks.open({
        campaignId: 'c1',
        candidateId: 'b-one-0013',
        department,
        taskToken: token,
        createdAt: at,
        deadline: '2026-11-20T00:00:00.000Z',
        hints: [],
        candidate: card,
        dispatch: { key, event: dispatch(department, at) },
      });
    const first = dispatch('petitions', '2026-11-01T00:00:00.000Z');
    await open('petitions', 'tok-1', 'aa11', '2026-11-01T00:00:00.000Z');
    // A redelivery of the same token (same key) keeps the first event; a new token adds its own.
    await subject.other().tasks.open({
      campaignId: 'c1',
      candidateId: 'b-one-0013',
      department: 'petitions',
      taskToken: 'tok-1',
      createdAt: '2026-11-01T00:00:09.000Z',
      deadline: '2026-11-20T00:00:00.000Z',
      hints: [],
      candidate: card,
      dispatch: { key: 'aa11', event: dispatch('petitions', '2026-11-01T00:00:09.000Z') },
    });
    await open('petitions', 'tok-2', 'bb22', '2026-11-02T00:00:00.000Z');
    await open('discipline', 'tok-3', 'cc33', '2026-11-01T00:00:00.000Z');
    const events = await repos.tasks.dispatchEvents('b-one-0013');
    expect(events.map((e) => [e.data['department'], e.at]).sort()).toEqual([
      ['discipline', '2026-11-01T00:00:00.000Z'],
      ['petitions', '2026-11-01T00:00:00.000Z'],
      ['petitions', '2026-11-02T00:00:00.000Z'],
    ]);
    expect(events).toContainEqual(first);
    expect(await repos.tasks.dispatchEvents('b-one-none')).toEqual([]);
    // A task no longer open keeps what it had.
    await repos.tasks.markAnswered('b-one-0013', 'discipline', { kind: 'reviewer', id: 'u' }, '2026-11-03T00:00:00.000Z');
    await open('discipline', 'tok-4', 'dd44', '2026-11-04T00:00:00.000Z');
    expect(await repos.tasks.dispatchEvents('b-one-0013')).toHaveLength(3);
  });

  it('keeps the inbox ordered by deadline and moves answered tasks out of it', async () => {
    const card = { name: '王一', idMasked: '110101********0011', township: '镇', village: '村', post: '村(居)委会委员' as const };
    const task = (candidateId: string, deadline: string) => ({
      campaignId: 'c1',
      candidateId,
      department: 'petition',
      taskToken: `tok-${candidateId}`,
      createdAt: '2026-11-01T00:00:00.000Z',
      deadline,
      hints: [],
      candidate: card,
    });
    await repos.tasks.open(task('b-one-0002', '2026-11-20T00:00:00.000Z'));
    await repos.tasks.open(task('b-one-0001', '2026-11-10T00:00:00.000Z'));
    await repos.tasks.open({ ...task('b-one-0003', '2026-11-15T00:00:00.000Z'), deadlineAssumedYears: [2027] });
    const inbox = await repos.tasks.listInbox('petition', 'open');
    expect(inbox.map((t) => t.deadlineAssumedYears)).toEqual([undefined, [2027], undefined]);
    expect(inbox.map((t) => t.candidateId)).toEqual(['b-one-0001', 'b-one-0003', 'b-one-0002']);
    expect(JSON.stringify(inbox)).not.toContain('tok-');
    expect(await repos.tasks.getToken('b-one-0001', 'petition')).toBe('tok-b-one-0001');
    expect(await repos.tasks.markAnswered('b-one-0001', 'petition', { kind: 'reviewer', id: 'u' }, '2026-11-02T00:00:00.000Z')).toBe(true);
    expect(await repos.tasks.markAnswered('b-one-0001', 'petition', { kind: 'reviewer', id: 'u' }, '2026-11-02T00:00:00.000Z')).toBe(false);
    const reopen = await repos.tasks.open(task('b-one-0001', '2026-12-10T00:00:00.000Z'));
    expect(reopen.opened).toBe(false);
    expect((await repos.tasks.listInbox('petition', 'open')).map((t) => t.candidateId)).toEqual(['b-one-0003', 'b-one-0002']);
    expect((await repos.tasks.listInbox('petition', 'answered')).map((t) => t.taskId)).toEqual(['b-one-0001~petition']);
    const read = await repos.tasks.getMany([
      { candidateId: 'b-one-0002', department: 'petition' },
      { candidateId: 'b-one-none', department: 'petition' },
      { candidateId: 'b-one-0001', department: 'petition' },
    ]);
    expect(read.map((t) => `${t.taskId} ${t.status}`).sort()).toEqual(['b-one-0001~petition answered', 'b-one-0002~petition open']);
    expect(JSON.stringify(read)).not.toContain('tok-');
    const tokens = await repos.tasks.getTokens([
      { candidateId: 'b-one-0002', department: 'petition' },
      { candidateId: 'b-one-none', department: 'petition' },
    ]);
    expect([...tokens]).toEqual([['b-one-0002~petition', 'tok-b-one-0002']]);
    expect(await repos.tasks.markOverdue('b-one-0003', 'petition', '2026-11-16T00:00:00.000Z')).toBe(true);
    await repos.tasks.markLate('b-one-0003', 'petition', { kind: 'reviewer', id: 'u' }, '2026-11-17T00:00:00.000Z');
    expect(await repos.tasks.get('b-one-0003', 'petition')).toMatchObject({ status: 'overdue', lateAnswerAt: '2026-11-17T00:00:00.000Z' });
    const handOver = (assignee: string, expectedVersion: number) =>
      repos.tasks.reassign('b-one-0002', 'petition', { assignee, assigneeName: `审查员${assignee}`, expectedVersion });
    expect(await handOver('u2', 0)).toBe('reassigned');
    expect(await repos.tasks.get('b-one-0002', 'petition')).toMatchObject({ assignee: 'u2', assigneeName: '审查员u2', assignVersion: 1 });
    // Conditional on the assignment the caller saw: a second hand-over from the same view loses.
    expect(await handOver('u3', 0)).toBe('changed');
    expect(await handOver('u3', 1)).toBe('reassigned');
    expect(await repos.tasks.reassign('b-one-0003', 'petition', { assignee: 'u2', assigneeName: 'x', expectedVersion: 0 })).toBe('notOpen');
    expect((await repos.tasks.get('b-one-0002', 'petition'))?.assignee).toBe('u3');
    expect(await repos.tasks.markOverdue('b-one-0001', 'nobody', '2026-11-16T00:00:00.000Z')).toBe(false);
    // A task moved to another status keeps its place by deadline there.
    expect(await repos.tasks.markAnswered('b-one-0002', 'petition', { kind: 'reviewer', id: 'u' }, '2026-11-03T00:00:00.000Z')).toBe(true);
    expect((await repos.tasks.listInbox('petition', 'answered')).map((t) => t.candidateId)).toEqual(['b-one-0001', 'b-one-0002']);
    // The tabs' counts, without reading the tasks.
    const counts = await Promise.all(
      (['open', 'answered', 'overdue', 'cancelled'] as const).map((s) => repos.tasks.countInbox('petition', s)),
    );
    expect(counts).toEqual([0, 2, 1, 0]);
    expect(await repos.tasks.countInbox('nobody', 'open')).toBe(0);
  });

  it('lets exactly one of many concurrent hand-overs of one task win', async () => {
    await repos.tasks.open({
      campaignId: 'c1',
      candidateId: 'b-one-0004',
      department: 'petition',
      taskToken: 'tok-b-one-0004',
      createdAt: '2026-11-01T00:00:00.000Z',
      deadline: '2026-12-01T00:00:00.000Z',
      hints: [],
      candidate: { name: '王四', idMasked: '110101********0044', township: '镇', village: '村', post: '村(居)委会委员' },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        repos.tasks.reassign('b-one-0004', 'petition', { assignee: `r${i}`, assigneeName: `r${i}`, expectedVersion: 0 }),
      ),
    );
    expect(outcomes.filter((o) => o === 'reassigned')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'changed')).toHaveLength(9);
    const winner = outcomes.indexOf('reassigned');
    expect((await repos.tasks.get('b-one-0004', 'petition'))?.assignee).toBe(`r${winner}`);
  });

  it('stores a decision once, versions a changed one, and moves a ruled referral', async () => {
    const d: Decision = referredDecision('c1', 'b-one-0003', '2026-11-20T00:00:00.000Z');
    expect((await repos.decisions.put(d, 'b-one')).changed).toBe(true);
    const same = await repos.decisions.put({ ...d, decidedAt: '2026-11-21T00:00:00.000Z' }, 'b-one');
    expect(same).toMatchObject({ changed: false, stored: { version: 1 } });
    expect((await repos.decisions.listByCampaign('c1', 'referred')).map((s) => s.decision.candidateId)).toEqual(['b-one-0003']);
    const ruling = {
      campaignId: 'c1',
      candidateId: 'b-one-0003',
      outcome: 'uphold' as const,
      justification: '经研究，情节轻微',
      ruledBy: 'u-org',
      ruledAt: '2026-11-22T00:00:00.000Z',
    };
    expect((await repos.rulings.put(ruling)).created).toBe(true);
    expect((await repos.rulings.put({ ...ruling, outcome: 'disqualify' })).ruling.outcome).toBe('uphold');
    expect(await repos.decisions.listByCampaign('c1', 'referred')).toEqual([]);
    expect(await repos.decisions.listByCampaign('c1', 'cleared')).toMatchObject([
      { finalStatus: 'cleared', ruling: { outcome: 'uphold' } },
    ]);
    const changed = await repos.decisions.put({ ...d, outcome: 'disqualified' }, 'b-one');
    expect(changed).toMatchObject({ changed: true, stored: { version: 2, finalStatus: 'disqualified' } });
  });

  it('revises a ruling under a new decision version, once of two concurrent revisions, keeping the earlier one', async () => {
    const d: Decision = referredDecision('c1', 'b-one-0005', '2026-11-20T00:00:00.000Z');
    await repos.decisions.put(d, 'b-one');
    const first = {
      campaignId: 'c1',
      candidateId: 'b-one-0005',
      outcome: 'uphold' as const,
      justification: '经研究，情节轻微',
      ruledBy: 'u-org',
      ruledAt: '2026-11-22T00:00:00.000Z',
    };
    await repos.rulings.put(first);
    const revised = (at: string) => ({
      ...first,
      outcome: 'disqualify' as const,
      justification: '经再次核实，情节严重',
      ruledBy: 'u-org2',
      ruledAt: at,
      revisions: [
        {
          outcome: first.outcome,
          justification: first.justification,
          ruledBy: first.ruledBy,
          ruledAt: first.ruledAt,
          reason: '收到新的核查材料',
        },
      ],
    });
    const outcomes = await Promise.all([
      repos.rulings.revise(revised('2026-11-23T00:00:00.000Z'), { ruledAt: first.ruledAt, version: 1 }),
      subject.other().rulings.revise(revised('2026-11-23T00:00:01.000Z'), { ruledAt: first.ruledAt, version: 1 }),
    ]);
    expect(outcomes.filter((o) => o.revised)).toHaveLength(1);
    expect(outcomes.find((o) => o.revised)).toMatchObject({
      stored: { version: 2, finalStatus: 'disqualified', ruling: { outcome: 'disqualify' } },
    });
    expect(await repos.decisions.get('b-one-0005')).toMatchObject({ version: 2, finalStatus: 'disqualified' });
    expect((await repos.rulings.get('b-one-0005'))?.revisions).toEqual([
      expect.objectContaining({ outcome: 'uphold', reason: '收到新的核查材料' }),
    ]);
    expect((await repos.decisions.listByCampaign('c1', 'disqualified')).map((s) => s.decision.candidateId)).toContain('b-one-0005');
    // The ruling the caller read is gone: a revision against it is refused.
    expect(await repos.rulings.revise(revised('2026-11-24T00:00:00.000Z'), { ruledAt: first.ruledAt, version: 2 })).toEqual({
      revised: false,
    });
  });

  it('appends concurrent audit events into one valid chain, and a dedupe key appends once', async () => {
    const appends = Array.from({ length: 28 }, (_, i) =>
      repos.audit.append({
        candidateId: 'b-one-0002',
        ...AUDIT_SAMPLES.answered(`d${i}`),
        actor: { kind: 'auto', id: 'x' },
        at: '2026-11-05T00:00:00.000Z',
      }),
    );
    await Promise.all(appends);
    const dup = await repos.audit.append(
      { candidateId: 'b-one-0002', ...AUDIT_SAMPLES.decided, actor: { kind: 'system', id: 'w' }, at: '2026-11-05T00:00:00.000Z' },
      { dedupeKey: 'decided:x' },
    );
    const dup2 = await repos.audit.append(
      { candidateId: 'b-one-0002', ...AUDIT_SAMPLES.decided, actor: { kind: 'system', id: 'w' }, at: '2026-11-05T00:00:00.000Z' },
      { dedupeKey: 'decided:x' },
    );
    expect(dup.appended).toBe(true);
    expect(dup2.appended).toBe(false);
    const events = await repos.audit.listByCandidate('b-one-0002');
    expect(events).toHaveLength(29);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 29 });
    expect(await repos.audit.head('b-one-0002')).toEqual({ seq: 28, hash: events[28]?.hash });
  });

  it('appends several events in one step, skipping only those whose dedupe key was used', async () => {
    const ev = (type: 'dispatched' | 'answered', department: string) => ({
      candidateId: 'b-one-0003',
      ...AUDIT_SAMPLES[type](department),
      actor: { kind: 'auto' as const, id: 'x' },
      at: '2026-11-05T00:00:00.000Z',
    });
    await repos.audit.append(ev('dispatched', 'court'), { dedupeKey: 'dispatched:court:t1' });
    const result = await repos.audit.appendAll([
      { input: ev('dispatched', 'court'), dedupeKey: 'dispatched:court:t1' },
      { input: ev('answered', 'court'), dedupeKey: 'answered:court' },
    ]);
    expect(result[0]).toBeUndefined();
    expect(result[1]).toMatchObject({ type: 'answered', seq: 1 });
    const events = await repos.audit.listByCandidate('b-one-0003');
    expect(events.map((e) => e.type)).toEqual(['dispatched', 'answered']);
    expect(verifyChain(events)).toMatchObject({ ok: true });
  });

  it('keeps one chain when two processes (separate repository instances) append to the same candidate', async () => {
    const other = subject.other();
    const ev = (i: number) => ({
      candidateId: 'b-one-0003',
      ...AUDIT_SAMPLES.reminded(i),
      actor: { kind: 'system' as const, id: 'x' },
      at: '2026-11-06T00:00:00.000Z',
    });
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? repos : other).audit.append(ev(i))));
    const events = await repos.audit.listByCandidate('b-one-0003');
    expect(events).toHaveLength(8);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 8 });
  });

  it('counts each candidate once and flags the batch when its report is stored', async () => {
    expect(await repos.progress.countDecided('b-one', 'b-one-0001')).toEqual({ counted: true, decided: 1, total: 3 });
    expect(await repos.progress.countDecided('b-one', 'b-one-0001')).toEqual({ counted: false, decided: 1, total: 3 });
    await Promise.all([repos.progress.countDecided('b-one', 'b-one-0002'), repos.progress.countDecided('b-one', 'b-one-0003')]);
    expect(await repos.progress.countDecided('b-one', 'b-one-0003')).toMatchObject({ decided: 3, total: 3 });
    const report = {
      batchId: 'b-one',
      campaignId: 'c1',
      policy: { id: 'dinghai-2017', version: '1' },
      createdAt: '2026-11-30T00:00:00.000Z',
      conflicts: [],
      structure: [],
    };
    expect(await repos.progress.putReport(report)).toEqual({ created: true });
    expect(await repos.progress.putReport(report)).toEqual({ created: false });
    expect(await repos.progress.getReport('b-one')).toEqual(report);
    expect(await repos.batches.get('b-one')).toMatchObject({ decided: 3, reportReady: true });
    expect((await repos.batches.listByCampaign('c1')).find((b) => b.batchId === 'b-one')).toMatchObject({ decided: 3 });
    expect((await repos.batches.listByTownship('t-1')).find((b) => b.batchId === 'b-one')).toMatchObject({ decided: 3 });
  });

  it('counts a candidate retried concurrently once', async () => {
    const before = await repos.batches.get('b-one');
    const results = await Promise.all([1, 2, 3, 4].map(() => repos.progress.countDecided('b-one', 'b-one-retried')));
    expect(results.filter((r) => r.counted)).toHaveLength(1);
    expect((await repos.batches.get('b-one'))?.decided).toBe((before?.decided ?? 0) + 1);
  });

  it('marks a failed candidate once, lists it, and clears it when the candidate is counted after a redrive', async () => {
    const failure = { at: '2026-11-30T00:00:00.000Z', error: 'Lambda.Unknown' };
    const before = await repos.batches.get('b-one');
    expect(await repos.progress.markFailed('b-one', 'b-one-failed', failure)).toEqual({ recorded: true });
    expect(await repos.progress.markFailed('b-one', 'b-one-failed', failure)).toEqual({ recorded: false });
    expect(await repos.progress.listFailed('b-one')).toEqual(['b-one-failed']);
    expect(await repos.batches.get('b-one')).toMatchObject({ failed: (before?.failed ?? 0) + 1, decided: before?.decided });
    expect(await repos.progress.countDecided('b-one', 'b-one-failed')).toMatchObject({ counted: true });
    expect(await repos.progress.listFailed('b-one')).toEqual([]);
    expect(await repos.batches.get('b-one')).toMatchObject({ failed: before?.failed ?? 0, decided: (before?.decided ?? 0) + 1 });
  });

  it('creates a batch stage once, moves it on only from the status expected, and lists a campaign’s stages', async () => {
    const draft = {
      batchId: 'b-stage',
      campaignId: 'c1',
      township: 'tw',
      kind: 'pre-election' as const,
      status: 'draft' as const,
      draftedBy: 'u-tw',
      draftedAt: '2026-11-30T00:00:00.000Z',
    };
    expect(await repos.process.putStage(draft)).toBe(true);
    expect(await repos.process.putStage(draft)).toBe(false);
    const reviewed = {
      ...draft,
      firstReview: { by: 'u-tw', at: '2026-11-30T01:00:00.000Z', entries: [{ candidateId: 'x', result: 'pass' as const, remark: '符合' }] },
    };
    expect(await subject.other().process.putStage(reviewed, 'draft')).toBe(true);
    const sent = { ...reviewed, status: 'submitted' as const, submittedBy: 'u-tw', submittedAt: '2026-11-30T02:00:00.000Z' };
    expect(await repos.process.putStage(sent, 'draft')).toBe(true);
    expect(await repos.process.putStage(sent, 'draft')).toBe(false);
    expect(await repos.process.stage('b-stage')).toEqual(sent);
    expect(await repos.process.stage('b-none')).toBeUndefined();
    expect(await repos.process.stagesByCampaign('c1')).toEqual([sent]);
    expect(await repos.process.stagesByCampaign('c-other')).toEqual([]);
  });

  it('records a filing once per candidate and lists a campaign’s filings', async () => {
    const filing = {
      campaignId: 'c1',
      candidateId: 'cand-sec',
      decision: 'approve' as const,
      note: '同意',
      decidedBy: 'u-org',
      decidedAt: '2026-11-30T00:00:00.000Z',
    };
    expect(await repos.process.putFiling(filing)).toBe(true);
    expect(await subject.other().process.putFiling({ ...filing, decision: 'reject' })).toBe(false);
    expect(await repos.process.filing('cand-sec')).toEqual(filing);
    expect(await repos.process.filing('cand-none')).toBeUndefined();
    expect(await repos.process.filingsByCampaign('c1')).toEqual([filing]);
  });

  it('holds one answer on an open task for its approver; of two approvers, one takes it off; a returned answer is kept on the task', async () => {
    const candidate = {
      name: '王五',
      idMasked: '330902********0333',
      township: '昌国街道',
      village: '海山社区',
      post: '村(居)委会委员' as const,
    };
    await repos.tasks.open({
      ...{ campaignId: 'c1', candidateId: 'c-held-1', department: 'courts' },
      taskToken: 't-held',
      createdAt: '2026-11-08T00:00:00.000Z',
      deadline: '2026-11-20T16:00:00.000Z',
      hints: [],
      candidate,
    });
    const held = {
      findings: [{ category: '刑事处罚', startDate: '2020-01-01' }],
      sourcesSearched: ['法院案件管理系统'],
      by: { kind: 'reviewer' as const, id: 'u-rev' },
      byUsername: 'court.rev',
      at: '2026-11-09T01:00:00.000Z',
    };
    expect(await repos.tasks.hold('c-held-1', 'courts', held)).toBe(true);
    expect(await repos.tasks.hold('c-held-1', 'courts', { ...held, at: '2026-11-09T02:00:00.000Z' })).toBe(false);
    expect((await repos.tasks.get('c-held-1', 'courts'))?.held).toEqual(held);
    expect((await repos.tasks.listInbox('courts', 'open')).find((t) => t.candidateId === 'c-held-1')?.held).toEqual(held);
    // A redelivered dispatch does not drop the held answer.
    await repos.tasks.open({
      ...{ campaignId: 'c1', candidateId: 'c-held-1', department: 'courts' },
      taskToken: 't-held-2',
      createdAt: 'x',
      deadline: '2026-11-20T16:00:00.000Z',
      hints: [],
      candidate,
    });
    expect((await repos.tasks.get('c-held-1', 'courts'))?.held).toEqual(held);
    const returned = {
      by: { kind: 'reviewer' as const, id: 'u-head' },
      byUsername: 'court.head',
      at: '2026-11-09T03:00:00.000Z',
      reason: '请核对',
    };
    const both = await Promise.all([
      repos.tasks.release('c-held-1', 'courts', held.at, returned),
      subject.other().tasks.release('c-held-1', 'courts', held.at),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const after = await repos.tasks.get('c-held-1', 'courts');
    expect(after?.held).toBeUndefined();
    expect(after?.status).toBe('open');
    expect(await repos.tasks.release('c-held-1', 'courts', held.at)).toBe(false);
    // Held again, the earlier return is cleared.
    expect(await repos.tasks.hold('c-held-1', 'courts', { ...held, at: '2026-11-09T04:00:00.000Z' })).toBe(true);
    expect((await repos.tasks.get('c-held-1', 'courts'))?.returned).toBeUndefined();
    expect(await repos.tasks.markOverdue('c-held-1', 'courts', '2026-11-21T00:00:00.000Z')).toBe(true);
    expect(await repos.tasks.hold('c-held-2', 'courts', held)).toBe(false);
  });

  it('keeps a department’s review settings per campaign, each change conditional on the version read', async () => {
    const review = {
      campaignId: 'c1',
      department: 'courts',
      signOff: true,
      approvers: ['court.head'],
      sources: ['法院案件管理系统', '失信被执行人名单'],
      version: 1,
      updatedBy: 'court.rev',
      updatedAt: '2026-11-08T00:00:00.000Z',
    };
    const both = await Promise.all([repos.process.putDepartmentReview(review), subject.other().process.putDepartmentReview(review)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await repos.process.departmentReview('c1', 'courts')).toEqual(review);
    expect(await repos.process.putDepartmentReview({ ...review, version: 3 })).toBe(false);
    expect(await repos.process.putDepartmentReview({ ...review, signOff: false, version: 2 })).toBe(true);
    await repos.process.putDepartmentReview({ ...review, department: 'petitions' });
    expect((await repos.process.departmentReviews('c1')).map((r) => [r.department, r.version, r.signOff])).toEqual([
      ['courts', 2, false],
      ['petitions', 1, true],
    ]);
    expect(await repos.process.departmentReview('c-none', 'courts')).toBeUndefined();
  });

  // Both kinds of request keep one pending per candidate and department, decided once.
  const REQUEST_FIXTURES = {
    extension: {
      what: 'extension request',
      first: {
        campaignId: 'c1',
        candidateId: 'cand-ext',
        department: 'court',
        sequence: 1,
        status: 'pending' as const,
        reason: '系统故障未能按期核查',
        requestedBy: 'u-court',
        requestedByName: 'court1',
        requestedAt: '2026-12-01T00:00:00.000Z',
      },
    },
    recheck: {
      what: 're-check request',
      first: {
        campaignId: 'c1',
        candidateId: 'cand-rr',
        department: 'court',
        township: 't-1',
        sequence: 1,
        status: 'pending' as const,
        reason: '已履行判决并移出失信名单',
        attachments: [{ filename: '决定书.pdf', sha256: 'b'.repeat(64), bytes: 10 }],
        requestedBy: 'u-town',
        requestedAt: '2026-12-01T00:00:00.000Z',
      },
    },
  };
  const requestCase = <K extends RequestKind>(kind: K, fixture: { what: string; first: RequestOf<K> }) =>
    it(`keeps one pending ${fixture.what} per candidate and department, decided once, and lists a campaign’s`, async () => {
      const store = (): RequestStore<RequestOf<K>> => repos.requests[kind];
      const otherStore = (): RequestStore<RequestOf<K>> => subject.other().requests[kind];
      const { first } = fixture;
      const { candidateId } = first;
      expect(await store().request(first)).toEqual({ created: true });
      // A second request while the first is pending, or one skipping a number, is refused.
      expect(await otherStore().request(first)).toEqual({ created: false, existing: first });
      expect(await store().request({ ...first, sequence: 2 })).toEqual({ created: false, existing: first });
      const decline = { status: 'declined' as const, declineReason: '材料不足', decidedBy: 'u-org', decidedAt: '2026-12-01T01:00:00.000Z' };
      expect(await store().decide(candidateId, 'court', 2, decline)).toEqual({ decided: false, existing: first });
      const declined = { ...first, ...decline };
      expect(await store().decide(candidateId, 'court', 1, decline)).toEqual({ decided: true, request: declined });
      expect(await otherStore().decide(candidateId, 'court', 1, decline)).toEqual({ decided: false, existing: declined });
      const second = { ...first, sequence: 2, requestedAt: '2026-12-02T00:00:00.000Z' };
      expect(await store().request(second)).toEqual({ created: true });
      const approve = { status: 'approved' as const, recheckSequence: 1, decidedBy: 'u-org', decidedAt: '2026-12-02T01:00:00.000Z' };
      expect(await store().decide(candidateId, 'court', 2, approve)).toMatchObject({ decided: true, request: { status: 'approved' } });
      await store().request({ ...first, candidateId: 'cand-abc' });
      await store().request({ ...first, campaignId: 'c-other', candidateId: 'cand-zzz' });
      expect((await store().listByCampaign('c1')).map((r) => [r.candidateId, r.sequence, r.status])).toEqual([
        ['cand-abc', 1, 'pending'],
        [candidateId, 2, 'approved'],
      ]);
      expect(await store().get('cand-none', 'court')).toBeUndefined();
      expect(await store().decide('cand-none', 'court', 1, decline)).toEqual({ decided: false });
      // The kinds are apart: the other kind's store has none of these.
      const otherKind = kind === 'extension' ? 'recheck' : 'extension';
      expect(await repos.requests[otherKind].get(candidateId, 'court')).toBeUndefined();
    });
  requestCase('extension', REQUEST_FIXTURES.extension);
  requestCase('recheck', REQUEST_FIXTURES.recheck);
  notificationContract(() => subject);
}
