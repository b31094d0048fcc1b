import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';

/** An HTTP server that can stop taking requests and let every connection go once its request is answered. */
export interface ClosableServer {
  server: Server;
  /**
   * Stops accepting connections, closes the idle ones, answers every further request with
   * `Connection: close`, and closes each busy connection when its response ends. Resolves when the
   * last connection is gone.
   */
  close(): Promise<void>;
}

/**
 * `handler` served by a server that can close gracefully. Node's `server.close()` alone closes
 * only idle connections: a keep-alive connection busy at that moment keeps being served, one
 * request after another, until the process is killed.
 */
export function createClosableServer(handler: RequestListener): ClosableServer {
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    handler(req, res);
  });
  return {
    server,
    close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of inFlight) {
        // Node ends the connection after a response sent with `Connection: close`.
        if (!res.headersSent) res.setHeader('Connection', 'close');
        else {
          const socket = res.socket;
          res.once('finish', () => socket?.end());
        }
      }
      server.closeIdleConnections();
      return closed;
    },
  };
}
