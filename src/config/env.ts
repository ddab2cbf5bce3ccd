import { ConfigError } from './errors.js';
import { describePath } from '../util/format-path.js';

/**
 * `${NAME}` substitution in string values, applied AFTER YAML parsing so a variable's value can never
 * change the document's structure. `$${` escapes a literal `${`. Every referenced variable that is unset
 * is reported at once, one line per field naming the variable (never its would-be value). This is a short
 * substitution, not a template language, so no library is used.
 *
 * `secrets: 'not-needed'` is for commands that only read the evidence store (report, verify, checks, …):
 * they never use a credential, so an unset variable is replaced by a marker (`<unset NAME>`) instead of
 * failing — those commands work beside a production config on a machine without its secrets.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type SecretsMode = 'required' | 'not-needed';

export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, secrets: SecretsMode = 'required'): unknown {
  const missing: string[] = [];
  const out = walk(value, env, [], missing, secrets);
  if (missing.length > 0) throw new ConfigError(missing.join('\n'), missing);
  return out;
}

function walk(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[], missing: string[], secrets: SecretsMode): unknown {
  if (typeof value === 'string') return substituteString(value, env, path, missing, secrets);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, env, [...path, i], missing, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, env, [...path, k], missing, secrets)]));
  }
  return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, path: (string | number)[], missing: string[], secrets: SecretsMode): string {
  const unset: string[] = [];
  const out = text.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${'; // the `$${` escape
    const v = env[name];
    if (v === undefined || v === '') {
      unset.push(name);
      return secrets === 'not-needed' ? `<unset ${name}>` : match;
    }
    return v;
  });
  if (unset.length > 0 && secrets === 'required') {
    missing.push(`config ${describePath(path)}: environment variable ${unset.map((m) => `\${${m}}`).join(', ')} is not set`);
  }
  return out;
}
