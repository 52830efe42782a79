// `npm run validate:templates`: AWS's offline CloudFormation validator (@aws/cloudformation-validate,
// shipped inside aws-cdk-lib) over every template `npm run synth:all` wrote, with the pseudo
// parameters of its Region. Fails on any ERROR or FATAL finding; prints the counts per Region.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const validator = createRequire(join(root, 'node_modules', 'aws-cdk-lib', 'package.json'))('@aws/cloudformation-validate');
const { regions } = JSON.parse(readFileSync(join(root, 'infra', 'synth-regions.json'), 'utf8'));
const only = process.argv.slice(2);
const SEVERITIES = ['FATAL', 'ERROR', 'WARN', 'INFO'];

function pseudoParameters(region) {
  const china = region.startsWith('cn-');
  return {
    region,
    partition: china ? 'aws-cn' : 'aws',
    urlSuffix: china ? 'amazonaws.com.cn' : 'amazonaws.com',
    accountId: '123456789012',
  };
}

const engine = new validator.CompositeEngine();
const schemas = new validator.SchemaValidator();
let failed = false;
try {
  for (const region of Object.keys(regions)) {
    if (only.length > 0 && !only.includes(region)) continue;
    const dir = join(root, 'cdk.out', 'regions', region);
    const templates = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.template.json')) : [];
    if (templates.length === 0) {
      console.error(`[validate] ${region}: no template in ${dir}; run npm run synth:all first`);
      failed = true;
      continue;
    }
    for (const name of templates) {
      const file = new validator.TemplateFile(join(dir, name));
      const report = engine.validateTemplate(file, {
        severityLevel: 'INFO',
        detailLevel: 'STANDARD',
        pseudoParameterOverrides: pseudoParameters(region),
      });
      const findings = [...report.diagnostics, ...schemas.validate(file, region)];
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((d) => d.severity === s).length]));
      console.log(`${region} ${name}: ${SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ')} (report ${report.status})`);
      for (const d of findings.filter((f) => f.severity === 'FATAL' || f.severity === 'ERROR')) {
        console.log(`  ${d.severity} ${d.ruleId} ${d.entity?.logicalId ?? ''} ${d.propertyPath ?? ''}: ${d.message}`);
      }
      // Warnings (CDK's own redundant DependsOn, for one) are listed by rule, not one by one.
      const warnings = new Map();
      for (const d of findings.filter((f) => f.severity === 'WARN')) warnings.set(d.ruleId, [...(warnings.get(d.ruleId) ?? []), d]);
      for (const [rule, list] of warnings) console.log(`  WARN ${rule} ×${list.length}: ${list[0].message}`);
      if (counts.FATAL > 0 || counts.ERROR > 0 || report.status === 'ERROR') failed = true;
    }
  }
} finally {
  engine.free();
  schemas.free();
}
if (failed) {
  console.error('[validate] CloudFormation validation found errors');
  process.exit(1);
}
