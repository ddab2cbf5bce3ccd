import { readFileSync, statSync } from 'node:fs';
import { isAlias, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, type AppConfig } from './schema.js';
import { ConfigError } from './errors.js';
import { substituteEnv, type SecretsMode } from './env.js';
import { describePath } from '../util/format-path.js';
import { placeholderProblems } from './placeholders.js';
import { deepFreeze } from '../util/deep-freeze.js';

/**
 * Limits on what a configuration file may cost to read (issue 14, defect 8). A real configuration is a few
 * kilobytes (a thousand accounts with their regions fit in 200 KB); past 1 MiB it is a mistake or an attack,
 * and reading it would only delay the error. Aliases (`*name`) are rare in a configuration and each one can
 * multiply what the next expands to (a "billion laughs" document): more than 100 is refused.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;
export const MAX_CONFIG_ALIASES = 100;

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
    // Before reading: a file of gigabytes is refused without being held in memory.
    const { size } = statSync(path);
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(tooLarge(path, size));
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
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
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) throw new ConfigError(tooLarge(source, bytes));
  const substituted = substituteEnv(yamlValue(text, source), env, secrets);
  const parsed = ConfigSchema.safeParse(substituted);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${source}: ${describeIssue(issue)}`);
    throw new ConfigError(problems.join('\n'), problems);
  }
  const placeholders = placeholderProblems(parsed.data).map((p) => `${source}: ${p}`);
  if (placeholders.length > 0) throw new ConfigError(placeholders.join('\n'), placeholders);
  return parsed.data;
}

/**
 * The last configuration text parsed in this process and its YAML value (frozen: substituteEnv builds new values
 * from it). A process that reads the same file again (the daemon's server, an auditor's session of commands in one
 * process) skips the YAML parse, ~0.5 ms of each read command (issue 15); another text is parsed again. The
 * variables are substituted and the schema checked on every load, as they depend on the environment.
 */
let lastYaml: { readonly text: string; readonly value: unknown } | undefined;

/** The YAML value of a configuration text, or a ConfigError naming the source and the problem. */
function yamlValue(text: string, source: string): unknown {
  if (lastYaml?.text === text) return lastYaml.value;
  // uniqueKeys off: the yaml library checks it pairwise (20k keys took 9 s); duplicateKey() does it in one pass.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    // Only the first syntax error: the ones after it are usually its echoes.
    const first = doc.errors[0]!;
    throw new ConfigError(`${source}: YAML syntax error: ${first.message.split('\n')[0]}`);
  }
  const duplicate = duplicateKey(doc, text);
  if (duplicate !== undefined) throw new ConfigError(`${source}: ${duplicate}`);
  const aliases = aliasCount(doc);
  if (aliases > MAX_CONFIG_ALIASES) {
    throw new ConfigError(`${source}: ${aliases} YAML aliases (*name), more than the ${MAX_CONFIG_ALIASES} a configuration may use: write the values out`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES }) ?? {};
  } catch (err) {
    // e.g. "Excessive alias count indicates a resource exhaustion attack": named with the file, exit 2.
    throw new ConfigError(`${source}: the YAML cannot be expanded: ${err instanceof Error ? err.message : String(err)}`);
  }
  lastYaml = { text, value: deepFreeze(raw) };
  return raw;
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

function tooLarge(source: string, bytes: number): string {
  return `${source}: the configuration is ${bytes} bytes, more than the ${MAX_CONFIG_BYTES} accepted (a real one is a few kilobytes): is this the right file?`;
}

function aliasCount(doc: Document): number {
  let count = 0;
  visit(doc, {
    Alias() {
      count++;
    },
  });
  return count;
}

/** The first key that appears twice in one mapping, with where, found in one pass per mapping. */
function duplicateKey(doc: Document, text: string): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_key, map, path) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : isAlias(pair.key) ? `*${pair.key.source}` : String(pair.key);
        if (seen.has(key)) {
          const where = describePath(fieldPath([...path, map]));
          const line = isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null ? ` (line ${text.slice(0, pair.key.range[0]).split('\n').length})` : '';
          found = `duplicate key "${key}"${path.length > 1 ? ` in ${where}` : ''}${line}: a key may appear once in a mapping`;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** The field path (keys and sequence indexes) of a node from its ancestors, as describePath prints it. */
function fieldPath(ancestry: readonly unknown[]): (string | number)[] {
  const out: (string | number)[] = [];
  ancestry.forEach((node, i) => {
    if (isPair(node)) out.push(isScalar(node.key) ? String(node.key.value) : '?');
    else if (isSeq(node)) out.push(node.items.indexOf(ancestry[i + 1] as never));
  });
  return out;
}
