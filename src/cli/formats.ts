import { Option } from 'commander';

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOption(allowed: readonly Format[] = FORMATS): Option {
  return new Option('--format <format>', 'output format').choices([...allowed]).default('table');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
