/**
 * Resource patterns in exceptions: `*` matches any run of characters, everything else is literal.
 * ARNs are full of characters that are special to shell globs (`:`, `/`) but not here, which is why
 * a general glob library (path semantics, `**`, braces) is not used.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}
