/**
 * Request signing: every request carries an AWS Signature Version 4, checked
 * here as AWS checks it, with AWS's errors. The signature is computed again
 * by the AWS SDK's own signer (`@smithy/signature-v4`) over the headers the
 * client says it signed, with the secret of the access key it names, and
 * compared in constant time.
 *
 * Credentials come from the gateway's options (main.ts: a file, the
 * environment or flags). In open mode any key and signature are accepted,
 * but a request must still carry a well-formed Authorization (so a client
 * that will work against AWS works here, and one that would not, does not).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { getCanonicalHeaders, getPayloadHash, getSigningKey, SignatureV4 } from "@smithy/signature-v4";
import { KinesisError } from "./errors.js";
import * as limits from "./limits.js";

/** One access key: its secret and, optionally, the operations it may call ("*" or names such as "GetRecords", "Describe*"). */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly allow?: readonly string[];
}

/** How requests are authenticated: by these keys, or (explicitly) any well-formed signature. */
export type Authentication = { readonly keys: readonly AccessKey[] } | { readonly open: true };

/** What the signature says about a request. */
export interface SignedRequest {
  readonly method: string;
  /** The request's path and query, as received. */
  readonly url: string;
  /** Header names in lower case. Over HTTP/2, `:authority` stands for `host`. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const SERVICE = "kinesis";

const missingToken = () => new KinesisError("MissingAuthenticationTokenException", "Missing Authentication Token");
const incomplete = (message: string) => new KinesisError("IncompleteSignatureException", message);
const invalidSignature = (message: string) => new KinesisError("InvalidSignatureException", message);
const mismatch = () => invalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
const unrecognized = () => new KinesisError("UnrecognizedClientException", "The security token included in the request is invalid.");

export class RequestAuthenticator {
  private readonly keys: Map<string, AccessKey>;
  private readonly open: boolean;

  constructor(auth: Authentication) {
    this.open = "open" in auth;
    this.keys = new Map("keys" in auth ? auth.keys.map((k) => [k.accessKeyId, k]) : []);
  }

  /**
   * Checks a request's signature at `now` (epoch ms); returns the access key
   * id that signed it, or throws the AWS error for what is wrong.
   */
  async verify(req: SignedRequest, now: number): Promise<string> {
    const authorization = one(req.headers.authorization);
    const queryIndex = req.url.indexOf("?");
    const query = new URLSearchParams(queryIndex >= 0 ? req.url.slice(queryIndex + 1) : "");
    if (authorization !== undefined && query.has("X-Amz-Algorithm")) throw invalidSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    if (authorization === undefined) {
      if (query.has("X-Amz-Algorithm")) throw incomplete("Presigned requests are not supported: sign the Authorization header.");
      throw missingToken();
    }
    if (authorization.length > limits.authorizationHeaderBytesMax) throw incomplete(`Authorization header is longer than ${limits.authorizationHeaderBytesMax} characters.`);
    const parts = parseAuthorization(authorization);
    const date = one(req.headers["x-amz-date"]) ?? one(req.headers.date);
    let problems = "";
    for (const p of ["Credential", "Signature", "SignedHeaders"] as const) if (!parts.params.has(p)) problems += `Authorization header requires '${p}' parameter. `;
    if (date === undefined) problems += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    if (problems) throw incomplete(`${problems}Authorization=${authorization}`);
    if (parts.algorithm !== ALGORITHM) throw incomplete(`Unsupported AWS 'algorithm': '${parts.algorithm}'`);
    const credential = (parts.params.get("Credential") as string).split("/");
    if (credential.length !== 5 || credential.some((c) => c === "")) throw incomplete(`Credential should have at least 5 slash-separated parts, not ${credential.length}.`);
    const [accessKeyId, scopeDate, region, service, terminator] = credential as [string, string, string, string, string];
    if (terminator !== "aws4_request") throw invalidSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
    if (service !== SERVICE) throw invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'.`);
    const signedAt = parseAmzDate(date as string);
    if (signedAt === undefined) throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    const amzDate = amzDateOf(signedAt);
    if (scopeDate !== amzDate.slice(0, 8)) throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
    const skewMs = limits.signatureSkewMs;
    const minutes = skewMs / 60_000;
    if (signedAt < now - skewMs) throw invalidSignature(`Signature expired: ${amzDate} is now earlier than ${amzDateOf(now - skewMs)} (${amzDateOf(now)} - ${minutes} min.)`);
    if (signedAt > now + skewMs) throw invalidSignature(`Signature not yet current: ${amzDate} is still later than ${amzDateOf(now + skewMs)} (${amzDateOf(now)} + ${minutes} min.)`);
    const signedHeaders = (parts.params.get("SignedHeaders") as string).split(";");
    // Over HTTP/2 the JavaScript SDK signs the authority as the header ":authority".
    if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) throw invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    if (this.open) return accessKeyId;
    const key = this.keys.get(accessKeyId);
    if (!key) throw unrecognized();
    // A payload hash the client sent is what the signature covers: it must be the body's.
    const contentHash = one(req.headers["x-amz-content-sha256"]);
    if (contentHash !== undefined && contentHash !== createHash("sha256").update(req.body).digest("hex")) throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
    const expected = await signatureOf(req, key, signedHeaders, signedAt, region, queryIndex >= 0 ? query : undefined);
    const given = Buffer.from(parts.params.get("Signature") as string, "latin1");
    if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw mismatch();
    return accessKeyId;
  }

  /** Throws AccessDeniedException unless the key may call the operation. */
  authorize(accessKeyId: string, operation: string, resource: string): void {
    const allow = this.keys.get(accessKeyId)?.allow;
    if (this.open || allow === undefined || allow.some((pattern) => matches(pattern, operation))) return;
    throw new KinesisError("AccessDeniedException", `User: ${accessKeyId} is not authorized to perform: kinesis:${operation} on resource: ${resource}`);
  }
}

