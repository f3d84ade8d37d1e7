export { registerCostCommand } from './command';
export * from './beanstalk';
export * from './catalog';
export * from './estimate';
export * from './node-capacity';
export * from './packing';
export * from './planner';
export * from './system-pods';
