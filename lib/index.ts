export * from './cluster-stack';
export * from './dns-stack';
export * from './parameter-names';
export * from './service-records-stack';
export * from './service-workloads-stack';
