import { operationName, type AwsServiceKey } from './aws.js';
import { DEFAULT_MAX_PAGES, PaginationNotEndingError } from './pagination-limit.js';

export { DEFAULT_MAX_PAGES, PaginationNotEndingError };

/**
 * Pagination that never ends (issue 14, the suite's point 1: "endless pagination bounded"). The SDK's
 * paginators follow a next-page token for as long as the service hands one back; a broken or hostile endpoint
 * that always does would keep the collection reading (and holding every page) until the scope's deadline. This
 * middleware watches the requests of one client: a page whose answer hands back the very token it was asked
 * with is a loop, and more than `maxPages` pages of one listing (operation and input) is an endless one. Either
 * fails the call with the reason. (Comparing a page's own request and answer keeps two listings of the same
 * operation running at once apart.)
 */

/** The request fields that carry a next-page token across the AWS APIs the collectors read. */
const TOKEN_FIELDS = ['Marker', 'NextToken', 'nextToken', 'ContinuationToken', 'KeyMarker', 'StartingToken', 'PaginationToken'] as const;


/** The answer fields that carry the next page's token. */
const NEXT_TOKEN_FIELDS = ['Marker', 'NextToken', 'nextToken', 'NextContinuationToken', 'NextMarker', 'NextKeyMarker', 'PaginationToken'] as const;

// Structural, as in aws.ts: any AWS SDK v3 client's middleware stack.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => Promise<any>;
interface GuardedClient {
  readonly middlewareStack: {
    add(middleware: (next: Handler, context: { clientName?: string; commandName?: string }) => Handler, options: { step: 'initialize'; name: string; tags?: string[] }): void;
  };
}

function tokenOf(input: Record<string, unknown>): string | undefined {
  for (const field of TOKEN_FIELDS) {
    const value = input[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The listing a request belongs to: its operation and its input without the token. */
function listingKey(operation: string, input: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !(TOKEN_FIELDS as readonly string[]).includes(k)));
  return `${operation} ${JSON.stringify(rest)}`;
}

export function attachPaginationGuard(client: GuardedClient, service?: AwsServiceKey, maxPages = DEFAULT_MAX_PAGES): void {
  const pagesByListing = new Map<string, number>();
  // S3's ListObjects (v1) echoes the request's Marker in its answer: there, Marker is not a next-page token.
  const nextFields = service === 's3' ? NEXT_TOKEN_FIELDS.filter((f) => f !== 'Marker') : NEXT_TOKEN_FIELDS;
  // Only listings that go on past their first page are counted (and forgotten when they end): most calls are single
  // answers (a bucket's setting: ~30,000 a day at the estate benchmark's default size), which need no key (issue 15).
  const continues = (output: Record<string, unknown> | undefined) => nextFields.some((field) => typeof output?.[field] === 'string' && output[field] !== '');
  client.middlewareStack.add(
    (next, context) => async (args: { input?: Record<string, unknown> }) => {
      const input = args.input ?? {};
      const token = tokenOf(input);
      let key: string | undefined;
      if (token !== undefined) {
        // A later page adds to its listing's count (its first page counted 1).
        const operation = operationName(context, service);
        key = listingKey(operation, input);
        const pages = (pagesByListing.get(key) ?? 1) + 1;
        pagesByListing.set(key, pages);
        if (pages > maxPages) throw new PaginationNotEndingError(operation, `more than ${maxPages} pages`);
      }
      const result = (await next(args)) as { output?: Record<string, unknown> };
      if (token !== undefined && nextFields.some((field) => result.output?.[field] === token)) {
        throw new PaginationNotEndingError(operationName(context, service), 'the service handed back the page token it was asked with (a loop)');
      }
      if (!continues(result.output)) {
        if (key !== undefined) pagesByListing.delete(key);
      } else if (token === undefined) {
        // A first page that hands a next token starts its listing's count again.
        pagesByListing.set(listingKey(operationName(context, service), input), 1);
      }
      return result;
    },
    { step: 'initialize', name: 'controlwatchPaginationGuard', tags: ['CONTROLWATCH'] },
  );
}
