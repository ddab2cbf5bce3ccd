export { loadRegistry, COLLECTORS, CHECKS, DISCOVERERS } from './registry.js';
export { RegistryError, validateRegistry, buildRegistry, type Registry, type RegisteredCheck } from './validate.js';
