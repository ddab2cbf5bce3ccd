import type { ContextOptions } from '../engine/config-resolution.js';

/**
 * Options every command accepts (declared on the root program: --config, --db, --log-level). They are
 * exactly what the engine needs to find the configuration, the store and the log level.
 */
export type GlobalOptions = ContextOptions;
