import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.foreignMinPopulation).toBe(5000);
    expect(c.foreignExcludedFeatureCodes).toContain('PPLX');
  });

  it('reads and converts environment variables', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h/db', FOREIGN_MIN_POPULATION: '10000', FOREIGN_EXCLUDED_FEATURE_CODES: 'PPLX, PPLH', EXPOSE_SQL_STATS: 'true' });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.foreignMinPopulation).toBe(10000);
    expect(c.foreignExcludedFeatureCodes).toEqual(['PPLX', 'PPLH']);
    expect(c.exposeSqlStats).toBe(true);
  });

  it('refuses invalid values and names every offending variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', SEED: 'everything', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', SEED: 'everything', DATABASE_URL: 'mysql://x', ADMIN_TOKEN: 'short' });
    } catch (e) {
      const message = (e as Error).message;
      for (const name of ['PORT', 'SEED', 'DATABASE_URL', 'ADMIN_TOKEN']) expect(message).toContain(name);
    }
  });
});
