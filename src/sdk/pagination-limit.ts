/**
 * The bound on a listing that never ends (issue 14, "endless pagination bounded"), shared by the AWS clients'
 * pagination guard and the GitHub collector's REST and GraphQL listings.
 */

/** Far above any real listing (10k pages of 100-1000 items); a listing past it is not ending. */
export const DEFAULT_MAX_PAGES = 10_000;

export class PaginationNotEndingError extends Error {
  constructor(
    readonly operation: string,
    detail: string,
  ) {
    super(`${operation} pagination does not end: ${detail}`);
    this.name = 'PaginationNotEnding';
  }
}
