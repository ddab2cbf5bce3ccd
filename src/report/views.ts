/**
 * What `report --view` can show, in every format. The default (no --view) is the whole layout for a
 * person (table) or the whole document (json); csv always prints one flat table, `findings` unless told.
 */
export const REPORT_VIEWS = ['summary', 'findings', 'changes', 'checks', 'controls', 'coverage', 'config-disagreements'] as const;
export type ReportView = (typeof REPORT_VIEWS)[number];
