export { registerDeliveryCommands, type DeliveryDependencies } from './register';
export type { PreviewRenderer, PreviewRequest } from './worker';
