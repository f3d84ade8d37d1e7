import { Option, type Command } from 'commander';
import { emit } from '../command-result';
import { withCommonOptions } from '../options';
import { DEFAULT_HOURS, runDecommissionCheck, type DecommissionOptions } from './check';

/** Registers `decommission-check`. */
export function registerDecommissionCommand(program: Command): void {
  withCommonOptions(program.command('decommission-check'))
    .description("is a service environment's Elastic Beanstalk environment safe to delete? exit 0 safe, 2 not safe")
    .addOption(new Option('--hours <hours>', 'how far back its load balancer must have served no request').default(String(DEFAULT_HOURS)))
    .action(async (options: DecommissionOptions) => emit(await runDecommissionCheck(options)));
}
