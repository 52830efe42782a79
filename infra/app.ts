// CDK app entry (cdk.json "app"). Run through `npm run synth` / `npm run cdk -- deploy`.
import { listPolicies } from '../shared/domain/policies/index.js';
import { buildApp } from './build.js';

const { app } = buildApp({ policies: listPolicies() });
app.synth();
