// `npm run model:aws [-- --candidates N --departments D --minutes T --region R --automatic A]`:
// the model of a campaign on AWS (infra/model.ts) as a table; without options, the campaigns
// docs/deploy.md publishes.
import { Command } from 'commander';
import { modelTable, PUBLISHED } from '../infra/model.js';

const program = new Command()
  .name('model:aws')
  .option('--candidates <n>', 'candidates', Number)
  .option('--departments <n>', 'departments per candidate', Number, 28)
  .option('--minutes <n>', 'minutes over which the batches arrive', Number, 60)
  .option('--region <region>', 'AWS Region', 'cn-north-1')
  .option('--automatic <n>', 'departments answering from an extract', Number, 11)
  .parse();
const o = program.opts<{ candidates?: number; departments: number; minutes: number; region: string; automatic: number }>();
const inputs =
  o.candidates === undefined
    ? PUBLISHED
    : [{ candidates: o.candidates, departments: o.departments, minutes: o.minutes, region: o.region, automaticDepartments: o.automatic }];
console.log(modelTable(inputs));
