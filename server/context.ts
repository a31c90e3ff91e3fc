import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import type { Loaders } from './loaders';

export type Role = 'ANONYMOUS' | 'ADMIN';

/** Who is asking. Accounts and finer roles come with the accounts issue; until then a bearer ADMIN_TOKEN makes an administrator. */
export interface Viewer {
  role: Role;
}

export interface Context {
  ds: DataSource;
  config: AppConfig;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
}
