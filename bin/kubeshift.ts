#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCostCommand } from '../cli/cost';
import { registerDecommissionCommand } from '../cli/decommission';
import { registerDeliveryCommands } from '../cli/delivery';
import { errorOutcome } from '../cli/error-outcome';
import { registerTrafficCommands } from '../cli/traffic';

/**
 * The kubeshift command-line tool. Commands set `process.exitCode` (0 good, 2 "no"); any error
 * ends here as one line on stderr and exit code 1 (or the CliError's own code).
 */
async function main(argv: string[]): Promise<void> {
  // On Node 20 the AWS SDK prints a multi-line support notice on its first call; errors and
  // --json output must stay clean. The README says to move to Node 22 before 2027.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const program = new Command('kubeshift')
    .description('See, step, verify and finish the move of each service from Elastic Beanstalk to EKS')
    .exitOverride()
    .showHelpAfterError();
  registerTrafficCommands(program);
  registerDecommissionCommand(program);
  registerCostCommand(program);
  // The composition root: the delivery commands render previews with the same charts as synth.
  registerDeliveryCommands(program, {
    renderPreview: (request) => {
      // Loaded here, not imported: cdk8s-plus costs every other command about 0.35 s of CPU to load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const charts = require('../charts/preview-chart') as typeof import('../charts/preview-chart');
      return charts.previewManifests(request);
    },
  });
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help / version text).
    process.exitCode = error.exitCode;
    return;
  }
  const outcome = errorOutcome(error);
  console.error(outcome.line);
  if (process.env.KUBESHIFT_DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = outcome.exitCode;
});
