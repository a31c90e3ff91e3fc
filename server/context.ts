import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import type { Loaders } from './loaders';
import type { MatchingConfig } from './modules/matching/matching.config';

export type Role = 'ANONYMOUS' | 'ADMIN';

/** Who is asking. Accounts and finer roles come with the accounts issue; until then a bearer ADMIN_TOKEN makes an administrator. */
export interface Viewer {
  role: Role;
}

export interface Context {
  ds: DataSource;
  config: AppConfig;
  /** The matching engine's weights and parameters, validated at start. */
  matching: MatchingConfig;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
}
