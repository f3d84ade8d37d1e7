export { registerDecommissionCommand } from './register';
