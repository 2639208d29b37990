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

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof Date) return "date";
  return typeof v;
}

function wrongType(expected: Shape["type"], v: unknown): never {
  const t = typeName(v);
  if (t === "object") throw serialization("Start of structure or map found where not expected.");
  if (t === "list") throw serialization("Start of list found where not expected");
  const token = t === "number" ? "NUMBER_VALUE" : t === "boolean" ? (v ? "TRUE_VALUE" : "FALSE_VALUE") : "STRING_VALUE";
  switch (expected) {
    case "string":
      throw serialization(`${token} cannot be converted to String`);
    case "integer":
    case "long":
      throw serialization(`${token} can not be converted to an Integer`);
    case "boolean":
      throw serialization(`${token} can not be converted to a Boolean`);
    case "timestamp":
      throw serialization(`class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to milliseconds since epoch`);
    case "blob":
      throw serialization(`${token} can not be converted to a Blob`);
    default:
      throw serialization("Unexpected field type");
  }
}

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
    case "long":
      if (typeof v !== "number" || !Number.isFinite(v)) wrongType(s.type, v);
      return Math.trunc(v);
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
      if (!BASE64.test(v)) throw serialization("Invalid Base64 character found");
      return new Uint8Array(Buffer.from(v, "base64"));
    case "timestamp": {
      let date: Date | undefined;
      if (v instanceof Date) date = v;
      else if (typeof v === "number") date = new Date(v * 1000);
      else if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v)) date = new Date(Number(v) * 1000);
      else if (typeof v === "string" && !Number.isNaN(Date.parse(v))) date = new Date(Date.parse(v));
      // NaN, Infinity and instants past what a date can hold (1e300 seconds) are not timestamps.
      if (date === undefined || !Number.isFinite(date.getTime())) wrongType(s.type, v);
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
