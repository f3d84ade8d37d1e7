import { readFileSync } from 'node:fs';
import { parseConfig, serviceEnvironments, type ServiceEnvironment } from '../../../config';

export const EXAMPLE_PATH = `${__dirname}/../../../config/example.yaml`;
export const EXAMPLE_TEXT = readFileSync(EXAMPLE_PATH, 'utf8');
export const EXAMPLE = parseConfig(EXAMPLE_TEXT);

export function entryOf(service: string, environment: string): ServiceEnvironment {
  return serviceEnvironments(EXAMPLE).find((entry) => entry.service === service && entry.environment === environment)!;
}
