import { describe, expect, it } from 'vitest';
import { findRelativeConflicts, structureReport } from '../../shared/domain/batch-checks.js';
import type { CandidateRow, Post, Relation, Relative } from '../../shared/domain/model.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { dossier, idFor } from './policies/helpers.js';

const xiannvshan = builtInPolicy('xiannvshan-2021');
const dinghai = builtInPolicy('dinghai-2017');
const duting = builtInPolicy('duting-2015');
const county = builtInPolicy('county-2017');

type WithRelatives = CandidateRow & { relatives: Relative[] };

function cand(
  name: string,
  birthDate: string,
  seq: number,
  place: { village?: string; township?: string; post?: Post } = {},
  rels: Array<[Relation, string]> = [],
): WithRelatives {
  const row = dossier({
    name,
    birthDate,
    seq,
    township: place.township ?? '仙女山街道',
    village: place.village ?? '白果村',
    ...(place.post ? { post: place.post } : {}),
  });
  return {
    ...row,
    relatives: rels.map(([relation, idNumber], i) => ({ candidateIdNumber: row.idNumber, name: `亲属${i + 1}`, relation, idNumber })),
  };
}

const FATHER = idFor('1950-02-02', '男', 7);
const MOTHER = idFor('1952-03-03', '女', 8);

