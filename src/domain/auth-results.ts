/**
 * Reads Authentication-Results (RFC 8601) for an agent's mail. Only a header
 * added by the trusted receiving server counts: anyone can write one into a
 * mail they send, so headers from other authserv-ids are ignored (RFC 8601
 * section 5 asks receivers to do exactly this).
 */
export function authenticatedByTrustedServer(headerValues: string[], trustedAuthServId: string, fromDomain: string): { pass: boolean; method?: string } {
  for (const value of headerValues) {
    const [servId, ...results] = value.split(';').map((p) => p.trim());
    if (servId.split(/\s+/)[0].toLowerCase() !== trustedAuthServId.toLowerCase()) continue;
    for (const result of results) {
      const m = /^(dkim|dmarc)\s*=\s*pass\b(.*)$/i.exec(result);
      if (!m) continue;
      // DKIM must be signed by the sender's own domain (header.d); DMARC alignment already implies it.
      const domain = /header\.(?:d|from)\s*=\s*([^\s;]+)/i.exec(m[2])?.[1]?.toLowerCase();
      if (!domain || domain === fromDomain.toLowerCase()) return { pass: true, method: m[1].toLowerCase() };
    }
  }
  return { pass: false };
}
