import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';

/**
 * Anonymous GraphQL queries answered from memory. The key is the document, operation name and variables plus the
 * version of the public data (`data_version`, bumped by a trigger on every write to a public table, read with one
 * short statement per request): a write is seen at once by every process, without messages between them.
 * Signed-in users are never served from or written to the cache (their answers can hold contacts or drafts),
 * nor are mutations or answers with errors. A per-process LRU of `maxEntries` answers; 0 turns it off.
 */
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number) {}

  get(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, body: string): void {
    this.entries.set(key, body);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

type CacheState = { cacheKey?: string; cacheHit?: boolean };

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, contextValue, request }) {
          if (!cache.maxEntries || operation.operation !== 'query' || contextValue.viewer.role !== 'ANONYMOUS') return null;
          let v: string;
          try {
            [{ v }] = await contextValue.ds.query(`SELECT version::text AS v FROM data_version WHERE id = 1`);
          } catch {
            return null; // database unavailable: execution reports it (SERVICE_UNAVAILABLE), nothing is cached
          }
          const state = contextValue as Context & CacheState;
          state.cacheKey = `${v}:${createHash('sha1').update(`${request.query ?? ''}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`).digest('base64')}`;
          const hit = cache.get(state.cacheKey);
          if (hit === undefined) {
            cache.misses++;
            return null;
          }
          cache.hits++;
          state.cacheHit = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: JSON.parse(hit) } };
        },
        async willSendResponse({ contextValue, response }) {
          const state = contextValue as Context & CacheState;
          if (!state.cacheKey) return;
          response.http.headers.set('x-cache', state.cacheHit ? 'hit' : 'miss');
          if (state.cacheHit || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors?.length && result.data) cache.set(state.cacheKey, JSON.stringify({ data: result.data }));
        },
      };
    },
  };
}
