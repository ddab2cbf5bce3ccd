/**
 * Attestations are recorded by the control programme (`controlwatch attest`, the demo's simulated review);
 * their rows and attachment blobs live in the store (src/store/attestations.ts). Commands and the demo
 * reach that ledger through here, so nothing outside the engine's writers imports store internals.
 */
export { AttestationLedger } from '../store/attestations.js';
