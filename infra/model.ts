// A model of a campaign on AWS (`npm run model:aws`): for N candidates × D departments arriving over
// T minutes, what the one ASL costs in state transitions and history events per execution, the
// StartExecution and SendTask* rates against the Region's quotas (and the rates the functions are
// held to), the Lambda concurrency the event sources allow, DynamoDB write units along the write
// path, and the cost per candidate at list prices. The ASL is read, not restated: its happy path
// and its overdue branch are walked from the file; the write path is the table WRITE_PATH, which
// test/infra/model.test.ts meters against the real repositories on DynamoDB Local.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FUNCTIONS } from '../functions/manifest.js';
import { sfnQuota } from '../shared/adapters/sfn/quotas.js';
import { repoPath } from './paths.js';
import { sfnCallRates } from './sfn-rates.js';

const State = z.looseObject({
  Type: z.string(),
  Resource: z.string().optional(),
  Next: z.string().optional(),
  End: z.boolean().optional(),
  Catch: z.array(z.looseObject({ ErrorEquals: z.array(z.string()), Next: z.string() })).optional(),
  ItemProcessor: z.looseObject({ StartAt: z.string(), States: z.record(z.string(), z.unknown()) }).optional(),
});
type State = z.infer<typeof State>;
const Machine = z.looseObject({ StartAt: z.string(), States: z.record(z.string(), State) });
type Machine = z.infer<typeof Machine>;

export const ASL_FILE = 'infra/statemachine/candidate-review.asl.json';

