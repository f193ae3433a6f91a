// Secrets are never written in monitor.yaml: a `*_env` key names the environment variable that
// holds one. This is the one rule for what such a name may be.
import { z } from 'zod';

export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

/** A `*_env` value: an environment variable name; `example` makes the error message concrete. */
export function envName(example = 'API_TOKEN') {
  return z.string().regex(ENV_NAME_PATTERN, `must be an environment variable name such as ${example}`);
}
