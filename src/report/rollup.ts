/** Status rollups live with the period layer (series use them too); re-exported for report readers. */
export { addCounts, rollupStatus, sumCounts } from '../period/index.js';
