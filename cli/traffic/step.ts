import { readFileSync } from 'node:fs';
import { BEANSTALK, loadConfigFile, parseConfig, serviceEnvironments } from '../../config';
import { withAwsErrors } from '../aws';
import { CliError, EXIT_NO, EXIT_OK } from '../cli-error';
import type { CommonOptions } from '../options';
import { writeFileAtomic } from '../atomic-write';
import { groupLabel } from '../format';
import { readLiveState, type TargetStatus } from '../live-dns/live-state';
import { parseBy, parseSchedule } from '../parse-options';
import { selectOne } from '../selection';
import { formatPercent, sharesOf, type Weights } from '../../domain/traffic/shares';
import type { CommandResult } from '../command-result';
import { DEFAULT_SCHEDULE, planStep, type StepRequest } from '../../domain/traffic/step-plan';
import { renderTable } from '../table';
import { describeProblem } from './status';
import { replaceWeights } from './yaml-edit';

export interface StepOptions extends CommonOptions {
  readonly to?: string;
  readonly by?: string;
  readonly schedule?: string;
  readonly force?: boolean;
}

/**
 * `traffic step`: computes the next step of one group toward a cluster and writes it into the
 * config file. Only the config changes; `cdk deploy` makes it real.
 */
export async function runStep(options: StepOptions): Promise<CommandResult> {
  if (!options.to) throw new CliError('traffic step needs --to <cluster>');
  if (options.by !== undefined && options.schedule !== undefined) throw new CliError('give --by or --schedule, not both');
  const request: StepRequest =
    options.by !== undefined
      ? { by: parseBy(options.by) }
      : { schedule: options.schedule ? parseSchedule(options.schedule) : DEFAULT_SCHEDULE };

  const config = loadConfigFile(options.config);
  const entry = selectOne(config, options, 'traffic step');
  const label = groupLabel(entry.service, entry.environment);
  const target = options.to;
  const clusters = config.clusters.map((cluster) => cluster.name);
  if (!clusters.includes(target)) {
    const hint = target === BEANSTALK ? '; steps move traffic onto a cluster, a rollback is a hand edit' : '';
    throw new CliError(`unknown cluster "${target}" (clusters: ${clusters.join(', ')})${hint}`);
  }
  if (!(target in entry.weights)) {
    throw new CliError(
      `${label} has no weight for cluster ${target} yet: add "${target}: 0" to its weights and deploy first, so that the service runs and is health-checked there before it takes traffic`,
      EXIT_NO,
    );
  }

  const plan = planStep(label, entry.weights, target, request);
  if (plan.kind === 'nothing-to-do') {
    return { output: `${plan.reason}: nothing to change.`, exitCode: EXIT_NO };
  }

  let health = FORCED;
  if (!options.force) {
    const states = await withAwsErrors({ configPath: options.config, hostedZoneId: config.dns.hostedZoneId }, () =>
      readLiveState(config, [entry], { health: true }),
    );
    const refusal = refusalToStep(states, target);
    if (refusal) {
      throw new CliError(`refusing to move more traffic of ${label} onto ${target}: ${refusal} (pass --force to override)`, EXIT_NO);
    }
    const state = states.find((candidate) => candidate.target === target)!;
    health = `${state.health} (${state.healthCheckId})`;
  }

  const text = readFileSync(options.config, 'utf8');
  const edited = replaceWeights(text, entry.service, entry.environment, plan.after);
  assertWritten(edited, entry.service, entry.environment, plan.after);
  writeFileAtomic(options.config, edited);

  if (options.json) {
    return {
      output: JSON.stringify(
        {
          service: entry.service,
          environment: entry.environment,
          target,
          share: plan.percent,
          health,
          forced: Boolean(options.force),
          before: { weights: plan.before, shares: sharesOf(plan.before) },
          after: { weights: plan.after, shares: sharesOf(plan.after) },
          configPath: options.config,
        },
        null,
        2,
      ),
      exitCode: EXIT_OK,
    };
  }
  const how = 'by' in request ? `--by ${request.by}` : `schedule ${request.schedule.join(', ')}`;
  return {
    output: [
      `${label}: ${target} ${formatPercent(sharesOf(plan.before)[target])} → ${formatPercent(sharesOf(plan.after)[target])} (${how})`,
      `health check of ${target}: ${health}`,
      '',
      shareTable(plan.before, plan.after),
      '',
      `Wrote ${options.config}. Open a pull request: cdk diff shows the Weight change, cdk deploy applies it.`,
    ].join('\n'),
    exitCode: EXIT_OK,
  };
}

/** What step says in place of the health check's status when --force skipped it. */
const FORCED = 'not checked (--force: neither its health nor whether its group is in sync was read)';

/**
 * Why traffic must not move onto `target` yet, or undefined when it may. It fails closed: the
 * group must be in sync with the config (the last step deployed, every published target's record
 * in place, the target's per-target name an alias), and the target's own health check, found by
 * its Name tag, must read healthy. No health check, or one with no data yet, is a refusal too.
 */
export function refusalToStep(states: readonly TargetStatus[], target: string): string | undefined {
  const drifting = states.filter((state) => state.drift);
  if (drifting.length > 0) {
    const what = drifting.map((state) => `${state.target}: ${state.problems.map(describeProblem).join('; ')}`).join('; ');
    return `its group is not in sync with the config (${what}); deploy and run traffic verify first`;
  }
  const state = states.find((candidate) => candidate.target === target);
  if (!state || state.health === undefined || state.health === 'no check') {
    return `no Route 53 health check is named ${state?.healthCheckName ?? target}; deploy the DNS stack first`;
  }
  if (state.health === 'unhealthy') {
    return `its Route 53 health check ${state.healthCheckId} (${state.healthCheckName}) is unhealthy`;
  }
  if (state.health === 'no data') {
    return `its Route 53 health check ${state.healthCheckId} (${state.healthCheckName}) has no status yet (Route 53 publishes one a minute); try again shortly`;
  }
  return undefined;
}

function shareTable(before: Weights, after: Weights): string {
  const beforeShares = sharesOf(before);
  const afterShares = sharesOf(after);
  return renderTable(
    ['TARGET', 'WEIGHT', 'SHARE', '', 'WEIGHT', 'SHARE'],
    Object.keys(before).map((target) => [
      target,
      String(before[target]),
      formatPercent(beforeShares[target]),
      '→',
      String(after[target]),
      formatPercent(afterShares[target]),
    ]),
    [1, 2, 4, 5],
  );
}

/** The edited text must still be a valid config that says exactly the new weights. */
function assertWritten(text: string, service: string, environment: string, weights: Weights): void {
  const entry = serviceEnvironments(parseConfig(text)).find(
    (candidate) => candidate.service === service && candidate.environment === environment,
  );
  const written = entry?.weights ?? {};
  if (Object.keys(weights).some((target) => written[target] !== weights[target])) {
    throw new Error(
      `editing the config did not produce the new weights of ${groupLabel(service, environment)}; the file was left unchanged`,
    );
  }
}
