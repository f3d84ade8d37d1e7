export { registerCostCommand } from './command';
export * from '../../domain/cost/beanstalk';
export * from '../../domain/cost/catalog';
export * from '../../domain/cost/estimate';
export * from '../../domain/cost/node-capacity';
export * from '../../domain/cost/packing';
export * from '../../domain/cost/planner';
export * from '../../domain/cost/system-pods';
