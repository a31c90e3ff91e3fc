import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startProduct } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const say = (m: string) => process.stdout.write(`${m}\n`);
  const product = await startProduct(config, { progress: say });
  const base = `http://localhost:${product.port}`;
  say(`Bourse-partenariats: UI ${base}/  ·  GraphQL ${base}/graphql  ·  explorer ${base}/graphiql`);
  if (!config.adminToken) say('No ADMIN_TOKEN set: administration (accounts, roles) needs a signed-in administrator; set ADMIN_TOKEN to administer with a bearer token.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, finishing in-flight requests…`);
    try {
      await product.close();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`Shutdown failed: ${(err as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
