import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CallLog } from '@sw-dialer/shared-types';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: {
      registry: Registry;
      /** Counts a call that has just finished, and feeds the alerts (once per call, on the write that finished it). */
      recordFinishedCall(call: Pick<CallLog, 'status' | 'endReason' | 'durationMs'> & Partial<Pick<CallLog, 'direction'>>): void;
      /** Counts one token request as the widget saw it (after retries), with how long it took. */
      recordTokenIssuance(outcome: string, seconds: number): void;
      /** A `fetch` that times each request to `upstream` and counts its outcome; handed to the provider clients. */
      instrumentFetch(upstream: Upstream, inner?: typeof fetch): typeof fetch;
    };
  }
}

export type Upstream = 'signalwire' | 'switchfree';

/** ok for 1xx-3xx; the status class otherwise. A 404 is still an answer: the caller decides what it means. */
function outcomeOf(status: number): string {
  return status < 400 ? 'ok' : `${Math.floor(status / 100)}xx`;
}

/**
 * Prometheus metrics on `GET /metrics`: HTTP latency by route, calls by final status and end reason, and
 * connected-time durations. A registry per app, so several apps in one process (tests) do not collide.
 */
async function metricsPlugin(app: FastifyInstance, options: { servedOnApiPort?: boolean } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sw_dialer_' });
  const httpDuration = new Histogram({
    name: 'sw_dialer_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status code',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry]
  });
  const calls = new Counter({
    name: 'sw_dialer_calls_total',
    help: 'Calls logged as finished, by status (ended|failed) and end reason',
    labelNames: ['status', 'end_reason'] as const,
    registers: [registry]
  });
  // Apart from sw_dialer_calls_total (whose labels dashboards and alerts already use): the direction
  // split and the missed count a sales team watches.
  const callsByDirection = new Counter({
    name: 'sw_dialer_calls_by_direction_total',
    help: 'Calls logged as finished, by direction (inbound|outbound)',
    labelNames: ['direction'] as const,
    registers: [registry]
  });
  // Both directions are exported from the start (at 0), so a rate over them never starts from a gap.
  for (const direction of ['inbound', 'outbound']) callsByDirection.inc({ direction }, 0);
  const missedCalls = new Counter({
    name: 'sw_dialer_missed_calls_total',
    help: 'Inbound calls the caller gave up on while they rang (end reason missed)',
    registers: [registry]
  });
  const callDuration = new Histogram({
    name: 'sw_dialer_call_duration_seconds',
    help: 'Connected time of finished calls',
    buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry]
  });
  const upstreamDuration = new Histogram({
    name: 'sw_dialer_upstream_request_duration_seconds',
    help: 'Requests to SignalWire and SwitchFree: time to response headers, by outcome (ok, 4xx, 5xx, error)',
    labelNames: ['upstream', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  });
  const tokenIssuance = new Histogram({
    name: 'sw_dialer_token_issuance_duration_seconds',
    help: 'SignalWire token requests as the widget saw them (retries included), by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry]
  });
  app.decorate('metrics', {
    registry,
    recordTokenIssuance(outcome: string, seconds: number) {
      tokenIssuance.observe({ outcome }, seconds);
    },
    instrumentFetch(upstream: Upstream, inner: typeof fetch = globalThis.fetch): typeof fetch {
      return async (input, init) => {
        const stop = upstreamDuration.startTimer({ upstream });
        try {
          const response = await inner(input, init);
          stop({ outcome: outcomeOf(response.status) });
          return response;
        } catch (error) {
          // Timeouts and refused connections alike: the upstream gave no answer.
          stop({ outcome: 'error' });
          throw error;
        }
      };
    },
    recordFinishedCall(call: Pick<CallLog, 'status' | 'endReason' | 'durationMs'> & Partial<Pick<CallLog, 'direction'>>) {
      calls.inc({ status: call.status, end_reason: call.endReason ?? 'none' });
      callsByDirection.inc({ direction: call.direction ?? 'outbound' });
      if (call.endReason === 'missed') missedCalls.inc();
      app.alerts.recordCall(call.endReason);
      if (call.durationMs) callDuration.observe(call.durationMs / 1000);
    }
  });
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: ids and numbers would explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    // A presence stream lives as long as its page: its "latency" is a session length, not a response time.
    if (!route.endsWith('/presence/stream')) {
      httpDuration.observe({ route, method: request.method, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    }
    done();
  });
  // With METRICS_PORT set, server.ts serves the registry on a port of its own (metrics-server.ts) instead.
  if (options.servedOnApiPort ?? true) {
    app.get('/metrics', { config: { action: 'metrics', rateLimit: false } }, async (_request, reply) => {
      return reply.header('content-type', registry.contentType).send(await registry.metrics());
    });
  }
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x', dependencies: ['alerts'] });
