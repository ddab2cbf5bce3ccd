import { ConfigError } from './errors.js';
import { describePath } from '../util/format-path.js';

/**
 * `${NAME}` substitution in string values, applied AFTER YAML parsing so a variable's value can never
 * change the document's structure. `$${` escapes a literal `${`. Every referenced variable that is unset
 * is reported at once, one line per field naming the variable (never its would-be value). This is a short
 * substitution, not a template language, so no library is used.
 *
 * `secrets: 'not-needed'` is for commands that only read the evidence store (report, verify, checks, …):
 * they read what each run stored and never collect, so a top-level section that references an unset
 * variable (typically `aws` or `github`: endpoints and credentials) is left out instead of failing —
 * those commands work beside a production config on a machine without its secrets.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type SecretsMode = 'required' | 'not-needed';

export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, secrets: SecretsMode = 'required'): unknown {
  const missing: Missing = [];
  const out = walk(value, env, [], missing);
  if (missing.length === 0) return out;
  if (secrets === 'required') {
    throw new ConfigError(missing.map((m) => m.message).join('\n'), missing.map((m) => m.message));
  }
  const unusable = new Set(missing.map((m) => m.path[0]));
  if (out === null || typeof out !== 'object' || Array.isArray(out)) return out;
  return Object.fromEntries(Object.entries(out).filter(([k]) => !unusable.has(k)));
}

type Missing = { path: (string | number)[]; message: string }[];

function walk(value: unknown, env: NodeJS.ProcessEnv, path: (string | number)[], missing: Missing): unknown {
  if (typeof value === 'string') return substituteString(value, env, path, missing);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, env, [...path, i], missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, env, [...path, k], missing)]));
  }
  return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, path: (string | number)[], missing: Missing): string {
  const unset: string[] = [];
  const out = text.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${'; // the `$${` escape
    const v = env[name];
    if (v === undefined || v === '') {
      unset.push(name);
      return match;
    }
    return v;
  });
  if (unset.length > 0) {
    missing.push({ path, message: `config ${describePath(path)}: environment variable ${unset.map((m) => `\${${m}}`).join(', ')} is not set` });
  }
  return out;
}
