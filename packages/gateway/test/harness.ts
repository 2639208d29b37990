/**
 * A real three-node cluster (processes) with a gateway in this process, and
 * an AWS SDK client pointed at it with its default transport (HTTP/2).
 */
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { pino } from "pino";
import { LocalCluster, waitFor } from "../../node/test/local-cluster.js";
import { Gateway } from "../src/gateway.js";

export { LocalCluster, waitFor };

export interface Harness {
  cluster: LocalCluster;
  gateway: Gateway;
  endpoint: string;
  port: number;
  kinesis: KinesisClient;
  /** Milliseconds added to the gateway's clock. */
  clockOffset: { ms: number };
  stop(): Promise<void>;
}

export const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

export async function startHarness(nodeArgs: string[] = []): Promise<Harness> {
  const cluster = await LocalCluster.start(nodeArgs);
  const clockOffset = { ms: 0 };
  const gateway = new Gateway(
    { host: "127.0.0.1", port: 0, nodes: cluster.nodes.map((n) => `127.0.0.1:${n.port}`), clock: () => Date.now() + clockOffset.ms },
    pino({ level: process.env.GATEWAY_LOG_LEVEL ?? "warn" }),
  );
  const port = await gateway.start();
  const endpoint = `http://127.0.0.1:${port}`;
  const kinesis = new KinesisClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  return {
    cluster,
    gateway,
    endpoint,
    port,
    kinesis,
    clockOffset,
    async stop() {
      kinesis.destroy();
      await gateway.stop();
      await cluster.stop();
      cluster.cleanup();
    },
  };
}

/** Waits until a stream is ACTIVE, through the API. */
export async function waitActive(h: Harness, name: string): Promise<void> {
  const { DescribeStreamSummaryCommand } = await import("@aws-sdk/client-kinesis");
  await waitFor(`${name} to be ACTIVE`, async () => {
    const d = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return d.StreamDescriptionSummary?.StreamStatus === "ACTIVE";
  }, 60_000, 200);
}

/** Sends a raw request over HTTP/1.1 and returns status, headers and body. */
export async function rawRequest(endpoint: string, target: string, body: Buffer | string, contentType = "application/x-amz-json-1.1"): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const http = await import("node:http");
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: "POST", path: "/", headers: { "content-type": contentType, "x-amz-target": target, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
