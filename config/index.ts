export * from './config-error';
export * from './loader';
export * from './model';
export * from './quantities';
export * from './schema';
export * from './tiers';
