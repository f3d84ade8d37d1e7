export { registerDeliveryCommands, type DeliveryDependencies } from './register';
export type { PreviewRenderer } from './worker';
