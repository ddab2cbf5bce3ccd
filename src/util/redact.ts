/**
 * Keys whose values are secrets wherever they appear in configuration or diagnostic objects.
 * Used to scrub the configuration before it is hashed and recorded with a run.
 */
export const SECRET_KEY_PATTERN = /secret|token|password|credential|private.?key|authorization/i;

/**
 * Keys that are secrets only under a given parent key: a webhook URL is a credential (Slack's and
 * most chat services' URLs embed the token that lets anyone post), while other URLs (AWS endpoints)
 * are not and stay readable in recorded configuration.
 */
const SECRET_CHILD_KEYS: Readonly<Record<string, RegExp>> = { webhooks: /^url$/i };

export const REDACTED = '[REDACTED]';

function isSecretKey(key: string, parent: string | undefined): boolean {
  if (SECRET_KEY_PATTERN.test(key)) return true;
  const child = parent === undefined ? undefined : SECRET_CHILD_KEYS[parent];
  return child !== undefined && child.test(key);
}

/** Deep copy with every secret-named key's value replaced; `credentials` objects go whole. */
export function redactSecrets<T>(value: T, parent?: string): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, parent)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretKey(k, parent) ? REDACTED : redactSecrets(v, k)]),
    ) as T;
  }
  return value;
}

/** Removes known secret values from free text (error messages from SDKs can echo request data). */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** Every string value held under a secret-named key: scrubbed from any error text before it is logged or stored. */
export function secretValues(value: unknown, underSecret = false, out: string[] = [], parent?: string): string[] {
  if (typeof value === 'string') {
    if (underSecret) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretValues(v, underSecret, out, parent);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretValues(v, underSecret || isSecretKey(k, parent), out, k);
  }
  return out;
}