describe('findRelativeConflicts', () => {
  it('finds a declared near relative standing in the same village, citing the avoidance clause', () => {
    const a = cand('甲', '1980-01-01', 1);
    const b = cand('乙', '1982-05-05', 2, {}, [['配偶', a.idNumber]]);
    expect(findRelativeConflicts([a, b], xiannvshan)).toEqual([
      {
        village: '白果村',
        township: '仙女山街道',
        relation: '配偶',
        candidates: [
          { name: '乙', idNumber: b.idNumber, post: '村(居)委会委员' },
          { name: '甲', idNumber: a.idNumber, post: '村(居)委会委员' },
        ],
        via: 'declared',
        rule: 'two-committees',
        citation: xiannvshan.avoidance[0]?.citation,
        givesWay: null,
        resolution: '乙与甲不得同时任职，由乡镇(街道)党(工)委与组织部门研究确定一人回避',
      },
    ]);
  });

  it('finds no conflict between relatives standing in different villages', () => {
    const a = cand('甲', '1980-01-01', 1, { village: '白果村' });
    const b = cand('乙', '1982-05-05', 2, { village: '仙女村' }, [['配偶', a.idNumber]]);
    expect(findRelativeConflicts([a, b], xiannvshan)).toEqual([]);
  });

  it('treats villages of the same name in different townships as different villages', () => {
    const a = cand('甲', '1980-01-01', 1, { township: '甲镇', village: '新村' });
    const b = cand('乙', '1982-05-05', 2, { township: '乙镇', village: '新村' }, [['兄弟姐妹', a.idNumber]]);
    expect(findRelativeConflicts([a, b], xiannvshan)).toEqual([]);
  });

  it('reports a pair once even when both declare each other, with the first declaration', () => {
    const a0 = cand('甲', '1980-01-01', 1);
    const b = cand('乙', '1982-05-05', 2, {}, [['配偶', a0.idNumber]]);
    const a = { ...a0, relatives: [{ candidateIdNumber: a0.idNumber, name: '乙', relation: '配偶' as const, idNumber: b.idNumber }] };
    const conflicts = findRelativeConflicts([a, b], xiannvshan);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.candidates.map((c) => c.name)).toEqual(['甲', '乙']);
  });

  it('links two candidates who declare the same parent as siblings', () => {
    const a = cand('甲', '1980-01-01', 1, {}, [['父母', FATHER]]);
    const b = cand('乙', '1983-01-01', 2, {}, [['父母', FATHER]]);
    const c = cand('丙', '1985-01-01', 3, {}, [['父母', idFor('1949-01-01', '男', 9)]]);
    expect(findRelativeConflicts([a, b, c], xiannvshan)).toEqual([
      expect.objectContaining({
        relation: '兄弟姐妹',
        via: 'id-link',
        candidates: [expect.objectContaining({ name: '甲' }), expect.objectContaining({ name: '乙' })],
      }),
    ]);
  });

  it('links a grandparent through the parent in between, on the side of that parent’s sex', () => {
    const viaFather = findRelativeConflicts(
      [cand('孙', '1990-01-01', 1, {}, [['父母', FATHER]]), cand('祖', '1930-01-01', 2, {}, [['子女', FATHER]])],
      xiannvshan,
    );
    expect(viaFather).toEqual([expect.objectContaining({ relation: '祖父母', via: 'id-link' })]);
    expect(viaFather[0]?.candidates[0].name).toBe('孙');
    const viaMother = findRelativeConflicts(
      [cand('孙', '1990-01-01', 1, {}, [['父母', MOTHER]]), cand('外祖', '1930-01-01', 2, {}, [['子女', MOTHER]])],
      xiannvshan,
    );
    expect(viaMother).toEqual([expect.objectContaining({ relation: '外祖父母' })]);
  });

  it('links two parents of the same child as spouses', () => {
    const child = idFor('2005-06-06', '女', 4);
    const conflicts = findRelativeConflicts(
      [cand('父', '1978-01-01', 1, {}, [['子女', child]]), cand('母', '1979-01-01', 2, {}, [['子女', child]])],
      xiannvshan,
    );
    expect(conflicts).toEqual([expect.objectContaining({ relation: '配偶', via: 'id-link' })]);
  });

  it('prefers the declaration over an ID link for the same pair', () => {
    const a = cand('甲', '1980-01-01', 1, {}, [['父母', FATHER]]);
    const b = cand('乙', '1983-01-01', 2, {}, [
      ['父母', FATHER],
      ['兄弟姐妹', a.idNumber],
    ]);
    expect(findRelativeConflicts([a, b], xiannvshan)).toEqual([expect.objectContaining({ via: 'declared', relation: '兄弟姐妹' })]);
  });

  it('counts only the policy’s avoidance relations (dinghai: no grandparents)', () => {
    const grandchild = cand('孙', '1990-01-01', 1, {}, [['父母', FATHER]]);
    const grandparent = cand('祖', '1930-01-01', 2, {}, [['子女', FATHER]]);
    expect(findRelativeConflicts([grandchild, grandparent], dinghai)).toEqual([]);
    expect(findRelativeConflicts([grandchild, grandparent], xiannvshan)).toHaveLength(1);
  });

  it('a policy without avoidance rules reports no conflict: the report says only what the text sets', () => {
    const a = cand('甲', '1990-01-01', 1);
    const b = cand('乙', '1930-01-01', 2, {}, [['孙子女', a.idNumber]]);
    expect(findRelativeConflicts([a, b], { ...duting, avoidance: [] })).toEqual([]);
  });

  it('duting-2015 一、2 居民委员会成员及其近亲属不得担任居务监督委员会成员: the supervisory-committee candidate gives way', () => {
    const member = cand('甲', '1970-01-01', 1, { post: '村(居)委会主任' });
    const grandson = cand('乙', '1995-01-01', 2, { post: '监督委员会委员' }, [['祖父母', member.idNumber]]);
    expect(findRelativeConflicts([member, grandson], duting)).toEqual([
      expect.objectContaining({
        rule: 'supervision-committee',
        relation: '祖父母',
        givesWay: 0,
        resolution: '乙(拟任监督委员会委员)应当回避',
        citation: expect.objectContaining({ clause: '一、2.全面建立社区居务监督委员会' }),
      }),
    ]);
  });

  it.each([
    ['duting-2015', duting],
    ['county-2017', county],
  ] as const)(
    '%s sets no avoidance between other posts: brothers on a Party committee, father and son in Party posts, are no conflict',
    (_id, policy) => {
      const brother = cand('甲', '1975-01-01', 1, { post: '党组织委员' });
      const brother2 = cand('乙', '1978-01-01', 2, { post: '党组织委员' }, [['兄弟姐妹', brother.idNumber]]);
      const father = cand('丙', '1950-01-01', 3, { post: '党组织书记' });
      const son = cand('丁', '1980-01-01', 4, { post: '党组织委员' }, [['父母', father.idNumber]]);
      const members = [cand('戊', '1970-01-01', 5), cand('己', '1972-01-01', 6)];
      const sibling = {
        ...members[1],
        relatives: [{ candidateIdNumber: '', name: '戊', relation: '兄弟姐妹' as const, idNumber: members[0]?.idNumber }],
      } as WithRelatives;
      expect(findRelativeConflicts([brother, brother2, father, son, members[0] as WithRelatives, sibling], policy)).toEqual([]);
    },
  );

  it("county-2017 三(三)2③: a 村(居)委会 candidate's spouse standing for the supervisory committee gives way", () => {
    const chair = cand('甲', '1970-01-01', 1, { post: '村(居)委会主任' });
    const wife = cand('乙', '1972-01-01', 2, { post: '监督委员会主任' }, [['配偶', chair.idNumber]]);
    expect(findRelativeConflicts([chair, wife], county)).toEqual([
      expect.objectContaining({ givesWay: 0, relation: '配偶', resolution: '乙(拟任监督委员会主任)应当回避' }),
    ]);
  });

  it('dinghai-2017 四(三) 当选的村民委员会成员之间…只保留其中职务最高的一人: the lower-ranked gives way, equal posts leave it open', () => {
    const chair = cand('甲', '1970-01-01', 1, { post: '村(居)委会主任' });
    const brother = cand('乙', '1975-01-01', 2, { post: '村(居)委会委员' }, [['兄弟姐妹', chair.idNumber]]);
    expect(findRelativeConflicts([chair, brother], dinghai)).toEqual([
      expect.objectContaining({ rule: 'committee-members', givesWay: 0, resolution: '乙(拟任村(居)委会委员)应当回避' }),
    ]);
    const a = cand('丙', '1970-01-01', 3);
    const b = cand('丁', '1975-01-01', 4, {}, [['配偶', a.idNumber]]);
    expect(findRelativeConflicts([a, b], dinghai)).toEqual([
      expect.objectContaining({ givesWay: null, resolution: expect.stringContaining('职务相同') }),
    ]);
  });

  it('dinghai-2017 四(三) covers 村民委员会 posts only: a father and son in Party posts are no conflict', () => {
    const father = cand('甲', '1950-01-01', 1, { post: '党组织书记' });
    const son = cand('乙', '1980-01-01', 2, { post: '党组织委员' }, [['父母', father.idNumber]]);
    expect(findRelativeConflicts([father, son], dinghai)).toEqual([]);
  });

  it("dinghai-2017 四(五)1(3) uses every near relative: a Party secretary's grandson on the supervisory slate conflicts", () => {
    const secretary = cand('甲', '1945-01-01', 1, { post: '党组织书记' });
    const grandson = cand('乙', '1995-01-01', 2, { post: '监督委员会委员' }, [['祖父母', secretary.idNumber]]);
    expect(findRelativeConflicts([secretary, grandson], dinghai)).toEqual([
      expect.objectContaining({ rule: 'supervision-committee', givesWay: 0 }),
    ]);
  });

  it('a person standing for two posts counts under each: a 一肩挑 secretary-chair and a spouse on the supervisory slate', () => {
    const secretary = cand('甲', '1970-01-01', 1, { post: '党组织书记' });
    const chair = { ...secretary, seq: 2, post: '村(居)委会主任' as const };
    const wife = cand('乙', '1972-01-01', 3, { post: '监督委员会委员' }, [['配偶', secretary.idNumber]]);
    expect(findRelativeConflicts([secretary, chair, wife], county)).toEqual([expect.objectContaining({ rule: 'supervision-committee' })]);
  });

  it('ignores relatives declared without an ID number, and a candidate naming themself', () => {
    const a = cand('甲', '1980-01-01', 1);
    const b = { ...cand('乙', '1982-05-05', 2), relatives: [{ candidateIdNumber: '', name: '甲', relation: '配偶' as const }] };
    const self = cand('丙', '1985-01-01', 3);
    self.relatives.push({ candidateIdNumber: self.idNumber, name: '丙', relation: '兄弟姐妹', idNumber: self.idNumber });
    expect(findRelativeConflicts([a, b, self], xiannvshan)).toEqual([]);
  });

  it('matches ID numbers regardless of a lower-case x', () => {
    const withX = Array.from({ length: 50 }, (_, i) => cand('甲', '1980-01-01', i + 1)).find((c) => c.idNumber.endsWith('X'));
    if (!withX) throw new Error('fixture: no ID ending in X');
    const b = cand('乙', '1982-05-05', 60, {}, [['配偶', withX.idNumber.toLowerCase()]]);
    expect(findRelativeConflicts([withX, b], xiannvshan)).toHaveLength(1);
  });
});

