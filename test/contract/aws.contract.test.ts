import { defineContractSuite } from './suite.js';

// The collector contract for every registered AWS collector (one file per provider: vitest runs files in parallel).
await defineContractSuite('aws');
