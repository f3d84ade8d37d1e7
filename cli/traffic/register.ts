import { Command, Option } from 'commander';
import { emit } from '../command-result';
import { withCommonOptions, type CommonOptions } from '../options';
import { runDiff, DEFAULT_BASE_REF, type DiffOptions } from './diff';
import { runStatus } from './status';
import { runStep, type StepOptions } from './step';
import { DEFAULT_SCHEDULE } from '../../domain/traffic/step-plan';
import { DEFAULT_VERIFY_INTERVAL_SECONDS, DEFAULT_VERIFY_TIMEOUT_SECONDS, runVerify, type VerifyCommandOptions } from './verify';

/** Registers `traffic status|verify|step|diff`. */
export function registerTrafficCommands(program: Command): void {
  const traffic = program.command('traffic').description('See, step and verify the weighted Route 53 records of each service');

  withCommonOptions(traffic.command('status'))
    .description('live weights, shares and health of every record group against the config; exit 2 on drift')
    .action(async (options: CommonOptions) => emit(await runStatus(options)));

  withCommonOptions(traffic.command('verify'))
    .description('after a deploy, wait until the live weights equal the config; exit 2 at the timeout')
    .addOption(new Option('--timeout <seconds>', 'give up after this long').default(String(DEFAULT_VERIFY_TIMEOUT_SECONDS)))
    .addOption(new Option('--interval <seconds>', 'pause between reads').default(String(DEFAULT_VERIFY_INTERVAL_SECONDS)))
    .action(async (options: VerifyCommandOptions) => emit(await runVerify(options)));

  withCommonOptions(traffic.command('step'))
    .description('write the next traffic step toward a cluster into the config file')
    .option('--to <cluster>', 'the cluster that takes more traffic')
    .option('--by <points>', 'add this many percentage points to its share')
    .option('--schedule <shares>', `go to the next of these shares in % (default: ${DEFAULT_SCHEDULE.join(',')})`)
    .option('--force', 'skip the health-check refusal (and so reading AWS)')
    .action(async (options: StepOptions) => emit(await runStep(options)));

  withCommonOptions(traffic.command('diff'))
    .description('Markdown table of the traffic changes between a git ref and the working tree')
    .addOption(new Option('--base <ref>', 'git ref of the config to compare with').default(DEFAULT_BASE_REF))
    .action((options: DiffOptions) => emit(runDiff(options)));
}
