/**
 * Keys whose values are secrets wherever they appear in configuration or diagnostic objects.
 * Used to scrub the configuration before it is hashed and recorded with a run.
 */
export const SECRET_KEY_PATTERN = /secret|token|password|credential|private.?key|authorization/i;

export const REDACTED = '[REDACTED]';

/** Deep copy with every secret-named key's value replaced; `credentials` objects go whole. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY_PATTERN.test(k) ? REDACTED : redactSecrets(v)]),
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
export function secretValues(value: unknown, underSecret = false, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (underSecret) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretValues(v, underSecret, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretValues(v, underSecret || SECRET_KEY_PATTERN.test(k), out);
  }
  return out;
}
