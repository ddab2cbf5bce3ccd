/** Runs one range read fetches together: bounds the rows held at once (~350 result sets a run). */
const SPAN = 64;
/**
 * A span ends where the next run asked for is more than this many ids further on: a range read holds every run
 * in it, so `sample`'s 25 days drawn from a year would otherwise read the rows of nearly every run of the year.
 */
const MAX_GAP = 2;

/** A range of run ids to read in one query, and the ids asked for in it. */
export interface RunIdSpan {
  readonly first: number;
  readonly last: number;
  readonly wanted: ReadonlySet<number>;
}

/**
 * The run ids asked for (any order, repeats allowed) cut into ranges for range reads of their rows: at most `span`
 * ids long, and a new range wherever the next asked id is more than MAX_GAP further on (issue 15).
 */
export function runIdSpans(runIds: readonly number[], span = SPAN): RunIdSpan[] {
  const ids = [...new Set(runIds)].sort((a, b) => a - b);
  const spans: RunIdSpan[] = [];
  let i = 0;
  while (i < ids.length) {
    const first = ids[i]!;
    let last = first;
    const wanted = new Set<number>();
    while (i < ids.length && ids[i]! - first < span && ids[i]! - last <= MAX_GAP) {
      last = ids[i++]!;
      wanted.add(last);
    }
    spans.push({ first, last, wanted });
  }
  return spans;
}

/** Runs whose rows are read together: a range of ids, or a list of them. */
export type RunSelection = { readonly first: number; readonly last: number } | { readonly ids: readonly number[] };

/** Spans read together, and how they are chosen in the read. */
export interface SpanGroup {
  readonly selection: RunSelection;
  readonly spans: readonly RunIdSpan[];
}

/**
 * Spans grouped so that each group's rows are read with one statement per table: consecutive spans while the runs
 * asked for in them number at most `maxRuns`, read by the list of those ids (a sample's 25 drawn days, each its own
 * span: one read instead of 25); a span alone in its group (a long stretch of a period) is read by its range.
 */
export function spanGroups(spans: readonly RunIdSpan[], maxRuns = SPAN): SpanGroup[] {
  const groups: RunIdSpan[][] = [];
  let runs = 0;
  for (const span of spans) {
    const last = groups.at(-1);
    if (last && runs + span.wanted.size <= maxRuns) {
      last.push(span);
      runs += span.wanted.size;
    } else {
      groups.push([span]);
      runs = span.wanted.size;
    }
  }
  return groups.map((g) => ({ selection: g.length === 1 ? { first: g[0]!.first, last: g[0]!.last } : { ids: g.flatMap((s) => [...s.wanted]) }, spans: g }));
}
