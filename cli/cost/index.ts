import type { Command } from 'commander';

/** Registers `cost`. */
export function registerCostCommand(_program: Command): void {}
