/** Policy documents arrive as URL-encoded JSON (RFC 3986); undefined when the text is not that. */
export function decodePolicyDocument(encoded: string | undefined): Record<string, unknown> | undefined {
  if (encoded === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(encoded));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
