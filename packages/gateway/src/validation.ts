/**
 * Request validation driven by the service model, in AWS's order and words:
 * first the types (a wrong type is a SerializationException), then the
 * constraints of every member (collected into one ValidationException:
 * "N validation errors detected: Value ... at 'member' failed to satisfy
 * constraint: ..."). Unknown members are ignored, as AWS does.
 */
import { serialization, validation } from "./errors.js";
import type { Shape } from "./model.js";
import { shape } from "./model.js";

/** Input values after decoding: JSON gives strings for blobs and numbers for timestamps; CBOR gives bytes and Dates. */
export type Decoded = unknown;

/** The token AWS names a JSON value by in type errors. */
function token(v: unknown): string {
  if (typeof v === "boolean") return v ? "TRUE_VALUE" : "FALSE_VALUE";
  if (typeof v === "number") return Number.isInteger(v) ? "NUMBER_VALUE" : "DECIMAL_VALUE";
  return "STRING_VALUE";
}

/** The Java class AWS names when a list arrives where a scalar belongs. */
const JAVA_CLASS: Partial<Record<Shape["type"], string>> = {
  string: "class java.lang.String",
  integer: "class java.lang.Integer",
  long: "class java.lang.Long",
  boolean: "class java.lang.Boolean",
  blob: "class java.nio.ByteBuffer",
  timestamp: "class java.util.Date",
  map: "java.util.Map<java.lang.String, java.lang.String>",
};

/** Throws the SerializationException AWS gives for a value of the wrong type, in its words. */
function wrongType(expected: Shape["type"], v: unknown): never {
  const isList = Array.isArray(v);
  const isObject = typeof v === "object" && v !== null && !isList && !(v instanceof Uint8Array) && !(v instanceof Date);
  if (isObject) throw serialization("Start of structure or map found where not expected");
  if (isList) {
    const javaClass = JAVA_CLASS[expected];
    throw serialization(javaClass ? `Unrecognized collection type ${javaClass}` : "Start of list found where not expected");
  }
  switch (expected) {
    case "string":
      throw serialization(`${token(v)} cannot be converted to String`);
    case "integer":
      throw serialization(`${token(v)} cannot be converted to Integer`);
    case "long":
      throw serialization(`${token(v)} cannot be converted to Long`);
    case "boolean":
      throw serialization(typeof v === "string" ? "Unexpected token received from parser" : `${token(v)} cannot be converted to Boolean`);
    case "blob":
      throw serialization("only base-64-encoded strings are convertible to bytes");
    case "timestamp":
      throw serialization(typeof v === "string" ? "class java.lang.String can not be converted to milliseconds since epoch" : typeof v === "boolean" ? "class java.lang.Boolean can not be converted to milliseconds since epoch" : "Timestamp out of range");
    default:
      throw serialization("Unexpected field type");
  }
}

/** The range of the model's integer types (int32 and int64): a number outside is refused as Jackson refuses it. */
const RANGES = { integer: [-(2 ** 31), 2 ** 31 - 1, "int"], long: [-(2 ** 63), 2 ** 63 - 1, "long"] } as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks types and converts in place to the canonical form: blobs to
 * Uint8Array, timestamps to Date, integers to numbers.
 */
function coerce(s: Shape, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  switch (s.type) {
    case "structure": {
      if (typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array || v instanceof Date) wrongType(s.type, v);
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members ?? {})) {
        const value = coerce(shape(m.shape), obj[name]);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case "list":
      if (!Array.isArray(v)) wrongType(s.type, v);
      return v.map((x) => coerce(shape((s.member as { shape: string }).shape), x) ?? null);
    case "map": {
      if (typeof v !== "object" || Array.isArray(v)) wrongType(s.type, v);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = coerce(shape((s.value as { shape: string }).shape), x) ?? null;
      return out;
    }
    case "string":
      if (typeof v !== "string") wrongType(s.type, v);
      return v;
    case "integer":
    case "long": {
      if (typeof v !== "number" || !Number.isFinite(v)) wrongType(s.type, v);
      const [lo, hi, name] = RANGES[s.type];
      if (v < lo || v > hi) throw serialization(`Numeric value (${v}) out of range of ${name} (${lo} - ${hi})`);
      return Math.trunc(v);
    }
    case "double":
      if (typeof v !== "number") wrongType(s.type, v);
      return v;
    case "boolean":
      if (typeof v !== "boolean") wrongType(s.type, v);
      return v;
    case "blob":
      if (v instanceof Uint8Array) return v;
      if (typeof v !== "string") wrongType(s.type, v);
      if (v.length % 4 !== 0) throw serialization(`Base64 encoded length is expected a multiple of 4 bytes but found: ${v.length}`);
      if (!BASE64.test(v) || Buffer.from(v, "base64").toString("base64") !== v) throw serialization("Invalid last non-pad Base64 character dectected");
      return new Uint8Array(Buffer.from(v, "base64"));
    case "timestamp": {
      // Epoch seconds (JSON) or a tagged date (CBOR); AWS refuses strings, even numeric or ISO ones.
      const date = v instanceof Date ? v : typeof v === "number" ? new Date(v * 1000) : wrongType(s.type, v);
      // NaN, Infinity and instants past what a date can hold (1e300 seconds) are not timestamps.
      if (!Number.isFinite(date.getTime())) wrongType(s.type, v);
      return date;
    }
  }
}

