/** Bounded waiting: every wait here ends by itself, with a reason when it gives up. */
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { clusterCredentials } from "./credentials.js";

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined or false; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ""}`);
}

/** Waits until the gateway answers a signed ListStreams with 200 (so the cluster behind it has a catalog). */
export async function waitForGateway(endpoint: string, timeoutMs: number): Promise<void> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: clusterCredentials, region: "us-east-1", service: "kinesis", sha256: Hash.bind(null, "sha256") });
  await waitFor(
    `the gateway at ${endpoint}`,
    async () => {
      const signed = await signer.sign({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: "/",
        headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.ListStreams" },
        body: "{}",
      });
      const res = await fetch(endpoint, { method: "POST", headers: signed.headers, body: "{}", signal: AbortSignal.timeout(3_000) });
      return res.status === 200;
    },
    timeoutMs,
    300,
  );
}
