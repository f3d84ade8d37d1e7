export { registerTrafficCommands } from './register';
