/**
 * Request signing (SigV4), as AWS checks it: a missing, malformed, expired,
 * wrong-secret or unknown-key signature gets AWS's error and status over
 * every transport and encoding, and changes nothing; the SDKs' signatures
 * pass; open mode still refuses a missing or malformed Authorization; an
 * access key limited to some operations is denied the others.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { promisify } from "node:util";
import { CreateStreamCommand, DeleteStreamCommand, KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Decoder } from "cbor-x";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "../src/gateway.js";
import type { Harness } from "./harness.js";
import { credentials, expectError, httpRequest, rawRequest, signedHeaders, startHarness, waitActive } from "./harness.js";

let h: Harness;
const hasBoto3 = (() => {
  try {
    execFileSync("python3", ["-c", "import boto3"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const T = (op: string) => `Kinesis_20131202.${op}`;
const client = (endpoint: string, key: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) => new KinesisClient({ endpoint, region: "us-east-1", credentials: key, maxAttempts: 1, ...extra });

beforeAll(async () => {
  h = await startHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "signed", ShardCount: 1 }));
  await waitActive(h, "signed");
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

/** A raw request with the given headers over HTTP/1.1; returns status and decoded body. */
async function raw(headers: Record<string, string>, body = "{}", target = T("ListStreams"), endpoint = h.endpoint) {
  const res = await httpRequest(endpoint, "POST", { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, ...headers }, body);
  return { status: res.status, body: JSON.parse(res.body.toString()) as Record<string, string> };
}

