export * from './config-error';
export * from './kubernetes-versions';
export * from './loader';
export * from './model';
export * from './quantities';
export * from './schema';
export * from './tiers';
