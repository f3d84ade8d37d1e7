export * from './dns-autoscaler-chart';
export * from './environment-chart';
export * from './labels';
export * from './network-policy';
export * from './service-chart';
export * from './preview-chart';
export * from './running-image-chart';
export * from './scanner-skips';
