// CDK app entry (cdk.json "app"). Run through `npm run synth` / `npm run cdk -- deploy`.
import { builtInPolicies } from '../shared/adapters/files/policy-files.js';
import { buildApp } from './build.js';

const { app } = buildApp({ policies: builtInPolicies() });
app.synth();
