/**
 * What AWS answers before it reads an operation: CORS (preflight and the
 * headers a browser needs), methods other than POST, content types other
 * than Kinesis's two, and empty bodies. These answers are not Kinesis
 * errors in the request's encoding: AWS gives them as XML, as a JSON 1.0
 * envelope, or with no body, and so does the gateway.
 */
import type { Format } from "./protocol.js";

/** How a request's body is encoded, by its Content-Type. */
export type Encoding = Format | "plainJson" | "unsupported";

export function encodingOf(contentType: string | undefined): Encoding {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-amz-json-1.1") return "json";
  if (type === "application/x-amz-cbor-1.1") return "cbor";
  if (type === "application/json") return "plainJson";
  return "unsupported";
}

/** An answer given as is: status, content type (if any) and body. */
export interface RawAnswer {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Buffer;
  readonly headers?: Record<string, string>;
}

/** The headers AWS lets a browser read from an answer. */
const EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date";
/** How long a browser may keep a preflight's answer (AWS: two days). */
const PREFLIGHT_MAX_AGE_S = 172_800;

/** The CORS headers for a request with an Origin (none without one). */
export function corsHeaders(headers: Record<string, string | string[] | undefined>, method: string): Record<string, string> {
  if (headers.origin === undefined) return {};
  const out: Record<string, string> = { "access-control-allow-origin": "*" };
  if (method === "OPTIONS") {
    const requested = headers["access-control-request-headers"];
    const requestedMethod = headers["access-control-request-method"];
    if (typeof requested === "string") out["access-control-allow-headers"] = requested;
    if (typeof requestedMethod === "string") out["access-control-allow-methods"] = requestedMethod;
    out["access-control-max-age"] = String(PREFLIGHT_MAX_AGE_S);
  } else {
    out["access-control-expose-headers"] = EXPOSED;
  }
  return out;
}

const xml = (type: string, message: string): Buffer => Buffer.from(`<${type}>\n  <Message>${message}</Message>\n</${type}>\n`);
const cannotAuthorize = (): RawAnswer => ({ status: 403, body: xml("AccessDeniedException", "Unable to determine service/operation name to be authorized") });

/**
 * The answer AWS gives before the operation, or undefined when the request
 * goes on to be decoded as Kinesis JSON 1.1 or CBOR. `targetNamed` says
 * whether X-Amz-Target names a service and an operation at all.
 */
export function answerBeforeOperation(method: string, hasOrigin: boolean, encoding: Encoding, targetNamed: boolean, body: Buffer): RawAnswer | undefined {
  if (method === "OPTIONS" && hasOrigin) return { status: 200, body: Buffer.alloc(0) }; // a CORS preflight
  if (method !== "POST") return cannotAuthorize();
  if (body.byteLength === 0) return undefined; // answered in the request's encoding (see emptyBodyError)
  if (encoding === "unsupported") return targetNamed ? { status: 404, body: Buffer.from("<UnknownOperationException/>\n") } : cannotAuthorize();
  if (encoding === "plainJson") {
    // JSON 1.0 envelopes: a body that does not parse cannot be read; one that does names no operation here.
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      parsed = undefined;
    }
    const readable = typeof parsed === "object" && parsed !== null;
    const type = readable ? "com.amazon.coral.service#UnknownOperationException" : "com.amazon.coral.service#SerializationException";
    return { status: readable ? 404 : 400, contentType: "application/json", body: Buffer.from(JSON.stringify({ Output: { __type: type }, Version: "1.0" })) };
  }
  return undefined;
}

/** The encoding an answer to an empty body takes: JSON 1.1 when asked for, CBOR otherwise (as AWS). */
export function emptyBodyFormat(encoding: Encoding): Format {
  return encoding === "json" ? "json" : "cbor";
}
