import { Command, Option } from 'commander';

/** The config file every command reads unless `--config` names another (the CDK app's default too). */
export const DEFAULT_CONFIG_PATH = 'config/example.yaml';

/** Options every command takes: the config file, filters and machine-readable output. */
export interface CommonOptions {
  readonly config: string;
  readonly service?: string;
  readonly env?: string;
  readonly json?: boolean;
}

/** Adds `--config`, `--service`, `--env` and `--json` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--config <path>', 'config file').default(DEFAULT_CONFIG_PATH))
    .option('--service <name>', 'only this service')
    .option('--env <name>', 'only this environment')
    .option('--json', 'machine-readable output of the same data');
}
