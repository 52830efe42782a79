// The use cases' Metrics and Log ports on Powertools.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Log, Metrics } from '../app/ports.js';

export function powertoolsMetrics(metrics: PowertoolsMetrics): Metrics {
  return { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) };
}

export function powertoolsLog(logger: Logger): Log {
  return {
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
  };
}
