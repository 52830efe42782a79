// The consistency rules of a policy that its zod schema cannot express, as problems with a stable
// code and the path of the offending value in the policy object. The file readers place each path:
// a workbook on its sheet, row and column, a YAML or JSON file on its key path.
import type { PolicyErrorCode } from '../import/errors.js';
import type { Citation, Policy } from '../model.js';

/** Where a value sits in a policy object, e.g. ['categories', 3, 'citation', 'quote']. */
export type PolicyPath = ReadonlyArray<string | number>;

export interface PolicyProblem {
  code: PolicyErrorCode;
  path: PolicyPath;
  /** In Chinese, for the people who write the policy; says what is wrong, not where. */
  message: string;
  /** In English, for checkPolicy's callers (start-up, tests). */
  detail: string;
}

/** Every citation a policy carries, with where it sits (for checks and the verbatim-quote test). */
export function citationsOf(policy: Policy): Array<{ where: string; path: PolicyPath; citation: Citation }> {
  const out: Array<{ where: string; path: PolicyPath; citation: Citation }> = [
    { where: 'source', path: ['source'], citation: policy.source },
  ];
  policy.categories.forEach((c, i) => {
    out.push({ where: `category ${c.label}`, path: ['categories', i, 'citation'], citation: c.citation });
    c.statusOverrides.forEach((o, j) => {
      out.push({
        where: `status override ${j + 1} of ${c.label}`,
        path: ['categories', i, 'statusOverrides', j, 'citation'],
        citation: o.citation,
      });
    });
  });
  policy.personRules.forEach((r, i) => {
    out.push({ where: `person rule ${r.id}`, path: ['personRules', i, 'citation'], citation: r.citation });
  });
  policy.avoidance.forEach((r, i) => {
    out.push({ where: `avoidance rule ${r.id}`, path: ['avoidance', i, 'citation'], citation: r.citation });
  });
  if (policy.structure) {
    out.push({ where: 'structure', path: ['structure', 'citation'], citation: policy.structure.citation });
    for (const [key, citation] of Object.entries(policy.structure.targetCitations ?? {})) {
      if (citation) out.push({ where: `structure target ${key}`, path: ['structure', 'targetCitations', key], citation });
    }
  }
  return out;
}

/** `field` of every item but the first one with each value. */
function laterDuplicates<T>(items: readonly T[], value: (item: T) => string): Array<{ index: number; value: string }> {
  const seen = new Set<string>();
  const out: Array<{ index: number; value: string }> = [];
  items.forEach((item, index) => {
    const v = value(item);
    if (seen.has(v)) out.push({ index, value: v });
    seen.add(v);
  });
  return out;
}

