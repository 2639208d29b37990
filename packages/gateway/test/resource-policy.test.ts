/** Resource policies' matching: IAM wildcards in linear time, and documents the gateway did not check deny nothing. */
import { describe, expect, it } from "vitest";
import { checkPolicy, deniedByPolicy, glob } from "../src/resource-policy.js";

describe("resource policies", () => {
  it("match IAM's wildcards, * and ?, and never backtrack catastrophically", () => {
    expect(glob("arn:aws:kinesis:*:*:stream/ma?n", "arn:aws:kinesis:us-east-1:000000000000:stream/main")).toBe(true);
    expect(glob("arn:aws:kinesis:*:stream/other", "arn:aws:kinesis:us-east-1:000000000000:stream/main")).toBe(false);
    expect(glob("*", "")).toBe(true);
    expect(glob("a*b*c", "axxbyyc")).toBe(true);
    expect(glob("a*b*c", "axxbyy")).toBe(false);
    // Thirty stars and a character the value lacks: as a regular expression this would not finish (the test would time out).
    expect(glob(`${"*".repeat(30)}X`, "arn:aws:kinesis:us-east-1:000000000000:stream/main".repeat(40))).toBe(false);
  });

  it("refuse a Condition (not evaluated here), and deny nothing for a document that is not one", () => {
    expect(() => checkPolicy(JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Deny", Principal: "*", Action: "kinesis:*", Condition: { Bool: { "aws:SecureTransport": "false" } } } }))).toThrow(/Condition/);
    for (const stored of ["{}", "[]", "null", "not json", '{"Statement": 5}', '{"Statement": [null, {"Effect": "Deny"}]}']) {
      expect(deniedByPolicy(stored, "K", "000000000000", "PutRecord", "arn:aws:kinesis:us-east-1:000000000000:stream/main"), stored).toBe(false);
    }
  });
});
