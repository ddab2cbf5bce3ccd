/**
 * What `report --view` can show, in every format. The default (no --view) is the whole layout for a
 * person (table) or the whole document (json); csv always prints one flat table, `findings` unless told.
 * `scope`, `owners`, `exceptions` and `manual-controls` are the control programme's sections as the run
 * recorded them (scope drift, failing controls and findings by owner, the exceptions register, attestations).
 */
export const REPORT_VIEWS = ['summary', 'findings', 'changes', 'checks', 'controls', 'coverage', 'config-disagreements', 'scope', 'owners', 'exceptions', 'manual-controls'] as const;
export type ReportView = (typeof REPORT_VIEWS)[number];
