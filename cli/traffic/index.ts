import type { Command } from 'commander';

/** Registers `traffic status|verify|step|diff`. */
export function registerTrafficCommands(_program: Command): void {}
