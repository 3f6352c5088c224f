import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request a capture server received, as text a test can search. */
export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface CaptureServer {
  /** `http://127.0.0.1:PORT`, usable as an HTTP proxy or a remote URL. */
  readonly url: string;
  readonly requests: CapturedRequest[];
  /** Every request as one text: method, URL, headers and body. */
  text(): string;
  close(): Promise<void>;
}

/**
 * A server that records whatever reaches it and answers 502: what a hostile agent points git at
 * (an `http.proxy`, an `insteadOf` URL) to collect the credentials the action's git would send.
 * Proxy requests (absolute URLs, CONNECT) are recorded like any other.
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const record = (request: IncomingMessage, body: string) =>
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      record(request, Buffer.concat(chunks).toString("latin1"));
      response.writeHead(502, { "content-type": "text/plain" }).end("captured\n");
    });
  });
  server.on("connect", (request: IncomingMessage, socket: Socket) => {
    record(request, "");
    socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    text: () =>
      requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join("\n\n"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
