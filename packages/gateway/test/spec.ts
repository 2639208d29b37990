/**
 * The two blocks every operation's spec file begins with, drawn from the
 * service model (../src/model) and AWS's documented answers:
 *
 * - serialization: each member of the input sent with a value of a wrong
 *   JSON type gets 400 SerializationException in AWS's words (a decimal
 *   number for an integer is not one: AWS truncates it, as Jackson does);
 * - validation: each member sent breaking one of its constraints (length,
 *   range, pattern, enum), and an empty body, get 400 ValidationException
 *   listing every violation as AWS lists them (members in the model's order,
 *   missing required ones as "must not be null", at most 10).
 *
 * Every case is sent twice, in JSON and in CBOR, taking turns over HTTP/1.1
 * and HTTP/2, and requests are signed, so the blocks run against any endpoint the harness is pointed at
 * (KINESIS_ENDPOINT; see harness.ts). The third block, functionality, is
 * each file's own.
 */
import http2 from "node:http2";
import { Decoder, Encoder } from "cbor-x";
import { describe, expect, it } from "vitest";
import { model } from "../src/model.js";
import type { Shape } from "../src/model.js";
import type { Harness } from "./harness.js";
import { http2Post, httpRequest, signedHeaders } from "./harness.js";

const TARGET = (operation: string) => `Kinesis_20131202.${operation}`;

const shapeOf = (name: string): Shape => model.shapes[name] as Shape;

/** The members of an operation's input, in the model's order. */
function membersOf(operation: string): { name: string; shape: Shape; required: boolean }[] {
  if (!model.operations[operation]) throw new Error(`${operation} is not an operation of the model`);
  const input = model.operations[operation]?.input;
  if (!input) return [];
  const s = shapeOf(input);
  return Object.entries(s.members ?? {}).map(([name, m]) => ({ name, shape: shapeOf(m.shape), required: s.required?.includes(name) ?? false }));
}

/** JSON values of a wrong type for a member of type `type`, with the SerializationException message AWS gives. */
function wrongValues(type: Shape["type"]): { value: unknown; message: string }[] {
  switch (type) {
    case "string":
      return [
        { value: true, message: "TRUE_VALUE cannot be converted to String" },
        { value: 12, message: "NUMBER_VALUE cannot be converted to String" },
        { value: [], message: "Unrecognized collection type class java.lang.String" },
        { value: {}, message: "Start of structure or map found where not expected" },
      ];
    case "integer":
    case "long": {
      const java = type === "integer" ? "Integer" : "Long";
      return [
        { value: false, message: `FALSE_VALUE cannot be converted to ${java}` },
        { value: "1", message: `STRING_VALUE cannot be converted to ${java}` },
        { value: [], message: `Unrecognized collection type class java.lang.${java}` },
      ];
    }
    case "boolean":
      return [
        { value: "true", message: "Unexpected token received from parser" },
        { value: 1, message: "NUMBER_VALUE cannot be converted to Boolean" },
      ];
    case "timestamp":
      return [
        { value: "23", message: "class java.lang.String can not be converted to milliseconds since epoch" },
        { value: true, message: "class java.lang.Boolean can not be converted to milliseconds since epoch" },
      ];
    case "blob":
      return [{ value: true, message: "only base-64-encoded strings are convertible to bytes" }];
    case "list":
      return [{ value: "x", message: "Unexpected field type" }, { value: {}, message: "Start of structure or map found where not expected" }];
    case "structure":
    case "map":
      return [{ value: [], message: type === "map" ? "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>" : "Start of list found where not expected" }];
    default:
      return [];
  }
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** A value of the member's own type that breaks one of its constraints, with how AWS names the violation (or none: the member has no constraint a value can break). */
function violations(s: Shape): { value: unknown; shown: string; constraint: string }[] {
  const out: { value: unknown; shown: string; constraint: string }[] = [];
  if (s.type === "string") {
    if (s.min !== undefined && s.min > 0) out.push({ value: "", shown: "''", constraint: `have length greater than or equal to ${s.min}` });
    if (s.max !== undefined) {
      const v = "a".repeat(s.max + 1);
      out.push({ value: v, shown: `'${v}'`, constraint: `have length less than or equal to ${s.max}` });
    }
    if (s.enum) out.push({ value: "NOT_A_VALUE", shown: "'NOT_A_VALUE'", constraint: `satisfy enum value set: [${s.enum.join(", ")}]` });
    else if (s.pattern !== undefined) {
      const v = "!";
      if (!new RegExp(`^(?:${s.pattern})$`, "s").test(v) && (s.min === undefined || s.min <= 1)) out.push({ value: v, shown: "'!'", constraint: `satisfy regular expression pattern: ${s.pattern}` });
    }
  }
  if (s.type === "integer" || s.type === "long") {
    if (s.min !== undefined) out.push({ value: s.min - 1, shown: `'${s.min - 1}'`, constraint: `have value greater than or equal to ${s.min}` });
    if (s.max !== undefined && s.max < 2 ** 31 - 1) out.push({ value: s.max + 1, shown: `'${s.max + 1}'`, constraint: `have value less than or equal to ${s.max}` });
  }
  if (s.type === "list" && s.min !== undefined && s.min > 0) out.push({ value: [], shown: "'[]'", constraint: `have length greater than or equal to ${s.min}` });
  return out;
}

/** The ValidationException message for `violated` (one member's violation, or none) amid the other members left out. */
function validationMessage(operation: string, violated?: { name: string; shown: string; constraint: string }): string {
  const problems: string[] = [];
  for (const m of membersOf(operation)) {
    if (violated && m.name === violated.name) problems.push(`Value ${violated.shown} at '${lowerFirst(m.name)}' failed to satisfy constraint: Member must ${violated.constraint}`);
    else if (m.required) problems.push(`Value null at '${lowerFirst(m.name)}' failed to satisfy constraint: Member must not be null`);
  }
  return `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: ${problems.slice(0, 10).join("; ")}`;
}

const cbor = new Encoder({ useRecords: false, tagUint8Array: false });
const uncbor = new Decoder({ mapsAsObjects: true });

/** Sends `input` signed, in CBOR or JSON, over HTTP/2 or HTTP/1.1. Returns the status and the decoded body. */
async function send(h: Harness, operation: string, input: unknown, inCbor: boolean, overHttp2: boolean): Promise<{ status: number; body: Record<string, unknown> }> {
  const contentType = inCbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
  const body = inCbor ? Buffer.from(cbor.encode(input)) : Buffer.from(JSON.stringify(input));
  const decode = (bytes: Buffer) => (bytes.byteLength === 0 ? {} : inCbor ? uncbor.decode(bytes) : JSON.parse(bytes.toString())) as Record<string, unknown>;
  const headers = await signedHeaders(h.endpoint, TARGET(operation), body, contentType);
  if (!overHttp2) {
    const res = await httpRequest(h.endpoint, "POST", headers, body);
    return { status: res.status, body: decode(res.body) };
  }
  const session = http2.connect(h.endpoint);
  try {
    // The session sends the authority itself (:authority).
    const res = await http2Post(session, Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "host")), body);
    return { status: res.status, body: decode(res.body) };
  } finally {
    session.close();
  }
}

