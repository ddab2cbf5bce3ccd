import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, type AppConfig } from './schema.js';
import { ConfigError } from './errors.js';
import { substituteEnv, type SecretsMode } from './env.js';
import { describePath } from '../util/format-path.js';

export interface LoadedConfig {
  readonly path: string;
  readonly config: AppConfig;
}

/**
 * Reads, substitutes and validates the configuration file. Every problem is reported with the
 * path of the field and what was expected; nothing else runs until the config is valid.
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env, secrets: SecretsMode = 'required'): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `config file ${path} not found (pass --config, or copy config/controlwatch.example.yaml)`
        : `config file ${path} cannot be read: ${code ?? String(err)}`,
    );
  }
  return { path, config: parseConfig(text, path, env, secrets) };
}

/** `secrets: 'not-needed'`: for commands that only read the store; unset `${VAR}`s become markers (see env.ts). */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env, secrets: SecretsMode = 'required'): AppConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first syntax error: the ones after it are usually its echoes.
    const first = doc.errors[0]!;
    throw new ConfigError(`${source}: YAML syntax error: ${first.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  const substituted = substituteEnv(raw, env, secrets);
  const parsed = ConfigSchema.safeParse(substituted);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${source}: ${describeIssue(issue)}`);
    throw new ConfigError(problems.join('\n'), problems);
  }
  return parsed.data;
}

/** One line per issue: `aws.accounts[0].regions[1]: expected string, got number`. Values are never echoed (they may be secrets). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = describePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${field}: ` : '';
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  // zod's default wording is "Invalid input: expected number, received string"; keep custom messages as they are.
  const generic = /^Invalid input: expected (.+), received (\w+)$/.exec(issue.message);
  if (generic) return `${field}: expected ${generic[1]}, got ${generic[2]}`;
  return `${field}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
