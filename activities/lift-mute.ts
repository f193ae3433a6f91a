// Activity of liftMuteWorkflow: ends the brand's mute in the incidents table (lib/store).
import { liftBrandMute } from '../lib/store/incident-feedback-repo.js';
import type { ActivityDeps } from './deps.js';

export const liftMuteActivity = (deps: ActivityDeps) => (input: { brand: string; by: string; at: number }) =>
  liftBrandMute(deps.clickhouse, input.brand, input.by, input.at);