const messageOf = (body: Record<string, unknown>) => (body.message ?? body.Message) as string | undefined;

/** Registers the serialization and validation blocks of `operation` (`harness` is read when the tests run). */
export function specBlocks(operation: string, harness: () => Harness): void {
  const members = membersOf(operation);
  describe(`${operation}: serialization`, () => {
    const cases = members.flatMap((m) => wrongValues(m.shape.type).map((w) => ({ member: m.name, ...w })));
    it.skipIf(cases.length === 0)(`answers SerializationException in AWS's words for a wrong type in any of ${members.length} members`, async () => {
      const wrong: string[] = [];
      for (const [i, c] of cases.entries()) {
        for (const inCbor of [false, true]) {
          const res = await send(harness(), operation, { [c.member]: c.value }, inCbor, (i + Number(inCbor)) % 2 === 1);
          if (res.status !== 400 || res.body.__type !== "SerializationException" || messageOf(res.body) !== c.message) wrong.push(`${inCbor ? "CBOR" : "JSON"} ${c.member}=${JSON.stringify(c.value)}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });
  describe(`${operation}: validation`, () => {
    const cases = members.flatMap((m) => violations(m.shape).map((v) => ({ name: m.name, ...v })));
    it("answers ValidationException naming every required member left out of an empty body", async () => {
      const required = members.filter((m) => m.required);
      const res = await send(harness(), operation, {}, false, false);
      // With nothing required, an empty body passes validation: the operation answers (a 200, or its own 4xx).
      if (required.length === 0) expect([res.status < 500, res.body.__type === "ValidationException"]).toEqual([true, false]);
      else expect([res.status, res.body.__type, messageOf(res.body)]).toEqual([400, "ValidationException", validationMessage(operation)]);
    });
    it.skipIf(cases.length === 0)("answers ValidationException in AWS's words for each constraint a member's value breaks", async () => {
      const wrong: string[] = [];
      for (const [i, c] of cases.entries()) {
        const expected = validationMessage(operation, c);
        for (const inCbor of [false, true]) {
          const res = await send(harness(), operation, { [c.name]: c.value }, inCbor, (i + Number(inCbor)) % 2 === 1);
          if (res.status !== 400 || res.body.__type !== "ValidationException" || messageOf(res.body) !== expected) wrong.push(`${inCbor ? "CBOR" : "JSON"} ${c.name}=${JSON.stringify(c.value).slice(0, 60)}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)} (expected ${expected.slice(0, 300)})`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });
}
