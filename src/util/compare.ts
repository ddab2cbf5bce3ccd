/** Plain code-unit comparison: locale-independent, so every host sorts (and hashes) the same way. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
