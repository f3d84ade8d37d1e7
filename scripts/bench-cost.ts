/**
 * `npm run bench:cost`: plans a generated estate of 1,000 services × 3 environments (the size of
 * a large Beanstalk fleet) and prints how long the plan takes and how well it packs; then the
 * same figures for config/example.yaml. It prints figures; it asserts nothing (the unit tests do).
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { estimateCost } from '../domain/cost/estimate';
import { loadConfigFile, parseConfig } from '../config';

const SERVICES = 1000;
const ENVIRONMENTS = ['production', 'staging', 'dev'] as const;
/** The plan's node type for the generated estate: big nodes, as a 3,000-deployment cluster would use. */
const NODE_TYPE = 'm5.2xlarge';
const ROUNDS = 5;

/** Deterministic pseudo-random numbers (mulberry32), so every run plans the same estate. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedEstate(): string {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const services: Record<string, unknown> = {};
  for (let i = 0; i < SERVICES; i++) {
    const minReplicas = pick([2, 2, 3, 3, 4]);
    services[`svc-${String(i).padStart(4, '0')}`] = {
      image: `123456789012.dkr.ecr.sa-east-1.amazonaws.com/svc-${i}:1.0.0`,
      port: 8080,
      healthCheckPath: '/healthz',
      resources: {
        cpu: pick(['100m', '250m', '250m', '500m', '500m', '1000m']),
        memory: pick(['256Mi', '512Mi', '512Mi', '768Mi', '1Gi', '1536Mi', '2Gi']),
      },
      autoscaling: { minReplicas, maxReplicas: minReplicas * pick([2, 3, 4]) },
      environments: {
        production: {
          beanstalk: { instanceType: pick(['c5.large', 'm5.large', 't3.medium']), instances: minReplicas },
          weights: { beanstalk: 0, blue: 100 },
        },
        staging: {
          beanstalk: { instanceType: 't3.small', instances: 1 },
          weights: { beanstalk: 0, blue: 100 },
          autoscaling: { minReplicas: 1, maxReplicas: 2 },
        },
        dev: {
          beanstalk: { instanceType: 't3.micro', instances: 1 },
          weights: { beanstalk: 0, blue: 100 },
          autoscaling: { minReplicas: 1, maxReplicas: 1 },
        },
      },
    };
  }
  return stringify({
    app: 'bench',
    account: '123456789012',
    region: 'sa-east-1',
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      availabilityZones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'],
      privateSubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012', 'subnet-0a1b2c3d4e5f60013'],
      publicSubnetIds: ['subnet-0a1b2c3d4e5f60021', 'subnet-0a1b2c3d4e5f60022', 'subnet-0a1b2c3d4e5f60023'],
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
    },
    dns: { zoneName: 'example.com.br', hostedZoneId: 'Z0123456789ABCDEFGHIJ' },
    clusters: { blue: { kubernetesVersion: '1.33', nodeGroups: { general: { instanceType: NODE_TYPE, minSize: 3, maxSize: 1000 } } } },
    environments: {
      production: { qos: 'Guaranteed', priority: 100000 },
      staging: { qos: 'Burstable', priority: 1000, requestRatio: 0.5 },
      dev: { qos: 'Burstable', priority: 100, requestRatio: 0.25 },
    },
    services,
  });
}

function timed<T>(work: () => T): { result: T; milliseconds: number } {
  const start = performance.now();
  const result = work();
  return { result, milliseconds: performance.now() - start };
}

const parsed = timed(() => parseConfig(generatedEstate()));
const config = parsed.result;
estimateCost(config); // warm the JIT: the first run also compiles
const runs = Array.from({ length: ROUNDS }, () => timed(() => estimateCost(config)));
const milliseconds = runs.map((run) => run.milliseconds).sort((a, b) => a - b);
const estimate = runs[0].result;
const k = estimate.kubernetes;
const pods = k.clusters.reduce((total, cluster) => total + cluster.steady.nodeGroups.reduce((sum, group) => sum + group.pods, 0), 0);
const peakPods = k.clusters.reduce((total, cluster) => total + cluster.peak.nodeGroups.reduce((sum, group) => sum + group.pods, 0), 0);

console.log(`kubeshift cost benchmark (${SERVICES} services × ${ENVIRONMENTS.length} environments on ${NODE_TYPE}, 3 zones)`);
console.log(`  config parse + validation: ${parsed.milliseconds.toFixed(0)} ms (not part of the plan)`);
console.log(
  `  plan (steady + peak, both sides): median ${milliseconds[Math.floor(ROUNDS / 2)].toFixed(0)} ms, best ${milliseconds[0].toFixed(0)} ms, worst ${milliseconds[ROUNDS - 1].toFixed(0)} ms over ${ROUNDS} runs (first run, with JIT warm-up, not counted)`,
);
console.log(`  steady: ${pods} pods on ${k.instances} nodes, lower bound ${k.lowerBound}, efficiency ${k.efficiency.toFixed(3)}`);
console.log(
  `  peak:   ${peakPods} pods on ${k.peak.instances} nodes, lower bound ${k.peak.lowerBound}, efficiency ${k.peak.efficiency.toFixed(3)}`,
);
console.log(
  `  Beanstalk ${estimate.beanstalk.instances} instances vs ${k.instances} nodes (−${estimate.decrease.instances?.toFixed(1)} %), monthly cost −${estimate.decrease.cost?.toFixed(1)} %`,
);

const example = loadConfigFile('config/example.yaml');
const exampleRun = timed(() => estimateCost(example));
const e = exampleRun.result.kubernetes;
console.log('config/example.yaml');
console.log(
  `  plan: ${exampleRun.milliseconds.toFixed(1)} ms; steady ${e.instances} nodes, lower bound ${e.lowerBound}, efficiency ${e.efficiency.toFixed(3)}; peak ${e.peak.instances} nodes, lower bound ${e.peak.lowerBound}, efficiency ${e.peak.efficiency.toFixed(3)}`,
);
