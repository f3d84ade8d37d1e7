import { Option, type Command } from 'commander';
import { emit } from '../command-result';
import { withCommonOptions } from '../options';
import { DEFAULT_HOURS, DEFAULT_MAX_REQUESTS, runDecommissionCheck, type DecommissionOptions } from './check';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `decommission-check`. */
export function registerDecommissionCommand(program: Command): void {
  withCommonOptions(program.command('decommission-check'))
    .description("is a service environment's Elastic Beanstalk environment safe to delete? exit 0 safe, 2 not safe")
    .addOption(new Option('--hours <hours>', 'how long its load balancer must have served no request').default(String(DEFAULT_HOURS)))
    .option(
      '--since <time>',
      'when its Beanstalk record went (ISO 8601, e.g. 2026-11-20T14:05:00Z): the evidence must start after it plus the TTL',
    )
    .option('--cname <name>', "the environment's CNAME, once the config no longer has it")
    .addOption(
      new Option('--max-requests <n>', 'requests CloudWatch RequestCount may show and still be safe (without access logs)').default(
        String(DEFAULT_MAX_REQUESTS),
      ),
    )
    .option('--host <name>', 'another host name of the service whose requests count (repeatable)', collect)
    .action(async (options: DecommissionOptions) => emit(await runDecommissionCheck(options)));
}
