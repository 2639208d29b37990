/** The structure bounds checked before decoding pass every body a client legitimately sends, and only those within the bounds. */
import { Encoder, Tag } from "cbor-x";
import { describe, expect, it } from "vitest";
import { checkCborBounds, checkJsonBounds } from "../src/body-bounds.js";
import * as limits from "../src/limits.js";

const cbor = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: true });
const putRecords = (n: number) => ({ StreamName: "s", Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from("x"), ExplicitHashKey: "1" })) });

describe("body bounds", () => {
  it("pass the largest legitimate requests, in JSON and in CBOR with tags and indefinite lengths", () => {
    expect(() => checkJsonBounds(Buffer.from(JSON.stringify({ ...putRecords(500), Note: "a,b{[\\\"],", Tags: { "a,": "{" } })))).not.toThrow();
    expect(() => checkCborBounds(cbor.encode(putRecords(500)))).not.toThrow();
    expect(() => checkCborBounds(cbor.encode({ Timestamp: new Tag(1_700_000_000_000, 1), Limit: 2 ** 40, Neg: -5, F: 1.5, T: true, N: null }))).not.toThrow();
    // An indefinite map holding an indefinite array and an indefinite text string.
    const indefinite = Buffer.concat([Buffer.from([0xbf, 0x61, 0x61, 0x9f, 0x01, 0x02, 0xff, 0x61, 0x62, 0x7f, 0x61, 0x78, 0xff, 0xff])]);
    expect(() => checkCborBounds(indefinite)).not.toThrow();
    // A 64-bit bignum is fine.
    expect(() => checkCborBounds(Buffer.from([0xa1, 0x61, 0x61, 0xc2, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]))).not.toThrow();
  });

  it("refuse too many values, too deep nesting and long bignums", () => {
    expect(() => checkJsonBounds(Buffer.from(JSON.stringify(Array.from({ length: limits.requestItemsMax + 1 }, () => 0))))).toThrow(/more than/);
    expect(() => checkJsonBounds(Buffer.from("[".repeat(limits.requestNestingMax + 1)))).toThrow(/deeper/);
    expect(() => checkCborBounds(cbor.encode(Array.from({ length: limits.requestItemsMax + 1 }, () => 0)))).toThrow(/more than/);
    expect(() => checkCborBounds(Buffer.alloc(limits.requestNestingMax + 1, 0x81))).toThrow(/deeper/);
    expect(() => checkCborBounds(Buffer.concat([Buffer.from([0xc3, 0x49]), Buffer.alloc(9, 1)]))).toThrow(/too large/);
    // Items inside an indefinite array still count.
    expect(() => checkCborBounds(Buffer.concat([Buffer.from([0x9f]), Buffer.alloc(limits.requestItemsMax + 1, 0x00), Buffer.from([0xff])]))).toThrow(/more than/);
  });
});