describe('structureReport', () => {
  const REF = '2021-05-12';
  const row = (over: Partial<CandidateRow> & { birthDate?: string }) => dossier({ township: '仙女山街道', village: '白果村', ...over });

  it('counts women, under-35s (35 itself included), party members and education per village', () => {
    const rows = [
      row({ seq: 1, sex: '女', birthDate: '1985-05-12', education: '大专', political: '中共党员' }), // the 36th birthday: still 35周岁
      row({ seq: 2, sex: '男', birthDate: '1985-05-11', education: '初中', political: '群众' }), // 满36周岁 that day
      row({ seq: 3, sex: '男', birthDate: '1990-01-01', education: '中专', political: '中共预备党员' }),
      row({ seq: 4, village: '仙女村', sex: '男', birthDate: '1970-01-01', education: '本科' }),
    ];
    const [baiguo, xiannv] = structureReport(rows, xiannvshan, REF);
    expect(baiguo).toMatchObject({ village: '白果村', members: 3, women: 1, under35: 2, partyMembers: 2, atOrAboveMinEducation: 2 });
    expect(baiguo?.education).toMatchObject({ 初中: 1, 中专: 1, 大专: 1, 本科: 0 });
    expect(xiannv).toMatchObject({ village: '仙女村', members: 1, women: 0, under35: 0 });
  });

  it('warns in Chinese against the policy’s targets', () => {
    const rows = [
      row({ seq: 1, sex: '男', birthDate: '1970-01-01', education: '初中' }),
      row({ seq: 2, sex: '男', birthDate: '1971-01-01', education: '高中' }),
    ];
    const [report] = structureReport(rows, xiannvshan, REF);
    expect(report?.warnings).toEqual([
      '女性人选0名,少于要求的1名',
      '35周岁以下人选0名,少于要求的1名',
      '高中及以上学历人选1名,未占多数(共2名)',
    ]);
  });

  it('meets the targets without warnings', () => {
    const rows = [
      row({ seq: 1, sex: '女', birthDate: '1995-01-01', education: '大专' }),
      row({ seq: 2, birthDate: '1970-01-01', education: '高中' }),
    ];
    expect(structureReport(rows, xiannvshan, REF)[0]?.warnings).toEqual([]);
  });

  it('sees 一肩挑 when one ID stands as 党组织书记 and as 村(居)委会主任 (e.g. in two batches)', () => {
    const secretary = row({ seq: 1, post: '党组织书记', sex: '女', birthDate: '1990-01-01' });
    const chair = { ...secretary, seq: 7, post: '村(居)委会主任' as const };
    const [report] = structureReport([secretary, chair, row({ seq: 2, post: '村(居)委会委员' })], xiannvshan, REF);
    expect(report).toMatchObject({ members: 2, oneShoulder: true, secretaryAndChairSeparate: false, warnings: [] });
  });

  it('warns when the secretary and the chair are different people and the policy wants 一肩挑', () => {
    const rows = [row({ seq: 1, post: '党组织书记', sex: '女', birthDate: '1990-01-01' }), row({ seq: 2, post: '村(居)委会主任' })];
    const [report] = structureReport(rows, xiannvshan, REF);
    expect(report).toMatchObject({ oneShoulder: false, secretaryAndChairSeparate: true });
    expect(report?.warnings).toEqual(['党组织书记人选与村(居)委会主任人选不是同一人,未实现“一肩挑”']);
    // dinghai only encourages it: no warning.
    expect(structureReport(rows, dinghai, '2017-04-01')[0]?.warnings).toEqual([]);
  });

  it('does not judge 一肩挑 while only one of the two posts has a candidate', () => {
    const [report] = structureReport([row({ seq: 1, post: '党组织书记', sex: '女', birthDate: '1990-01-01' })], xiannvshan, REF);
    expect(report).toMatchObject({ oneShoulder: false, secretaryAndChairSeparate: false, warnings: [] });
  });

  it('has no education count when the policy sets no education target', () => {
    expect(structureReport([row({ seq: 1 })], dinghai, '2017-04-01')[0]?.atOrAboveMinEducation).toBeNull();
  });
});