function display(s: Shape, v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (s.type === "blob") {
    const n = (v as Uint8Array).byteLength;
    return `'java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]'`;
  }
  if (s.type === "list" || s.type === "map" || s.type === "structure") return `'${JSON.stringify(v)}'`;
  if (v instanceof Date) return `'${v.toISOString()}'`;
  return `'${String(v)}'`;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function sizeOf(s: Shape, v: unknown): number | undefined {
  switch (s.type) {
    case "string":
      return (v as string).length;
    case "blob":
      return (v as Uint8Array).byteLength;
    case "list":
      return (v as unknown[]).length;
    case "map":
      return Object.keys(v as object).length;
    default:
      return undefined;
  }
}

/** Collects constraint violations of `v` against `s`, at path `at`. */
function check(s: Shape, v: unknown, at: string, out: string[]): void {
  const fail = (constraint: string) => out.push(`Value ${display(s, v)} at '${at}' failed to satisfy constraint: Member must ${constraint}`);
  if (s.type === "structure") {
    const obj = v as Record<string, unknown>;
    for (const [name, m] of Object.entries(s.members ?? {})) {
      const child = `${at ? `${at}.` : ""}${lowerFirst(name)}`;
      const value = obj[name];
      if (value === undefined || value === null) {
        if (s.required?.includes(name)) out.push(`Value null at '${child}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      check(shape(m.shape), value, child, out);
    }
    return;
  }
  const size = sizeOf(s, v);
  let sizeOk = true;
  if (size !== undefined) {
    sizeOk = false;
    if (s.min !== undefined && size < s.min) fail(`have length greater than or equal to ${s.min}`);
    else if (s.max !== undefined && size > s.max) fail(`have length less than or equal to ${s.max}`);
    else sizeOk = true;
  } else if (s.type === "integer" || s.type === "long") {
    if (s.min !== undefined && (v as number) < s.min) fail(`have value greater than or equal to ${s.min}`);
    else if (s.max !== undefined && (v as number) > s.max) fail(`have value less than or equal to ${s.max}`);
  }
  // A pattern is matched only within the length bounds: the model's ARN patterns backtrack
  // polynomially (several `.*`), harmless at 2,048 characters, not at megabytes.
  if (s.type === "string" && sizeOk && s.pattern !== undefined && !new RegExp(`^(?:${s.pattern})$`, "s").test(v as string)) {
    fail(`satisfy regular expression pattern: ${s.pattern}`);
  }
  if (s.type === "string" && s.enum && !s.enum.includes(v as string)) fail(`satisfy enum value set: [${s.enum.join(", ")}]`);
  if (s.type === "list") {
    const member = shape((s.member as { shape: string }).shape);
    (v as unknown[]).forEach((x, i) => {
      const child = `${at}.${i + 1}.member`;
      if (x === null || x === undefined) out.push(`Value null at '${child}' failed to satisfy constraint: Member must not be null`);
      else check(member, x, child, out);
    });
  }
  if (s.type === "map") {
    const keyShape = shape((s.key as { shape: string }).shape);
    const valueShape = shape((s.value as { shape: string }).shape);
    Object.entries(v as Record<string, unknown>).forEach(([k, x], i) => {
      check(keyShape, k, `${at}.${i + 1}.member.key`, out);
      if (x !== null && x !== undefined) check(valueShape, x, `${at}.${i + 1}.member.value`, out);
    });
  }
}

/** Type-checks, converts and validates an operation's input. Returns the canonical input. */
export function validateInput(inputShape: string | undefined, body: unknown): Record<string, unknown> {
  if (!inputShape) return {};
  const s = shape(inputShape);
  const input = (coerce(s, body ?? {}) ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  check(s, input, "", problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10);
    throw validation(`${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: ${shown.join("; ")}`);
  }
  return input;
}
