import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METRICS_NAMESPACE } from '../../infra/config.js';
import { FUNCTION_NAMES } from '../../infra/constructs/functions.js';
import { repoPath } from '../../infra/paths.js';
import { FUNCTIONS } from '../../functions/manifest.js';
import { requiredEnvKeys } from '../../shared/adapters/config.js';
import { eventRules, logicalId, resourcesOf, synth } from './synth.js';

const LambdaProps = z.looseObject({
  Handler: z.string(),
  Runtime: z.string(),
  Architectures: z.array(z.string()),
  MemorySize: z.number(),
  Timeout: z.number(),
  TracingConfig: z.object({ Mode: z.string() }),
  LoggingConfig: z.looseObject({ LogGroup: z.unknown() }),
  Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }),
});

let built: ReturnType<typeof synth>;
beforeAll(() => {
  built = synth();
});

function lambdaProps(name: (typeof FUNCTION_NAMES)[number]) {
  const id = logicalId(built.stack.functions.fn(name));
  return LambdaProps.parse(resourcesOf(built.template)[id]?.Properties);
}

describe('Lambda functions', () => {
  it('creates one function per manifest entry', () => {
    expect([...FUNCTION_NAMES].sort()).toEqual(Object.keys(FUNCTIONS).sort());
    built.template.resourceCountIs('AWS::Lambda::Function', FUNCTION_NAMES.length);
  });

  it('runs confirmAnswers every 10 minutes, so an answer a crash left unconfirmed is sent before its task times out', () => {
    const fnId = logicalId(built.stack.functions.fn('confirmAnswers'));
    const rule = eventRules(built.template).find((r) => r.ScheduleExpression !== undefined && JSON.stringify(r.Targets).includes(fnId));
    expect(rule?.ScheduleExpression).toBe('rate(10 minutes)');
    expect(rule?.Targets).toHaveLength(1);
  });

  it.each(FUNCTION_NAMES)('%s: the handler entry file exists and exports handler', (name) => {
    const entry = repoPath(FUNCTIONS[name].entry);
    expect(existsSync(entry), `${FUNCTIONS[name].entry} missing`).toBe(true);
    expect(readFileSync(entry, 'utf8')).toMatch(/export\s+(const|async function|function|let)\s+handler\b|export\s*\{[^}]*\bhandler\b/);
    expect(lambdaProps(name).Handler).toBe('index.handler');
  });

  it.each(FUNCTION_NAMES)('%s: environment has exactly the keys its config schema requires', (name) => {
    const keys = Object.keys(lambdaProps(name).Environment.Variables).sort();
    expect(keys).toEqual(requiredEnvKeys(name));
    expect(keys).toEqual([...FUNCTIONS[name].env].sort());
  });

  it.each(FUNCTION_NAMES)('%s: Node 24 on arm64, active tracing, manifest timeout and memory', (name) => {
    const props = lambdaProps(name);
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig.Mode).toBe('Active');
    expect(props.Timeout).toBe(FUNCTIONS[name].timeoutSeconds);
    expect(props.MemorySize).toBe(FUNCTIONS[name].memoryMb);
    expect(props.Environment.Variables['POWERTOOLS_METRICS_NAMESPACE']).toBe(METRICS_NAMESPACE);
  });

  it.each(FUNCTION_NAMES)('%s: logs to its own CMK-encrypted log group with a retention', (name) => {
    const logGroupRef = JSON.stringify(lambdaProps(name).LoggingConfig.LogGroup);
    const resources = resourcesOf(built.template);
    const [logGroupId] = Object.keys(resources).filter((id) => logGroupRef.includes(`"${id}"`));
    const logGroup = resources[logGroupId ?? ''];
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties?.['RetentionInDays']).toBeGreaterThan(0);
    expect(JSON.stringify(logGroup?.Properties?.['KmsKeyId'])).toContain(logicalId(built.stack.keys.key));
  });
});

describe('SQS event sources', () => {
  const mappings = () =>
    Object.values(built.template.findResources('AWS::Lambda::EventSourceMapping')).map((r) =>
      z
        .looseObject({
          FunctionName: z.unknown(),
          EventSourceArn: z.unknown(),
          FunctionResponseTypes: z.array(z.string()).optional(),
          ScalingConfig: z.object({ MaximumConcurrency: z.number() }).optional(),
        })
        .parse(r['Properties']),
    );

  it('every mapping reports batch item failures and has a bounded MaximumConcurrency', () => {
    const all = mappings();
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) {
      expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(m.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
      expect(m.ScalingConfig?.MaximumConcurrency).toBeLessThanOrEqual(50);
    }
  });

  it('the starter reads the intake queue with MaximumConcurrency 10 by default', () => {
    const starter = logicalId(built.stack.functions.fn('starter'));
    const intake = logicalId(built.stack.intake.queue);
    const own = mappings().filter((m) => JSON.stringify(m.FunctionName).includes(starter));
    expect(own).toHaveLength(1);
    expect(JSON.stringify(own[0]?.EventSourceArn)).toContain(intake);
    expect(own[0]?.ScalingConfig?.MaximumConcurrency).toBe(10);
  });

  it('one shared checker reads every department queue, and nothing else does', () => {
    const checker = logicalId(built.stack.functions.fn('checker'));
    const deptQueues = built.stack.departments.queues.map((d) => logicalId(d.queue));
    const sources = mappings().filter((m) => deptQueues.some((q) => JSON.stringify(m.EventSourceArn).includes(`"${q}"`)));
    expect(sources).toHaveLength(deptQueues.length);
    for (const m of sources) expect(JSON.stringify(m.FunctionName)).toContain(checker);
  });
});
