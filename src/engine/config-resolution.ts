import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfigFile, parseConfig } from '../config/load.js';
import type { SecretsMode } from '../config/env.js';
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

export interface ResolveOptions {
  /**
   * `not-needed` for commands that only read the evidence store (report, verify, checks, controls, …):
   * they read what each run stored, never use a credential, and so work beside a config whose `${ENV}`
   * secrets are unset. `run`, `demo` and the daemon keep the default, `required`.
   */
  readonly secrets?: SecretsMode;
}

/**
 * The configuration: `config`, else ./controlwatch.yaml, else (for callers that only read the store)
 * the built-in defaults. A caller that collects requires a file.
 */
export function resolveConfig(opts: Pick<ContextOptions, 'config'>, required: boolean, how: ResolveOptions = {}): ResolvedConfig {
  const secrets = how.secrets ?? 'required';
  if (opts.config) return loaded(opts.config, secrets);
  if (existsSync(DEFAULT_CONFIG_FILE)) return loaded(DEFAULT_CONFIG_FILE, secrets);
  if (required) return loaded(DEFAULT_CONFIG_FILE, secrets); // raises "not found" naming the file
  return { config: parseConfig('version: 1\n', '(defaults)'), path: null };
}

function loaded(path: string, secrets: SecretsMode): ResolvedConfig {
  return { config: loadConfigFile(path, process.env, secrets).config, path };
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

/**
 * The store could not be opened or created (src/store words the cause and names the path). Its own class
 * so the CLI can give it its own exit code (store problem), apart from configuration and run failures.
 */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

export function openStore(path: string, readonly: boolean): EvidenceStore {
  try {
    return EvidenceStore.open(path, { readonly });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A permission problem depends on who runs the command (a container's user, a service account): say who.
    const permission = /EACCES|EPERM|permission|read-?only|SQLITE_CANTOPEN|SQLITE_READONLY/i.test(`${(err as NodeJS.ErrnoException).code ?? ''} ${message}`);
    const who = permission && typeof process.getuid === 'function' ? ` (running as user id ${process.getuid()})` : '';
    throw new StoreOpenError(`${message.includes(path) ? message : `evidence store ${path}: ${message}`}${who}`);
  }
}
