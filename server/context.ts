import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import type { Loaders } from './loaders';
import type { MatchingConfig } from './modules/matching/matching.config';

export type Role = 'ANONYMOUS' | 'AGENT' | 'REVIEWER' | 'ADMIN';

/**
 * Who is asking: anonymous, or a signed-in user (session cookie) with a role, the authorities they act
 * for (agents) and the countries they review (reviewers; empty = all). A bearer ADMIN_TOKEN makes an
 * administrator (operations, tests).
 */
export interface Viewer {
  role: Role;
  userId?: string;
  authorityIds?: string[];
  reviewerCountries?: string[];
}

/** The HTTP exchange, for what GraphQL cannot carry: cookies and the client address. */
export interface HttpExchange {
  ip: string;
  setSessionCookie(token: string, maxAgeSeconds: number): void;
  clearSessionCookie(): void;
  /** WAL position of the client's last write (replicas: read-your-writes), from its cookie or header. */
  minLsn?: string;
  setLsnCookie?(lsn: string): void;
}

export interface Context {
  ds: DataSource;
  config: AppConfig;
  /** The matching engine's weights and parameters, validated at start. */
  matching: MatchingConfig;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
  http?: HttpExchange;
  /** The raw session token of the request's cookie, if any (to revoke it). */
  sessionToken?: string;
  /** With read replicas: where this request reads, and how to give its replica connection back. */
  readFrom?: 'primary' | 'replica';
  releaseReplica?: () => Promise<void>;
}
