import type { Command } from 'commander';

/** Registers `decommission-check`. */
export function registerDecommissionCommand(_program: Command): void {}
