// The problems of a config that must be rejected (and that it was, with a ConfigError).
import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../../lib/config/load.js';

export function problems(text: string): string[] {
  try {
    parseConfig(text, 'monitor.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}
