import { defineContractSuite } from './suite.js';

// The collector contract for every registered GitHub collector (one file per provider: vitest runs files in parallel).
await defineContractSuite('github');
