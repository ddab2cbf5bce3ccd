import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfigFile, parseConfig } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { createLogger } from '../log.js';
import { EvidenceStore } from '../store/index.js';

/**
 * Where the configuration, the store and the log level come from: the CLI's global options today, a
 * daemon's arguments tomorrow. Every field is optional; the defaults below apply.
 */
export interface ContextOptions {
  /** Configuration file; default ./controlwatch.yaml. */
  readonly config?: string;
  /** Evidence database; overrides store.path in the configuration. */
  readonly db?: string;
  /** Overrides log.level in the configuration. */
  readonly logLevel?: string;
}

export const DEFAULT_CONFIG_FILE = 'controlwatch.yaml';

export interface ResolvedConfig {
  readonly config: AppConfig;
  /** Where the file was read from; null when the built-in defaults are used. */
  readonly path: string | null;
}

/**
 * The configuration: `config`, else ./controlwatch.yaml, else (for callers that only read the store)
 * the built-in defaults. A caller that collects requires a file.
 */
export function resolveConfig(opts: Pick<ContextOptions, 'config'>, required: boolean): ResolvedConfig {
  if (opts.config) return loaded(opts.config);
  if (existsSync(DEFAULT_CONFIG_FILE)) return loaded(DEFAULT_CONFIG_FILE);
  if (required) return loaded(DEFAULT_CONFIG_FILE); // raises "not found" naming the file
  return { config: parseConfig('version: 1\n', '(defaults)'), path: null };
}

function loaded(path: string): ResolvedConfig {
  return { config: loadConfigFile(path).config, path };
}

/** `db` wins; otherwise store.path, relative to the config file's folder (so a mounted config dir carries its store). */
export function storePath(opts: Pick<ContextOptions, 'db'>, resolved: ResolvedConfig): string {
  if (opts.db) return resolve(opts.db);
  const base = resolved.path ? dirname(resolve(resolved.path)) : process.cwd();
  return resolve(base, resolved.config.store.path);
}

export function logger(opts: Pick<ContextOptions, 'logLevel'>, config: AppConfig): Logger {
  return createLogger(opts.logLevel ?? config.log.level);
}

export function openStore(path: string, readonly: boolean): EvidenceStore {
  return EvidenceStore.open(path, { readonly });
}
