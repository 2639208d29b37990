/**
 * Body encodings: JSON 1.1 and CBOR. Requests are decoded into plain values
 * (validation.ts converts them by the model); responses are encoded by
 * walking the output shape, so blobs and timestamps take each format's form:
 * JSON has base64 strings and epoch seconds with a fractional part; CBOR has
 * byte strings and tag 1 over integer epoch milliseconds (AWS's convention,
 * not RFC 8949's seconds).
 */
import { addExtension, Decoder, Encoder, Tag } from "cbor-x";
import { checkCborBounds, checkJsonBounds } from "./body-bounds.js";
import type { KinesisError } from "./errors.js";
import { serialization } from "./errors.js";
import type { Shape } from "./model.js";
import { shape } from "./model.js";

export type Format = "json" | "cbor";

export const CONTENT_TYPES: Record<Format, string> = {
  json: "application/x-amz-json-1.1",
  cbor: "application/x-amz-cbor-1.1",
};

class EpochMillis {}
addExtension({
  Class: EpochMillis,
  tag: 1,
  encode: () => {
    throw new Error("not used");
  },
  // Integers are milliseconds (AWS); a fractional value is RFC 8949 seconds.
  decode: (v: unknown) => new Date(typeof v === "number" && !Number.isInteger(v) ? v * 1000 : Number(v)),
});

const cborEncoder = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: true });
const cborDecoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** Decodes a request body (never empty: server.ts answers an empty body before decoding, as AWS does). */
export function decodeBody(format: Format, body: Buffer): unknown {
  if (format === "cbor") checkCborBounds(body);
  else checkJsonBounds(body);
  try {
    return format === "cbor" ? cborDecoder.decode(body) : JSON.parse(body.toString("utf8"));
  } catch {
    throw serialization(format === "cbor" ? "Unable to decode the CBOR body" : undefined);
  }
}

function encodeValue(s: Shape, v: unknown, format: Format): unknown {
  if (v === undefined || v === null) return undefined;
  switch (s.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members ?? {})) {
        const x = encodeValue(shape(m.shape), (v as Record<string, unknown>)[name], format);
        if (x !== undefined) out[name] = x;
      }
      return out;
    }
    case "list":
      return (v as unknown[]).map((x) => encodeValue(shape((s.member as { shape: string }).shape), x, format));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encodeValue(shape((s.value as { shape: string }).shape), x, format);
      return out;
    }
    case "blob": {
      const bytes = v as Uint8Array;
      return format === "json" ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    case "timestamp": {
      const ms = v instanceof Date ? v.getTime() : Number(v);
      return format === "json" ? ms / 1000 : new Tag(BigInt(Math.round(ms)), 1);
    }
    default:
      return v;
  }
}

export function encodeOutput(outputShape: string | undefined, value: unknown, format: Format): Buffer {
  // An operation without output (CreateStream, AddTagsToStream, ...) answers with an empty body, as AWS does.
  if (!outputShape) return Buffer.alloc(0);
  const body = encodeValue(shape(outputShape), value ?? {}, format);
  return format === "cbor" ? cborEncoder.encode(body) : Buffer.from(JSON.stringify(body));
}

/** The one place an error becomes a response body. */
export function encodeError(err: KinesisError, format: Format): Buffer {
  const body: Record<string, string> = { __type: err.type };
  if (err.hasMessage) body[err.messageKey] = err.message;
  return format === "cbor" ? cborEncoder.encode(body) : Buffer.from(JSON.stringify(body));
}