function matches(pattern: string, operation: string): boolean {
  const name = pattern.startsWith("kinesis:") ? pattern.slice("kinesis:".length) : pattern;
  if (name === "*") return true;
  return name.endsWith("*") ? operation.startsWith(name.slice(0, -1)) : operation === name;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=x;y, Signature=hex" into its algorithm and parameters. */
function parseAuthorization(header: string): { algorithm: string; params: Map<string, string> } {
  const space = header.indexOf(" ");
  const algorithm = space < 0 ? header : header.slice(0, space);
  const params = new Map<string, string>();
  if (space >= 0) {
    for (const item of header.slice(space + 1).split(/[,\s]+/)) {
      const eq = item.indexOf("=");
      if (eq > 0 && item.length > eq + 1) params.set(item.slice(0, eq), item.slice(eq + 1));
    }
  }
  return { algorithm, params };
}

/** "20240102T030405Z" (or an HTTP date) to epoch ms. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const ms = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function amzDateOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** The signature the key would give this request: the SDK's signer over the headers the client signed. */
async function signatureOf(req: SignedRequest, key: AccessKey, signedHeaders: string[], signedAt: number, region: string, query: URLSearchParams | undefined): Promise<Buffer> {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = name === "host" ? (one(req.headers.host) ?? one(req.headers[":authority"])) : req.headers[name];
    if (value === undefined) continue; // signed but absent: the signature will not match
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const queryIndex = req.url.indexOf("?");
  const path = queryIndex >= 0 ? req.url.slice(0, queryIndex) : req.url;
  const queryRecord: Record<string, string | string[]> = {};
  for (const [k, v] of query ?? []) {
    const prior = queryRecord[k];
    queryRecord[k] = prior === undefined ? v : [...(Array.isArray(prior) ? prior : [prior]), v];
  }
  const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  const signer = new Verifier({ credentials, region, service: SERVICE, sha256: Hash.bind(null, "sha256"), uriEscapePath: true, applyChecksum: false });
  const hostHeader = headers.host ?? headers[":authority"] ?? "";
  const request = { method: req.method, protocol: "https:", hostname: hostHeader.replace(/:\d+$/, ""), path: decodeURIComponentSafe(path), query: queryRecord, headers, body: req.body };
  // sign() replaces a Date header with X-Amz-Date: a request signed over its Date header takes the signer's steps one by one.
  if (!signedHeaders.includes("x-amz-date")) return Buffer.from(await signer.signatureOverDate(request, credentials, signedHeaders, new Date(signedAt), region), "latin1");
  const signed = await signer.sign(request, { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders), signingRegion: region, signingService: SERVICE });
  const authorization = String(signed.headers.authorization ?? "");
  return Buffer.from(/Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? "", "latin1");
}

type HttpRequest = Parameters<typeof getCanonicalHeaders>[0];

/** The SDK's signer, with its own steps opened for a request signed over its Date header (which `sign` would drop). */
class Verifier extends SignatureV4 {
  async signatureOverDate(request: HttpRequest, credentials: { accessKeyId: string; secretAccessKey: string }, signedHeaders: string[], signedAt: Date, region: string): Promise<string> {
    const { longDate, shortDate } = this.formatDate(signedAt);
    const scope = `${shortDate}/${region}/${SERVICE}/aws4_request`;
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(signedHeaders));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, await getPayloadHash(request, this.sha256));
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM);
    const hash = new this.sha256(await getSigningKey(this.sha256, credentials, shortDate, region, SERVICE));
    hash.update(stringToSign);
    return Buffer.from(await hash.digest()).toString("hex");
  }
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
