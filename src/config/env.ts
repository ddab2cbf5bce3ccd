import { ConfigError } from './errors.js';
import { describePath } from '../util/format-path.js';

/**
 * `${NAME}` substitution in string values, applied AFTER YAML parsing so a variable's value can never
 * change the document's structure. `$${` escapes a literal `${`. A referenced variable that is unset
 * is an error naming the field and the variable (never its would-be value). This is a ten-line
 * substitution, not a template language, so no library is used.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[] = []): unknown {
  if (typeof value === 'string') return substituteString(value, env, path);
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k])]));
  }
  return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, path: (string | number)[]): string {
  const missing: string[] = [];
  const out = text.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${'; // the `$${` escape
    const v = env[name];
    if (v === undefined || v === '') {
      missing.push(name);
      return match;
    }
    return v;
  });
  if (missing.length > 0) {
    const field = describePath(path);
    throw new ConfigError(
      `config ${field}: environment variable ${missing.map((m) => `\${${m}}`).join(', ')} is not set`,
    );
  }
  return out;
}
