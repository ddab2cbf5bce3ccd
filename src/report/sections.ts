import type { Report } from './types.js';
import { PROGRAMME_SECTIONS } from './render-programme.js';

/**
 * Extra report sections (scope drift, exceptions expiring, manual controls, …) contributed by other parts
 * of the programme, each with its own small renderer. The table layout prints each one that returns text,
 * after the changes and before the reference tables, so the summary and findings stay on the first screen.
 * A renderer returns null when its data is absent from this report (an older store, nothing to say).
 */
export interface ReportSection {
  readonly id: string;
  readonly renderTable: (report: Report, width: number | undefined) => string | null;
}

export const EXTRA_SECTIONS: ReportSection[] = [...PROGRAMME_SECTIONS];