/** Every problem of the policy; empty when it is sound. */
export function policyProblems(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (code: PolicyErrorCode, path: PolicyPath, message: string, detail: string) => problems.push({ code, path, message, detail });

  const duplicates = <T>(items: readonly T[], list: string, field: string, value: (item: T) => string, what: string, zh: string) => {
    for (const d of laterDuplicates(items, value)) {
      add('POLICY_DUPLICATE', [list, d.index, field], `${zh}“${d.value}”重复：每个${zh}只能写一次。`, `duplicate ${what} "${d.value}"`);
    }
  };
  duplicates(policy.categories, 'categories', 'label', (c) => c.label, 'category label', '类别');
  duplicates(policy.departments, 'departments', 'name', (d) => d.name, 'department name', '部门名称');
  duplicates(policy.departments, 'departments', 'code', (d) => d.code, 'department code', '部门编码');
  duplicates(policy.personRules, 'personRules', 'id', (r) => r.id, 'person rule id', '条件编号');
  duplicates(policy.avoidance, 'avoidance', 'id', (r) => r.id, 'avoidance rule id', '回避规则编号');

  const labels = new Set(policy.categories.map((c) => c.label));
  policy.departments.forEach((d, i) => {
    d.categories.forEach((label, k) => {
      if (!labels.has(label)) {
        add(
          'POLICY_CATEGORY_UNKNOWN',
          ['departments', i, 'categories', k],
          `“${label}”不是负面清单中的类别。`,
          `department ${d.code} lists unknown category "${label}"`,
        );
      }
    });
    // "policy" is the department of reasons that come from candidate conditions.
    if (d.code === 'policy')
      add(
        'POLICY_CODE_INVALID',
        ['departments', i, 'code'],
        '部门编码不能用“policy”（系统保留）。',
        'department code "policy" is reserved',
      );
  });

  const answered = new Set(policy.departments.flatMap((d) => d.categories));
  policy.categories.forEach((c, i) => {
    if (!answered.has(c.label)) {
      add(
        'POLICY_CATEGORY_UNANSWERED',
        ['categories', i, 'label'],
        `没有部门负责类别“${c.label}”：请在部门表某个部门的“负责类别”中写上它。`,
        `category "${c.label}" is answered by no department`,
      );
    }
    const w = c.window;
    if (w.kind === 'years' && w.years === 0 && !w.months) {
      add(
        'POLICY_WINDOW_INVALID',
        ['categories', i, 'window', 'years'],
        '时限不能为0年。',
        `category "${c.label}" has a period of length 0`,
      );
    }
    const overridden = new Set<string>();
    c.statusOverrides.forEach((o, j) => {
      for (const status of o.statuses) {
        const path = ['categories', i, 'statusOverrides', j, 'statuses'];
        if (overridden.has(status)) {
          add(
            'POLICY_STATUS_CONFLICT',
            path,
            `状态“${status}”在类别“${c.label}”的例外中出现了不止一次。`,
            `duplicate status in the overrides of category "${c.label}" "${status}"`,
          );
        }
        overridden.add(status);
        // An override is read after the window: a 状态 the window never lets through cannot reach it.
        const listed = w.kind === 'status' && w.statuses.includes(status);
        if (w.kind === 'status' && w.alsoWithoutEnd !== true && (w.negate === true ? listed : !listed)) {
          add(
            'POLICY_STATUS_CONFLICT',
            path,
            `类别“${c.label}”在状态为“${status}”时本来就不适用，这个例外不会起作用。`,
            `status "${status}" of an override of category "${c.label}" is excluded by its window`,
          );
        }
      }
    });
  });

  policy.personRules.forEach((r, i) => {
    if (Object.values(r.when).every((v) => v === undefined)) {
      add(
        'POLICY_CONDITION_EMPTY',
        ['personRules', i, 'when'],
        `人选条件“${r.label}”没有任何条件（职务、人选、性别、年龄、出生日期、学历或单位类型），会对所有人选生效。`,
        `person rule ${r.id} has no condition`,
      );
    }
  });

  for (const { where, path, citation } of citationsOf(policy)) {
    if (!citation.document) {
      add(
        'POLICY_DOCUMENT_MISSING',
        [...path, 'document'],
        '依据没有写明文件名称。',
        `the citation of ${where} must name the document and the clause`,
      );
    } else if (!citation.clause?.trim()) {
      add(
        'POLICY_CLAUSE_EMPTY',
        [...path, 'clause'],
        '依据条款不能为空：写明条款的位置，如 二(二)第①项。',
        `the citation of ${where} must name the document and the clause`,
      );
    }
    if (citation.quote.trim() === '') {
      add('POLICY_QUOTE_EMPTY', [...path, 'quote'], '依据原文不能为空：照录文件原文。', `the citation of ${where} has no quote`);
    }
  }
  const own = policy.orgdeptDepartment;
  if (own !== undefined && !policy.departments.some((d) => d.code === own)) {
    add(
      'POLICY_DEPARTMENT_UNKNOWN',
      ['orgdeptDepartment'],
      `“组织部门审查部门”填的“${own}”不是部门表中的部门编码。`,
      `orgdeptDepartment "${own}" is not a department of the policy`,
    );
  }
  if (!/^\d+\.\d+\.\d+$/.test(policy.version)) {
    add(
      'POLICY_VERSION_INVALID',
      ['version'],
      '版本应写成 主版本.次版本.修订号，如 1.0.0。',
      `version "${policy.version}" is not MAJOR.MINOR.PATCH`,
    );
  }
  return problems;
}

/** The problems as lines ("<id>: …"), empty when the policy is sound (start-up, tests). */
export function checkPolicy(policy: Policy): string[] {
  return [...new Set(policyProblems(policy).map((p) => `${policy.id}: ${p.detail}`))];
}
