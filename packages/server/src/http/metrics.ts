import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Prometheus metrics served at /metrics. Labels are bounded: action names come from the models. */
export const metrics = {
  registry,
  requests: new Counter({
    name: 'gatehouse_requests_total',
    help: 'API requests by service, action and outcome (AWS error code or OK)',
    labelNames: ['service', 'action', 'code'] as const,
    registers: [registry],
  }),
  duration: new Histogram({
    name: 'gatehouse_request_duration_seconds',
    help: 'API request handling time',
    labelNames: ['service'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  }),
};
