import pino, { type Logger } from 'pino';
import client from 'prom-client';
import type express from 'express';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Structured JSON logs (pino). Lines carry the request id; never bodies, variables, addresses or e-mails. */
export function createLogger(enabled: boolean): Logger {
  return pino({ level: enabled ? (process.env.LOG_LEVEL ?? 'info') : 'silent', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** Prometheus metrics of one server process. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly requests = new client.Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['route', 'status'] as const, registers: [this.registry] });
  readonly latency = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly graphqlErrors = new client.Counter({ name: 'graphql_errors_total', help: 'GraphQL errors by code', labelNames: ['code'] as const, registers: [this.registry] });
  readonly sqlStatements = new client.Histogram({ name: 'sql_statements_per_request', help: 'SQL statements per GraphQL request', buckets: [1, 2, 5, 10, 20, 50, 100], registers: [this.registry] });

  constructor(ds: DataSource) {
    client.collectDefaultMetrics({ register: this.registry });
    const pool = () => (ds.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).master;
    new client.Gauge({ name: 'db_pool_connections', help: 'Connections of the PostgreSQL pool (total)', registers: [this.registry], collect() { this.set(pool()?.totalCount ?? 0); } });
    new client.Gauge({ name: 'db_pool_idle', help: 'Idle connections of the PostgreSQL pool', registers: [this.registry], collect() { this.set(pool()?.idleCount ?? 0); } });
    new client.Gauge({ name: 'db_pool_waiting', help: 'Requests waiting for a PostgreSQL connection', registers: [this.registry], collect() { this.set(pool()?.waitingCount ?? 0); } });
  }
}

/** Request id (from x-request-id when sane, else new), echoed in the response; one access-log line per request. */
export function requestLogging(logger: Logger, metrics: Metrics): express.RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
    (req as express.Request & { id: string }).id = id;
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // originalUrl: mounted routers rewrite req.url/req.path while they handle the request.
      const path = req.originalUrl.split('?')[0];
      const route = path.startsWith('/graphql') ? '/graphql' : path.startsWith('/vendor') ? '/vendor' : ['/', '/healthz', '/readyz', '/metrics', '/graphiql'].includes(path) ? path : 'other';
      metrics.requests.inc({ route, status: String(res.statusCode) });
      metrics.latency.observe({ route }, seconds);
      logger.info({ reqId: id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
