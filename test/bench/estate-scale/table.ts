import Table from 'cli-table3';
import type { Figure } from './targets.js';

/** The benchmark's one table: every figure beside its target and the ratio (≤ 1 meets the target). */

function format(value: number, unit: string): string {
  if (unit === 'B') return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : value >= 1024 ? `${(value / 1024).toFixed(1)} kB` : `${value.toFixed(1)} B`;
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

export function renderTable(figures: readonly Figure[]): string {
  const table = new Table({ head: ['group', 'figure', 'value', 'target', 'ratio', ''], style: { head: [], border: [], compact: true } });
  let group = '';
  for (const f of figures) {
    const verdict = f.met === null ? '' : f.met ? 'met' : 'MISSED';
    const target = f.target === null ? '' : `${f.target === 0 ? '0' : `≤ ${format(f.target, f.unit)}`}`;
    table.push([f.group === group ? '' : f.group, f.name, format(f.value, f.unit), target, f.ratio === null ? '' : f.ratio.toFixed(2), verdict]);
    group = f.group;
  }
  return table.toString() + '\n';
}
