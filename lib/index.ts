export * from './cluster-stack';
export * from './dns-stack';
export * from './kubeshift-app';
export * from './load-balancer-group-stack';
export * from './public-endpoint-rule';
export * from './service-records-stack';
export * from './service-workloads-stack';
export * from './template-limits';
