/**
 * Reads Authentication-Results (RFC 8601) for an agent's mail. Only a header
 * added by the trusted receiving server counts: anyone can write one into a
 * mail they send, so headers from other authserv-ids are ignored (RFC 8601
 * section 5 asks receivers to do exactly this).
 *
 * Of the trusted server's headers only the topmost is read. Each server
 * prepends its trace fields (RFC 5322 section 3.6.7), so the trusted server's
 * own verdict is above anything the sender wrote; a server that does not
 * delete forged copies of its authserv-id (RFC 8601 section 5 says it SHOULD)
 * would otherwise let a lower "dkim=pass" written by the sender count.
 */
export function authenticatedByTrustedServer(headerValues: string[], trustedAuthServId: string, fromDomain: string): { pass: boolean; method?: string } {
  const top = headerValues.find((value) => authServId(value) === trustedAuthServId.toLowerCase());
  if (top === undefined) return { pass: false };
  for (const result of top.split(';').slice(1).map((p) => p.trim())) {
    const m = /^(dkim|dmarc)\s*=\s*pass\b(.*)$/i.exec(result);
    if (!m) continue;
    // DKIM must be signed by the sender's own domain (header.d); DMARC alignment already implies it.
    const domain = /header\.(?:d|from)\s*=\s*([^\s;]+)/i.exec(m[2])?.[1]?.toLowerCase();
    if (!domain || domain === fromDomain.toLowerCase()) return { pass: true, method: m[1].toLowerCase() };
  }
  return { pass: false };
}

/** The authserv-id: the first token before the first ';' (a version number may follow it). */
function authServId(value: string): string {
  return value.split(';')[0].trim().split(/\s+/)[0].toLowerCase();
}