describe("refused signatures", () => {
  it("a missing Authorization: MissingAuthenticationTokenException", async () => {
    const res = await raw({});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    // The same in CBOR.
    const cbor = await rawRequest(h.endpoint, T("ListStreams"), Buffer.from([0xa0]), "application/x-amz-cbor-1.1", true);
    expect(cbor.status).toBe(400);
    expect(new Decoder({ mapsAsObjects: true }).decode(cbor.body)).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
  });

  it("an Authorization without its parts: IncompleteSignatureException naming what is missing", async () => {
    const res = await raw({ authorization: "AWS4-HMAC-SHA256 garbage" });
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe("IncompleteSignatureException");
    expect(res.body.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 garbage",
    );
  });

  it("a wrong secret: InvalidSignatureException, and the call does nothing", async () => {
    const wrong = client(h.endpoint, { accessKeyId: credentials.accessKeyId, secretAccessKey: "not-the-secret" });
    await expectError(wrong.send(new DeleteStreamCommand({ StreamName: "signed" })), "InvalidSignatureException", /^The request signature we calculated does not match the signature you provided/);
    wrong.destroy();
    await waitActive(h, "signed"); // still there
  });

  it("a body changed after signing: InvalidSignatureException", async () => {
    const headers = await signedHeaders(h.endpoint, T("ListStreams"), "{}");
    const res = await raw(headers, '{"Limit":1}');
    expect(res.body.__type).toBe("InvalidSignatureException");
  });

  it("an unknown access key: UnrecognizedClientException", async () => {
    const stranger = client(h.endpoint, { accessKeyId: "AKIDSTRANGER", secretAccessKey: "x" });
    await expectError(stranger.send(new ListStreamsCommand({})), "UnrecognizedClientException", "The security token included in the request is invalid.");
    stranger.destroy();
  });

  it("a signature older than five minutes: Signature expired, which the SDK corrects as clock skew", async () => {
    const behind = client(h.endpoint, credentials, { systemClockOffset: -10 * 60_000 });
    await expectError(behind.send(new ListStreamsCommand({})), "InvalidSignatureException", /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    behind.destroy();
    const ahead = client(h.endpoint, credentials, { systemClockOffset: 10 * 60_000 });
    await expectError(ahead.send(new ListStreamsCommand({})), "InvalidSignatureException", /^Signature not yet current: /);
    ahead.destroy();
    // With retries, the SDK reads the server's clock from the answer and signs again: the call succeeds.
    const retrying = client(h.endpoint, credentials, { systemClockOffset: -10 * 60_000, maxAttempts: 3 });
    expect((await retrying.send(new ListStreamsCommand({}))).StreamNames).toContain("signed");
    retrying.destroy();
  });

  it("a credential scoped to another service: InvalidSignatureException", async () => {
    const headers = await signedHeaders(h.endpoint, T("ListStreams"), "{}");
    const res = await raw({ ...headers, authorization: (headers.authorization as string).replace("/kinesis/", "/dynamodb/") });
    expect(res.body).toEqual({ __type: "InvalidSignatureException", message: "Credential should be scoped to correct service: 'kinesis'." });
  });
});

describe("accepted signatures", () => {
  it("the JavaScript SDK over HTTP/2 and over HTTP/1.1", async () => {
    expect((await h.kinesis.send(new ListStreamsCommand({}))).StreamNames).toContain("signed");
    const h1 = client(h.endpoint, credentials, { requestHandler: new NodeHttpHandler() });
    expect((await h1.send(new ListStreamsCommand({}))).StreamNames).toContain("signed");
    h1.destroy();
  });

  it.skipIf(!hasBoto3)("boto3, with the right secret and with a wrong one", async () => {
    const script = [
      "import boto3, json, sys",
      "def call(secret):",
      "    c = boto3.client('kinesis', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=secret)",
      "    try:",
      "        return {'streams': c.list_streams()['StreamNames']}",
      "    except c.exceptions.ClientError as e:",
      "        return {'error': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}",
      "print(json.dumps([call(sys.argv[3]), call('wrong-secret')]))",
    ].join("\n");
    const { stdout } = await promisify(execFile)("python3", ["-c", script, h.endpoint, credentials.accessKeyId, credentials.secretAccessKey], { timeout: 60_000, env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" } });
    const [right, wrong] = JSON.parse(stdout) as [{ streams: string[] }, { error: string; status: number }];
    expect(right.streams).toContain("signed");
    expect(wrong).toEqual({ error: "InvalidSignatureException", status: 400 });
  });

  it("a request signed over its Date header instead of X-Amz-Date (signed here by the SigV4 steps themselves)", async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const scope = `${amzDate.slice(0, 8)}/us-east-1/kinesis/aws4_request`;
    const host = new URL(h.endpoint).host;
    const body = "{}";
    const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1", date: now.toUTCString(), host, "x-amz-target": T("ListStreams") };
    const names = Object.keys(headers).sort();
    const sha = (x: string) => createHash("sha256").update(x).digest("hex");
    const canonical = ["POST", "/", "", ...names.map((n) => `${n}:${headers[n]}`), "", names.join(";"), sha(body)].join("\n");
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha(canonical)].join("\n");
    let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
    for (const part of [amzDate.slice(0, 8), "us-east-1", "kinesis", "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
    const res = await raw({ date: headers.date as string, authorization }, body);
    expect(res.status).toBe(200);
    expect(res.body.StreamNames).toContain("signed");
    // The same signature over a changed Date is refused.
    const later = new Date(now.getTime() + 1000).toUTCString();
    expect((await raw({ date: later, authorization }, body)).body.__type).toBe("InvalidSignatureException");
  });

  it("a raw signed CBOR request", async () => {
    const res = await rawRequest(h.endpoint, T("ListStreams"), Buffer.from([0xa0]), "application/x-amz-cbor-1.1");
    expect(res.status).toBe(200);
  });
});

describe("open mode and limited keys", () => {
  it("open mode takes any key, but not a missing or malformed Authorization", async () => {
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, auth: { open: true } }, pino({ level: "silent" }));
    const endpoint = `http://127.0.0.1:${await gateway.start()}`;
    try {
      const anyone = client(endpoint, { accessKeyId: "anyone", secretAccessKey: "anything" });
      expect((await anyone.send(new ListStreamsCommand({}))).StreamNames).toContain("signed");
      anyone.destroy();
      const missing = await rawRequest(endpoint, T("ListStreams"), "{}", undefined, true);
      expect([missing.status, JSON.parse(missing.body.toString()).__type]).toEqual([400, "MissingAuthenticationTokenException"]);
      const malformed = await raw({ authorization: "AWS4-HMAC-SHA256 garbage" }, "{}", T("ListStreams"), endpoint);
      expect([malformed.status, malformed.body.__type]).toEqual([400, "IncompleteSignatureException"]);
    } finally {
      await gateway.stop();
    }
  });

  it("a key allowed only reads is denied writes with AccessDeniedException", async () => {
    const reader = { accessKeyId: "READER", secretAccessKey: "reader-secret", allow: ["List*", "Describe*", "GetRecords", "GetShardIterator"] };
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, auth: { keys: [credentials, reader] } }, pino({ level: "silent" }));
    const endpoint = `http://127.0.0.1:${await gateway.start()}`;
    try {
      const c = client(endpoint, reader);
      expect((await c.send(new ListStreamsCommand({}))).StreamNames).toContain("signed");
      await expectError(c.send(new DeleteStreamCommand({ StreamName: "signed" })), "AccessDeniedException", "User: READER is not authorized to perform: kinesis:DeleteStream on resource: stream/signed");
      c.destroy();
      await waitActive(h, "signed");
    } finally {
      await gateway.stop();
    }
  });
});