export function readMachine(file = repoPath(ASL_FILE)): Machine {
  return Machine.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** History events AWS writes for a state of each kind (Standard workflows). */
function eventsOf(state: State): number {
  if (state.Type === 'Task') return state.Resource?.includes('.waitForTaskToken') === true ? 6 : 5;
  if (state.Type === 'Map') return 4; // MapStateEntered, MapStateStarted, MapStateSucceeded, MapStateExited
  return 2; // Succeed, Fail, Pass, Choice: entered and exited
}

export interface PathCost {
  /** States entered (each is one billed state transition). */
  transitions: number;
  events: number;
  lambdaInvocations: number;
  callbacks: number;
}

const add = (a: PathCost, b: PathCost): PathCost => ({
  transitions: a.transitions + b.transitions,
  events: a.events + b.events,
  lambdaInvocations: a.lambdaInvocations + b.lambdaInvocations,
  callbacks: a.callbacks + b.callbacks,
});
const ZERO: PathCost = { transitions: 0, events: 0, lambdaInvocations: 0, callbacks: 0 };

function stateCost(state: State): PathCost {
  const isLambda = state.Type === 'Task' && state.Resource?.includes('FunctionArn') === true;
  const isCallback = state.Type === 'Task' && state.Resource?.includes('.waitForTaskToken') === true;
  return { transitions: 1, events: eventsOf(state), lambdaInvocations: isLambda ? 1 : 0, callbacks: isCallback ? 1 : 0 };
}

/** Walks Next from `start` to the end, taking the catch named `branch` on the state that has it. */
function walk(states: Record<string, unknown>, start: string, perItem: (map: State) => PathCost, branch?: string): PathCost {
  let cost = ZERO;
  let name: string | undefined = start;
  const seen = new Set<string>();
  while (name !== undefined) {
    if (seen.has(name)) throw new Error(`ASL loop at ${name}`);
    seen.add(name);
    const state = State.parse(states[name]);
    cost = add(cost, stateCost(state));
    if (state.Type === 'Map') cost = add(cost, perItem(state));
    const caught = branch === undefined ? undefined : state.Catch?.find((c) => c.ErrorEquals.includes(branch));
    name = caught?.Next ?? state.Next;
  }
  return cost;
}

/** One execution: the main chain, and inside the Map one iteration per department (answered or overdue). */
export function executionCost(machine: Machine, departments: number, overdueShare: number): PathCost {
  const iteration = (map: State, branch?: string): PathCost => {
    const processor = map.ItemProcessor;
    if (processor === undefined) throw new Error('the Map has no ItemProcessor');
    // MapIterationStarted + MapIterationSucceeded per item.
    const path = walk(processor.States, processor.StartAt, () => ZERO, branch);
    return { ...path, events: path.events + 2 };
  };
  const perItem = (map: State): PathCost => {
    const answered = iteration(map);
    const overdue = iteration(map, 'States.Timeout');
    const mix = (k: keyof PathCost) => departments * ((1 - overdueShare) * answered[k] + overdueShare * overdue[k]);
    return {
      transitions: mix('transitions'),
      events: mix('events'),
      lambdaInvocations: mix('lambdaInvocations'),
      callbacks: mix('callbacks'),
    };
  };
  const chain = walk(machine.States, machine.StartAt, perItem);
  // ExecutionStarted and ExecutionSucceeded.
  return { ...chain, events: chain.events + 2 };
}

/**
 * DynamoDB write units per operation on the write path, as AWS bills them (1 per started KB of each
 * item written, 2 inside a transaction; GSI copies included). Metered against the repositories in
 * test/infra/model.test.ts: a change to what the code writes fails there until this table follows.
 */
export const WRITE_PATH = {
  /** Per candidate of a submitted batch (a batch of ten): the person's claim, the dossier, the `submitted` event with the chain's head (which remembers its dedupe key), the batch's share. */
  submitted: 7.5,
  /** LoadRouting: the candidate's routing. */
  routed: 2,
  /** An automatic department (an extract): the verdict with its own answer event and its confirmation, in one put. */
  autoAnswered: 1,
  /** A department answering in the portal: the task (inbox) with its dispatch event, the verdict with its answer event and (well ahead of the deadline) its confirmation in one put, the task closed. */
  manualAnswered: 6,
  /** The decision, its event (sealing the answer and dispatch events of all 28 departments) with the chain's head (seq, hash and the dedupe keys it remembers), the batch's progress marker and counter. */
  decided: 14,
} as const;

export interface ModelInput {
  candidates: number;
  departments: number;
  /** Minutes over which the batches arrive. */
  minutes: number;
  region: string;
  /** Share of department tasks that time out (overdue), 0–1. */
  overdueShare?: number;
  /** Department queues deployed (the checker's event sources). */
  departmentQueues?: number;
  /** Departments that answer from an uploaded extract (the rest answer in the portal). */
  automaticDepartments?: number;
}

/** List prices used (USD; check your Region's price list: China Regions bill in CNY). */
export const PRICES = {
  perStateTransition: 0.025 / 1000,
  perWriteUnit: 0.625 / 1_000_000,
  perLambdaRequest: 0.2 / 1_000_000,
} as const;

export function modelCampaign(input: ModelInput, machine: Machine = readMachine()) {
  const overdueShare = input.overdueShare ?? 0.05;
  const queues = input.departmentQueues ?? 31;
  const exec = executionCost(machine, input.departments, overdueShare);
  const seconds = input.minutes * 60;
  const startQuota = sfnQuota(input.region, 'StartExecution');
  const sendQuota = sfnQuota(input.region, 'SendTask');
  const rates = sfnCallRates(input.region, queues);
  const startCap = rates.starter * FUNCTIONS.starter.eventSource.maxConcurrency;
  const checkerCap = rates.checker * FUNCTIONS.checker.eventSource.maxConcurrency * queues;
  const arrivalsPerSecond = input.candidates / seconds;
  const startPerSecond = Math.min(arrivalsPerSecond, startCap);
  const automatic = Math.min(input.departments, input.automaticDepartments ?? Math.round(input.departments * 0.4));
  const answered = 1 - overdueShare;
  const callbacks = input.candidates * exec.callbacks * (1 - overdueShare);
  const writeUnits =
    WRITE_PATH.submitted +
    WRITE_PATH.routed +
    answered * (automatic * WRITE_PATH.autoAnswered + (input.departments - automatic) * WRITE_PATH.manualAnswered) +
    WRITE_PATH.decided;
  const lambda = exec.lambdaInvocations + 1 /* starter (batched 10, counted whole) */ + input.departments /* checker or API */;
  const perCandidate = exec.transitions * PRICES.perStateTransition + writeUnits * PRICES.perWriteUnit + lambda * PRICES.perLambdaRequest;
  return {
    candidates: input.candidates,
    departments: input.departments,
    minutes: input.minutes,
    region: input.region,
    transitionsPerExecution: Math.round(exec.transitions),
    historyEventsPerExecution: Math.round(exec.events),
    historyEventsLimit: 25_000,
    startExecution: {
      arrivalsPerSecond: round(arrivalsPerSecond),
      sentPerSecond: round(startPerSecond),
      quotaRefillPerSecond: startQuota.refillPerSecond,
      drainMinutes: round(input.candidates / startPerSecond / 60),
    },
    sendTask: {
      callbacks: Math.round(callbacks),
      checkerCapPerSecond: round(checkerCap),
      /** The checker's answers at its cap: no sooner than the candidates arrive. */
      automaticDrainMinutes: round(Math.max(input.minutes, (input.candidates * automatic * answered) / checkerCap / 60)),
      quotaRefillPerSecond: sendQuota.refillPerSecond,
    },
    lambdaConcurrencyMax: FUNCTIONS.starter.eventSource.maxConcurrency + FUNCTIONS.checker.eventSource.maxConcurrency * queues,
    writeUnitsPerCandidate: round(writeUnits),
    costPerCandidateUsd: round(perCandidate, 5),
    costTotalUsd: round(perCandidate * input.candidates, 2),
  };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The campaigns docs/deploy.md publishes: a county, a city, a province, each in a large Region and in AWS China. */
export const PUBLISHED: readonly ModelInput[] = [
  { candidates: 1_000, departments: 28, minutes: 60, region: 'us-east-1', automaticDepartments: 11 },
  { candidates: 70_000, departments: 28, minutes: 240, region: 'us-east-1', automaticDepartments: 11 },
  { candidates: 500_000, departments: 28, minutes: 480, region: 'us-east-1', automaticDepartments: 11 },
  { candidates: 1_000, departments: 28, minutes: 60, region: 'cn-north-1', automaticDepartments: 11 },
  { candidates: 70_000, departments: 28, minutes: 240, region: 'cn-north-1', automaticDepartments: 11 },
  { candidates: 500_000, departments: 28, minutes: 480, region: 'cn-north-1', automaticDepartments: 11 },
];

/** A Markdown table of models (what `npm run model:aws` prints and docs/deploy.md quotes). */
export function modelTable(inputs: readonly ModelInput[]): string {
  const head = [
    '| candidates | Region | arriving over | transitions / execution | history events / execution | StartExecution sent / quota refill | start drain | SendTask* calls | checker cap / automatic checks done after | write units / candidate | cost / candidate (USD) | total (USD) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = inputs.map((input) => {
    const m = modelCampaign(input);
    const n = (x: number) => x.toLocaleString('en-US');
    return `| ${n(m.candidates)} | ${m.region} | ${m.minutes} min | ${m.transitionsPerExecution} | ${m.historyEventsPerExecution} | ${m.startExecution.sentPerSecond}/s / ${m.startExecution.quotaRefillPerSecond}/s | ${m.startExecution.drainMinutes} min | ${n(m.sendTask.callbacks)} | ${m.sendTask.checkerCapPerSecond}/s / ${m.sendTask.automaticDrainMinutes} min | ${m.writeUnitsPerCandidate} | ${m.costPerCandidateUsd} | ${n(m.costTotalUsd)} |`;
  });
  return [...head, ...rows].join('\n');
}
