/**
 * Resource patterns in exceptions: `*` matches any run of characters, everything else is literal.
 * ARNs are full of characters that are special to shell globs (`:`, `/`) but not here, which is why
 * a general glob library (path semantics, `**`, braces) is not used.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  // `s` (dotAll): `*` must match line terminators too, or a name holding \n, \r or U+2028 silently falls out of
  // every `*` selection (a repository never collected, an exception never applied; test/util/glob.test.ts).
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(value);
}
