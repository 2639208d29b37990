/**
 * A gateway in this process in front of a cluster, and an AWS SDK client
 * pointed at it with its default transport (HTTP/2). The cluster is three
 * real nodes in this process (`@tributary/node/in-memory`) unless a test asks
 * for processes (kill -9 under load, for one).
 *
 * With KINESIS_ENDPOINT set (and AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_REGION as for any AWS client), nothing is started: the API tests in
 * test/actions run against that endpoint — AWS itself or another
 * implementation — and the tests that look inside this cluster are skipped
 * (`external`). Their streams are created under their own names: use an
 * account or server with no streams of those names.
 *
 *   KINESIS_ENDPOINT=http://127.0.0.1:4567 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... npx vitest run packages/gateway/test/actions
 */
import { DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import type { ClientHttp2Session } from "node:http2";
import { pino } from "pino";
import { expect } from "vitest";
import { InMemoryCluster } from "@tributary/node/in-memory";
import type { InMemoryClusterOptions } from "@tributary/node/in-memory";
import { channelCredentials, grpcGatewayApiCaller, loadClusterTls } from "@tributary/protocol";
import type { GatewayApiCaller } from "@tributary/protocol";
import { ProcessCluster, waitFor } from "@tributary/testkit";
import { Gateway } from "../src/gateway.js";
import type { GatewayOptions } from "../src/gateway.js";

export { waitFor };

export interface Harness {
  gateway: Gateway;
  endpoint: string;
  port: number;
  kinesis: KinesisClient;
  /** The cluster, when it runs in this process. */
  memory: InMemoryCluster | undefined;
  /** The cluster, when it runs as processes. */
  processes: ProcessCluster | undefined;
  /** How the gateway reaches nodes and checks signatures (for a second gateway in a test). */
  nodes: Pick<GatewayOptions, "nodes" | "connect" | "auth">;
  /** Milliseconds added to the gateway's clock. */
  clockOffset: { ms: number };
  stop(): Promise<void>;
}

/** The endpoint the API tests run against instead of a cluster of their own, if any. */
export const externalEndpoint = process.env.KINESIS_ENDPOINT;
/** Whether the tests run against another endpoint (tests that look inside this cluster skip themselves). */
export const external = externalEndpoint !== undefined && externalEndpoint !== "";

export const credentials = external
  ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "" }
  : { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
const region = external ? (process.env.AWS_REGION ?? "us-east-1") : "us-east-1";

export interface HarnessOptions {
  /** Run the nodes as processes (default: in this process). */
  readonly processes?: boolean;
  /** On-demand scaling thresholds of the in-process nodes. */
  readonly scaling?: InMemoryClusterOptions["scaling"];
  /** How long a SubscribeToShard lasts (default 5 minutes). */
  readonly subscriptionLifetimeMs?: number;
  /**
   * Per-shard throughput limits (default off here, though on in the product:
   * tests of other behaviour write and read faster than a shard's rates;
   * throughput.test.ts turns them on).
   */
  readonly throughputLimits?: boolean;
  /** The in-process nodes' keyring (default: one key under alias/aws/kinesis). */
  readonly keyring?: InMemoryClusterOptions["keyring"];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (external) return externalHarness(externalEndpoint as string);
  const memory = options.processes ? undefined : await InMemoryCluster.start({ ...(options.scaling ? { scaling: options.scaling } : {}), ...(options.keyring ? { keyring: options.keyring } : {}) });
  const processes = options.processes ? await ProcessCluster.start({ gateway: false, network: "loopback" }) : undefined;
  const auth = { keys: [credentials] };
  const nodes: Harness["nodes"] = memory
    ? { nodes: memory.addresses, connect: (address) => memory.gatewayCaller(address), auth }
    : { nodes: (["az-a", "az-b", "az-c"] as const).map((n) => (processes as ProcessCluster).nodeAddress(n)), connect: tlsConnect((processes as ProcessCluster).tlsDir("gateway")), auth };
  const clockOffset = { ms: 0 };
  const lifetime = options.subscriptionLifetimeMs ? { subscriptionLifetimeMs: options.subscriptionLifetimeMs } : {};
  const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...nodes, ...lifetime, throughputLimits: options.throughputLimits ?? false, clock: () => Date.now() + clockOffset.ms }, pino({ level: process.env.GATEWAY_LOG_LEVEL ?? "warn" }));
  const port = await gateway.start();
  const endpoint = `http://127.0.0.1:${port}`;
  const kinesis = new KinesisClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  return {
    gateway,
    endpoint,
    port,
    kinesis,
    memory,
    processes,
    nodes,
    clockOffset,
    async stop() {
      kinesis.destroy();
      await gateway.stop();
      await memory?.stop();
      await processes?.stop();
    },
  };
}

/**
 * A harness whose client points at another endpoint: no cluster and no
 * gateway here. The streams its client creates are deleted when the file
 * ends, so that the next file (files run one at a time against one
 * endpoint) may create streams of the same names.
 */
