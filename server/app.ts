import 'reflect-metadata';
import { ResponseCache, responseCachePlugin } from './common/response-cache';
import { LSN_COOKIE, onReplica, primaryLsn, replicaConnection, validLsn } from './db/replicas';
import { LICENCE, OPEN_DATA_TABLES, exportOpenData, exportTable, toCsv } from './modules/opendata/opendata';
import express from 'express';
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Lexer, Source, TokenKind } from 'graphql';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import type { Context, Viewer } from './context';
import { createFormatError } from './common/errors';
import { createLoaders } from './loaders';
import { getSchema } from './schema';
import { requestStats } from './db/sql-stats';
import { graphiqlAssets, graphiqlPage } from './graphiql';
import { Metrics, createLogger, requestLogging } from './observability';
import { loadMatchingConfig } from './modules/matching/matching.config';
import { SESSION_COOKIE, viewerFromSession } from './modules/account/account.service';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';

export interface AppServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Starts listening; resolves with the actual port. */
  listen(): Promise<number>;
  /** Stops accepting requests, lets in-flight ones finish. */
  stop(): Promise<void>;
}

async function viewerFrom(req: express.Request, config: AppConfig, ds: DataSource, sessionToken: string | undefined): Promise<Viewer> {
  const header = req.headers.authorization;
  if (config.adminToken && header?.startsWith('Bearer ')) {
    const given = Buffer.from(header.slice(7));
    const expected = Buffer.from(config.adminToken);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { role: 'ADMIN' };
  }
  return viewerFromSession(ds, sessionToken);
}

