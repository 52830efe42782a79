// The policy's JSON Schema (docs/policy.schema.json), generated from the domain's zod schema so the
// YAML/JSON encoding cannot drift from it. Editors validate policies/*.yaml against it; the
// consistency rules zod cannot express (checkPolicy) are checked by `lianshen policy validate`.
import { z } from 'zod';
import {
  AvoidanceRule,
  Category,
  Citation,
  Department,
  PersonRule,
  Policy,
  PolicyDocument,
  StatusOverride,
  StructureTargets,
  Window,
} from '../../domain/model.js';

/** Where the generated schema lives, relative to the repository root. */
export const POLICY_SCHEMA_PATH = 'docs/policy.schema.json';

const DEFINITIONS: ReadonlyArray<readonly [z.ZodType, string, string]> = [
  [
    Citation,
    'Citation',
    'Where a rule comes from: the document (《…》), the clause, the words verbatim; file: the stored source text a shipped policy is checked against',
  ],
  [PolicyDocument, 'PolicyDocument', '文件名称 (title, in 《》), 文号, 发文日期, 发文机关'],
  [
    Department,
    'Department',
    'A department asked in the joint review: code (queues, accounts), name as the source lists it, answer mode and time limit, the categories it answers',
  ],
  [
    Window,
    'Window',
    'How long a category applies: N years from 终止日期 or 起始日期, until 终止日期, while 状态 is (not) one of the values, or permanently',
  ],
  [StatusOverride, 'StatusOverride', 'A 状态 that changes what a record means (severity none: it does not count)'],
  [Category, 'Category', 'One entry of the 负面清单: label (记录类别), severity, window, clause'],
  [PersonRule, 'PersonRule', 'A candidate condition on the dossier (age, birth-date cut-off, education, incumbency, post, unit kind)'],
  [AvoidanceRule, 'AvoidanceRule', 'Near-relative avoidance: relations, the bodies on each side, who gives way'],
  [StructureTargets, 'StructureTargets', 'Targets for the composition of each village committee'],
];

/** The JSON Schema of a policy file (the input form: fields with defaults may be left out). */
export function policyJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string; description: string }>();
  for (const [schema, id, description] of DEFINITIONS) registry.add(schema, { id, description });
  const schema = z.toJSONSchema(Policy, { io: 'input', target: 'draft-2020-12', metadata: registry });
  return {
    $schema: schema['$schema'],
    $id: 'https://lianshen.invalid/policy.schema.json',
    title: 'lianshen policy (联审政策)',
    description:
      'A joint-review policy as written in policies/*.yaml or uploaded as .yaml/.json. Generated from shared/domain/model.ts by `npm run schema:policy`; do not edit.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The schema file's text, as written and as the staleness test compares it. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
