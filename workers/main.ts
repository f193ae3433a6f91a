// `npm start`: the long-running monitor. Loads the config, starts (or connects to) ClickHouse
// and Temporal, runs the worker and the schedules, serves acknowledgement links, and on
// Ctrl-C stops the worker and the embedded dev server cleanly.
import { ConfigError, loadConfig, readSecret } from '../lib/config/load.js';
import { missingSecrets } from '../lib/config/secrets.js';
import { resolveConfigPath } from './config-path.js';
import { deploymentId } from './schedules.js';
import { cliProgram, existingFile, parseArgs, usageError } from '../scripts/lib-cli.js';
import { startHttpEndpoint } from '../lib/endpoints/action-endpoint.js';
import { startRuntime } from './runtime.js';
import { DataDirInUseError } from './data-lock.js';
import { incidentChart } from '../lib/pipeline/incident-chart.js';
import { incidentTimes } from '../lib/store/incident-lookup.js';
import { startIngestServer } from '../lib/endpoints/ingest-server.js';
import { pushSources } from '../lib/sources/connectors/push.js';

const log = (m: string) => console.error(`[brand-pulse] ${m}`);

async function main() {
  const options = parseArgs<{ config?: string }>(
    cliProgram('start', 'Run the monitor: poll the sources, store and analyse mentions, detect incidents, send alerts (Ctrl-C stops)')
      .option('--config <file>', 'the monitor config (default: $MONITOR_CONFIG, else ./monitor.yaml)', existingFile)
      .addHelpText('after', '\nEnvironment: MONITOR_CONFIG, BRAND_PULSE_DEPLOYMENT (which schedules and task queue are this worker\'s), TEMPORAL_ADDRESS, CLICKHOUSE_URL, LOG_LEVEL'),
  );
  let file: string;
  try {
    file = resolveConfigPath(options.config ? ['--config', options.config] : []);
    deploymentId();
  } catch (e) {
    // No config found (NoConfigError says how to make one) or a bad BRAND_PULSE_DEPLOYMENT.
    return usageError('start', (e as Error).message);
  }
  let config;
  try {
    config = loadConfig(file);
    // Before anything starts: every secret the config names, all missing ones in one message.
    const missing = missingSecrets(config);
    if (missing.length) throw new ConfigError(file, missing);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  log(`config: ${file} (${config.brands.length} brands, ${config.sources.length} sources)`);
  const runtime = await startRuntime({ config, log });
  const endpoint = await startHttpEndpoint({
    client: runtime.client,
    taskQueue: runtime.taskQueue,
    port: config.server.port,
    ackSecret: readSecret(config.server.ack_secret_env),
    queue: { clickhouse: runtime.clickhouse },
    chart: async (brand, incidentId) => {
      const times = await incidentTimes(runtime.clickhouse, brand, incidentId);
      const name = config.brands.find((b) => b.id === brand)?.name ?? brand;
      return times ? incidentChart({ clickhouse: runtime.clickhouse, config }, { ...times, brandName: name }) : undefined;
    },
  }).catch((e) => {
    log(`HTTP endpoint not started on port ${config.server.port}: ${(e as Error).message}`);
    return undefined;
  });
  if (endpoint) log(`acknowledgement endpoint on port ${config.server.port}`);
  const ingest = pushSources(config).length
    ? await startIngestServer({
        clickhouse: runtime.clickhouse,
        config,
        port: config.server.ingest_port,
        host: '0.0.0.0',
        log: (e) => log(`ingest ${e.source ?? '?'}: ${e.status} ${e.reason}`),
      })
    : undefined;
  if (ingest) log(`push ingest endpoint on port ${config.server.ingest_port} (POST /ingest/<source id>)`);
  if (runtime.temporal.uiUrl) log(`Temporal UI: ${runtime.temporal.uiUrl}`);
  log('running; Ctrl-C stops');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the worker...`);
    await endpoint?.close();
    await ingest?.close();
    await runtime.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await runtime.running;
}

main().catch((e) => {
  if (e instanceof DataDirInUseError) {
    console.error(`[brand-pulse] ${e.message}`);
    process.exit(2);
  }
  console.error(`[brand-pulse] fatal: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