/** JSON error for failures that happen before GraphQL (body too large, malformed JSON). */
function httpError(res: express.Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

const MAX_TOKENS = 3000;

/** Refuses documents of more than `max` lexical tokens before they are parsed (a 400, not a 500). */
function limitTokens(max: number): express.RequestHandler {
  return (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
    if (typeof query !== 'string') return next();
    try {
      const lexer = new Lexer(new Source(query));
      let count = 0;
      while (lexer.advance().kind !== TokenKind.EOF) {
        if (++count > max) return httpError(res, 400, 'GRAPHQL_VALIDATION_FAILED', `Token limit of ${max} exceeded.`);
      }
    } catch {
      // Lexical errors are reported by GraphQL itself.
    }
    next();
  };
}

export async function createAppServer(config: AppConfig, ds: DataSource): Promise<AppServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Idle keep-alive connections are closed by the client first: Node's default (5 s) is about what clients and
  // proxies wait before reusing a connection (undici: the server's hint minus 1 s; load balancers: 60 s), so the
  // server could close a socket just as a request was sent on it (ECONNRESET, seen once under load in the soak test).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const schema = await getSchema();
  const logger = createLogger(config.verbose);
  const metrics = new Metrics(ds);
  app.use(requestLogging(logger, metrics));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const matching = loadMatchingConfig(config.matchingConfig);

  // Depth, alias, cost, token and directive limits; "Did you mean …?" suggestions hidden (docs/security.md).
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 15 },
    // No cost limit: every list is capped by `first` (at most MAX_PAGE_SIZE) and depth is limited, which bounds
    // the work; armor's cost estimate would also reject `first: 100000` before the clear BAD_USER_INPUT on `first`.
    costLimit: { enabled: false },
    // Token limit enforced before Apollo (see limitTokens): armor's parse hook makes Apollo answer 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const formatError = createFormatError((err) =>
    logger.error({ reqId: requestStats.getStore()?.requestId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), stack: err instanceof Error ? err.stack?.split('\n').slice(0, 6).join(' | ') : undefined }, 'unexpected error'),
  );
  const replicas = config.databaseReplicaUrls.length > 0;
  const responseCache = new ResponseCache(config.responseCacheEntries);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    // server/main.ts handles SIGTERM/SIGINT (Apollo stop, then the database); Apollo must not handle them too.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const out = formatError(formatted, error);
      metrics.graphqlErrors.inc({ code: String(out.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
      return out;
    },
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      responseCachePlugin(responseCache),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used (anonymous answers are cached whole by responseCachePlugin); the default cache-control
      // plugin would otherwise wrap every field resolver (about 1–2 % of CPU on the listing page, measured).
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            // Read replicas: a query reads from a replica that has replayed the client's last write (server/db/replicas.ts).
            async didResolveOperation({ operation, contextValue }) {
              if (!replicas || operation?.operation !== 'query') return;
              const qr = await replicaConnection(ds, contextValue.http?.minLsn);
              contextValue.readFrom = qr ? 'replica' : 'primary';
              if (!qr) return;
              contextValue.ds = onReplica(ds, qr);
              contextValue.loaders = createLoaders(contextValue.ds);
              contextValue.releaseReplica = () => qr.release();
            },
            async willSendResponse({ response, contextValue, operation }) {
              if (replicas) {
                await contextValue.releaseReplica?.();
                response.http.headers.set('x-read-from', contextValue.readFrom ?? 'primary');
                if (operation?.operation === 'mutation') {
                  const lsn = await primaryLsn(ds).catch(() => undefined);
                  if (lsn) {
                    contextValue.http?.setLsnCookie?.(lsn);
                    response.http.headers.set('x-bourse-lsn', lsn);
                  }
                }
              }
              const stats = requestStats.getStore();
              if (stats) metrics.sqlStatements.observe(stats.statements);
              if (config.exposeSqlStats && stats) response.http.headers.set('x-sql-statements', String(stats.statements));
              // The database could not be reached: 503 with Retry-After, so that proxies and clients retry.
              const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
              if (body?.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') && !body.data) {
                response.http.status = 503;
                response.http.headers.set('retry-after', '1');
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      const pending = await ds.showMigrations();
      if (pending) return httpError(res, 503, 'MIGRATIONS_PENDING', 'Database migrations are pending.');
      res.json({ status: 'ready' });
    } catch {
      httpError(res, 503, 'SERVICE_UNAVAILABLE', 'Database unreachable.');
    }
  });

  app.use('/vendor/graphiql', graphiqlAssets());
  app.get('/graphiql', (_req, res) => {
    res.type('html').send(graphiqlPage('/graphql'));
  });

  app.use(
    '/graphql',
    (req, res, next) => {
      // A browser opening /graphql gets the explorer.
      if (req.method === 'GET' && !req.query.query && req.accepts(['application/json', 'text/html']) === 'text/html') {
        res.type('html').send(graphiqlPage('/graphql'));
        return;
      }
      next();
    },
    express.json({ limit: '4mb' }),
    limitTokens(MAX_TOKENS),
    // After body parsing: the statement counter (and the request id for error logs) follow the request's async calls.
    (req, _res, next) => requestStats.run({ statements: 0, requestId: (req as express.Request & { id?: string }).id }, () => next()),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const sessionToken = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
        const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, path: '/' };
        return {
          ds,
          config,
          matching,
          loaders: createLoaders(ds),
          viewer: await viewerFrom(req, config, ds, sessionToken),
          requestId: (req as express.Request & { id?: string }).id ?? randomUUID(),
          sessionToken,
          http: {
            ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
            setSessionCookie: (token, maxAge) => res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge })),
            clearSessionCookie: () => res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { ...cookieOptions, maxAge: 0 })),
            minLsn: validLsn(req.get('x-bourse-min-lsn')) ?? validLsn(parseCookie(req.headers.cookie ?? '')[LSN_COOKIE]),
            setLsnCookie: (lsn) => res.append('Set-Cookie', serializeCookie(LSN_COOKIE, lsn, { ...cookieOptions, maxAge: 300 })),
          },
        };
      },
    }),
  );

  // Open data: the public tables, as one JSON document or one CSV per table (docs/operations.md).
  app.get('/opendata', (_req, res) => {
    res.json({
      licence: LICENCE,
      json: '/opendata/export.json',
      csv: OPEN_DATA_TABLES.map((t) => `/opendata/${t.name}.csv`),
    });
  });
  app.get('/opendata/export.json', async (_req, res, next) => {
    try {
      res.setHeader('Content-Disposition', 'attachment; filename="bourse-partenariats.json"');
      res.json(await exportOpenData(ds));
    } catch (err) {
      next(err);
    }
  });
  app.get('/opendata/:table.csv', async (req, res, next) => {
    const table = OPEN_DATA_TABLES.find((t) => t.name === req.params.table);
    if (!table) return httpError(res, 404, 'NOT_FOUND', `No open-data table ${req.params.table}; see /opendata.`);
    try {
      const rows = await exportTable(ds, table.name);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${table.name}.csv"`);
      res.send(toCsv(table.name, rows));
    } catch (err) {
      next(err);
    }
  });

  // The web application (client/dist, built by the run command): hashed assets cached for a year, and
  // index.html for every other GET that asks for a page, so that each page's URL can be shared and reloaded.
  const clientDir = path.resolve(__dirname, '..', '..', 'client', 'dist');
  const indexHtml = path.join(clientDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(clientDir, { index: false, maxAge: 0 }));
    app.get(/^\/(?!graphql|graphiql|vendor|metrics|healthz|readyz|opendata).*/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      // The application talks to this server only: no CDN, no tile server, no analytics.
      res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
      res.sendFile(indexHtml);
    });
  }

  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (err.type === 'entity.too.large') return httpError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    if (err.type === 'entity.parse.failed') return httpError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    logger.error({ reqId: (_req as express.Request & { id?: string }).id, error: err.message }, 'http error');
    httpError(res, err.status && err.status < 500 ? err.status : 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });

  return {
    app,
    httpServer,
    apollo,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    stop: () => apollo.stop(),
  };
}
