// `npm start` (and `lianshen start`): the local stack (local/main.ts) plus the sample campaign,
// seeded through the API as the people who would do it (cli/lib/seed.ts).
//
//   npm start                      persistent, fixed ports (4000 portal/API, 4010 DynamoDB, 4020 SQS, 4030 SFN)
//   npm start -- --port 0 --dynamodb-port 0 ...   any free ports
//   npm start -- --data-dir DIR    another data folder
//   npm start -- --department-timeout-seconds 60   unanswered departments go overdue after 60 s
//   npm start -- --no-seed         do not create the sample campaign
import { main, type AfterStart } from '../../local/main.js';
import { seedSampleCampaign } from './seed.js';

const seedSample: AfterStart = async (stack, opts, log) => {
  if (!opts.seed) return undefined;
  try {
    const r = await seedSampleCampaign({ baseUrl: stack.urls.http, auth: stack.auth, submitBatch: opts.submitSampleBatch });
    return r.campaignId + (r.batchId ? `, batch ${r.batchId}` : '');
  } catch (err) {
    log(`seeding the sample campaign failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
};

/** Starts the stack and seeds the sample campaign; runs until SIGINT/SIGTERM. */
export function startWithSample(argv: readonly string[]): Promise<void> {
  return main(argv, seedSample);
}

const entry = process.argv[1] ?? '';
if (/cli[\\/]lib[\\/]start\.[cm]?[jt]s$/.test(entry)) {
  startWithSample(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
