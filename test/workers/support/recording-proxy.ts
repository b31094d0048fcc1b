import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that passed through, with when it arrived and when its answer was complete (epoch ms). */
export interface PassedRequest {
  method: string;
  path: string;
  startedAt: number;
  endedAt?: number;
}

export interface RecordingProxy {
  /** The target's URL with the proxy's host and port: give it instead of the target's. */
  url: string;
  requests: PassedRequest[];
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of a real server (`target`, e.g. the embedding service's base
 * URL): every request is forwarded as it is and answered with the server's answer, and its times
 * are recorded, so a test sees when the code under test asked the server without replacing it.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: PassedRequest[] = [];
  const server = http.createServer((request, response) => {
    const passed: PassedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      startedAt: Date.now(),
    };
    requests.push(passed);
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url ?? '/',
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('end', () => (passed.endedAt = Date.now()));
      },
    );
    forwarded.on('error', () => {
      passed.endedAt = Date.now();
      response.destroy();
    });
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
