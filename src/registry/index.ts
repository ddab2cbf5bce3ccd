export { loadRegistry, COLLECTORS, CHECKS } from './registry.js';
export { RegistryError, validateRegistry, buildRegistry, type Registry, type RegisteredCheck } from './validate.js';
