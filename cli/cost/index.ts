export { registerCostCommand } from './command';