function externalHarness(endpoint: string): Harness {
  const kinesis = new KinesisClient({ endpoint, region, credentials, maxAttempts: 1 });
  const created = new Set<string>();
  kinesis.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { StreamName?: string };
      if (context.commandName === "CreateStreamCommand" && input.StreamName) created.add(input.StreamName);
      return next(args);
    },
    { step: "initialize", name: "rememberCreatedStreams" },
  );
  const url = new URL(endpoint);
  return {
    gateway: undefined as unknown as Gateway,
    endpoint,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    kinesis,
    memory: undefined,
    processes: undefined,
    nodes: undefined as unknown as Harness["nodes"],
    clockOffset: { ms: 0 },
    async stop() {
      const { DeleteStreamCommand, ListStreamsCommand } = await import("@aws-sdk/client-kinesis");
      for (const name of created) await kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => undefined);
      await waitFor("the streams this file created to be gone", async () => !((await kinesis.send(new ListStreamsCommand({}))).StreamNames ?? []).some((n) => created.has(n)), 100_000, 1_000).catch(() => undefined);
      kinesis.destroy();
    },
  };
}

/** How a gateway in this process reaches nodes that take mutual TLS: with the certificate in `dir`. */
function tlsConnect(dir: string): (address: string) => GatewayApiCaller {
  const credentials = channelCredentials(loadClusterTls(dir));
  return (address) => grpcGatewayApiCaller(address, credentials);
}

/** Waits until a stream is ACTIVE, through the API. */
export async function waitActive(h: Harness, name: string): Promise<void> {
  await waitFor(`${name} to be ACTIVE`, async () => (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000, 100);
}

/** Expects a call to fail with the named Kinesis error (and message, and HTTP status). */
export async function expectError(p: Promise<unknown>, name: string, message?: RegExp | string, status = 400): Promise<void> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  expect(err, `expected ${name}`).toBeDefined();
  expect(err?.name).toBe(name);
  if (message !== undefined) {
    if (typeof message === "string") expect(err?.message).toBe(message);
    else expect(err?.message).toMatch(message);
  }
  expect(err?.$metadata?.httpStatusCode).toBe(status);
}

/** The headers of a request to the gateway signed with the harness's credentials (SigV4, as the SDKs sign). */
export async function signedHeaders(endpoint: string, target: string, body: Buffer | string, contentType = "application/x-amz-json-1.1", key: { accessKeyId: string; secretAccessKey: string } = credentials): Promise<Record<string, string>> {
  const { SignatureV4 } = await import("@smithy/signature-v4");
  const { Hash } = await import("@smithy/hash-node");
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: key, region, service: "kinesis", sha256: Hash.bind(null, "sha256") });
  const signed = await signer.sign({ method: "POST", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: "/", headers: { host: url.host, "content-type": contentType, "x-amz-target": target }, body });
  return signed.headers;
}

/** Sends a raw request, signed unless `unsigned`, over HTTP/1.1 and returns status, headers and body. */
export async function rawRequest(endpoint: string, target: string, body: Buffer | string, contentType = "application/x-amz-json-1.1", unsigned = false): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const headers = unsigned ? { "content-type": contentType, "x-amz-target": target } : await signedHeaders(endpoint, target, body, contentType);
  return httpRequest(endpoint, "POST", headers, body);
}

/** Sends any method with exactly the given headers (and a content-length) over HTTP/1.1; returns status, headers and body. */
export async function httpRequest(endpoint: string, method: string, headers: Record<string, string>, body: Buffer | string = ""): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const http = await import("node:http");
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: "/", headers: { ...headers, "content-length": Buffer.byteLength(body) } },
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

/** POSTs `body` with exactly `headers` as one stream of an HTTP/2 session; returns the status, content type and body. */
export function http2Post(session: ClientHttp2Session, headers: Record<string, string>, body: Buffer): Promise<{ status: number; contentType: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ":method": "POST", ":path": "/", ...headers });
    let status = 0;
    let contentType: string | undefined;
    const chunks: Buffer[] = [];
    req.on("response", (hs) => {
      status = Number(hs[":status"]);
      contentType = hs["content-type"] as string | undefined;
    });
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
    req.on("error", reject);
    req.end(body);
  });
}

/** A harness with a three-shard stream "main", ACTIVE: where most action tests start. */
export async function startWithMainStream(options: HarnessOptions = {}): Promise<Harness> {
  const { CreateStreamCommand } = await import("@aws-sdk/client-kinesis");
  const h = await startHarness(options);
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "main", ShardCount: 3 }));
  await waitActive(h, "main");
  return h;
}

/** A stream's ARN, as DescribeStreamSummary gives it. */
export async function streamArnOf(h: Harness, stream: string): Promise<string> {
  const { DescribeStreamSummaryCommand } = await import("@aws-sdk/client-kinesis");
  return (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamARN as string;
}

/** Registers a consumer of a stream and waits until it is ACTIVE; returns its ARN. */
export async function registerActiveConsumer(h: Harness, stream: string, name: string): Promise<string> {
  const { DescribeStreamConsumerCommand, RegisterStreamConsumerCommand } = await import("@aws-sdk/client-kinesis");
  const registered = await h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: await streamArnOf(h, stream), ConsumerName: name }));
  const arn = registered.Consumer?.ConsumerARN as string;
  await waitFor(`consumer ${name} to be ACTIVE`, async () => (await h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription?.ConsumerStatus === "ACTIVE", 30_000, 100);
  return arn;
}
