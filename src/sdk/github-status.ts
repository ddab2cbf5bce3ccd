/**
 * The HTTP status of an Octokit RequestError (duck-typed: @octokit/request-error is not a direct dependency). In a
 * module without Octokit, so that the GitHub collector's modules use it without loading the client packages, which
 * the collector loads when it first collects (github.ts).
 */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
