import { matchesPattern } from '../util/glob.js';

/**
 * Resource patterns of the programme (scope, exceptions): `*` matches any run of characters, all else
 * literal. Glob syntax this matcher does not implement is refused rather than taken literally, so a
 * pattern never silently matches nothing.
 */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'empty pattern: use * to match everything';
  if (/\s/.test(pattern)) return `pattern "${pattern}" contains white space`;
  if (/[[\]{}?]/.test(pattern)) return `pattern "${pattern}" uses glob syntax ([ ] { } ?) that is not supported: only * is a wildcard`;
  if (pattern.includes('**')) return `pattern "${pattern}" uses **: a single * already matches across / and :`;
  return null;
}

export function matchesAny(patterns: readonly string[], value: string): string | undefined {
  return patterns.find((p) => matchesPattern(p, value));
}
