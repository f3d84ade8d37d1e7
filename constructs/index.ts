export * from './cluster-autoscaler';
export * from './container-logs';
export * from './imported-vpc';
export * from './kubectl-layer';
export * from './shared-cluster';
export * from './target-health-check';
export * from './weighted-record-group';
