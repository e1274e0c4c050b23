import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a server with the timeouts every endpoint of the gateway wants (its
 * pages, forms, scrapes and probes are small: a client that dawdles is not
 * one of ours) and resolves with the port it got.
 */
export function listen(server: Server, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ port: (server.address() as AddressInfo).port, close: () => closeServer(server) });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive sockets of browsers and scrapers (and of fetch in tests) would hold close() open.
    server.closeIdleConnections();
  });
}

/** Every answer of the gateway's servers carries these: no sniffing, no framing, no caching, no referrer. */
export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

/** The path without the query; the query is never logged because it may carry a signature. */
export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}
