/**
 * The operator port every process of a cluster serves (nodes and gateways
 * alike): GET /metrics (Prometheus text format), /health (the process
 * answers: live) and /ready (it serves; each process says what that means).
 * Plain HTTP on its own address (--metrics-listen), apart from the ports
 * clients and peers use.
 */
import http from "node:http";

/** What a prom-client Registry offers, all the port needs of it. */
export interface MetricsRegistry {
  metrics(): Promise<string>;
  readonly contentType: string;
}

export interface OperatorPort {
  readonly port: number;
  close(): Promise<void>;
}

export async function serveOperatorPort(listen: string, registry: MetricsRegistry, ready: () => boolean): Promise<OperatorPort> {
  const colon = listen.lastIndexOf(":");
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
    if (path === "/health") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    if (path === "/ready") {
      const ok = ready();
      return void res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ready\n" : "not ready\n");
    }
    if (path === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(listen.slice(colon + 1)), listen.slice(0, colon), () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
