/** `aws.accounts[0].regions[1]` from a zod issue path: how every error message names a field. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** As formatPath, but a problem with the whole document says so instead of naming nothing. */
export function describePath(path: readonly PropertyKey[]): string {
  return formatPath(path) || '(top level)';
}
