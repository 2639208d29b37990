/** AddTagsToStream: tags merge, at most 50 per stream. */
import { AddTagsToStreamCommand, ListTagsForStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("AddTagsToStream", () => h);

describe("AddTagsToStream: functionality", () => {
  it("adds and overwrites tags", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { b: "2", a: "1" } }));
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { a: "one", c: "" } }));
    expect((await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main" }))).Tags).toEqual([
      { Key: "a", Value: "one" },
      { Key: "b", Value: "2" },
      { Key: "c", Value: "" },
    ]);
  });

  it("takes Unicode letters, digits, white space and _ . / = + - @ in tags, and refuses other characters in AWS's words", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { "équipe ÅÄÖ 7": "a_b.c/d=e+f-g@h", 日本: "語" } }));
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { "bad!": "x" } })), "InvalidArgumentException", "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.");
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { k: "<script>" } })), "InvalidArgumentException", /^Some tags contain invalid characters/);
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { "50%": "x" } })), "InvalidArgumentException", /^Failed to add tags to stream main under account \d{12} because some tags contained illegal characters\./);
  });

  it("refuses no tags, more than 50 tags on the stream, and an unknown stream", async () => {
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: {} })), "ValidationException", /at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    const many = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, "v"]));
    await expectError(
      h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: many })),
      "LimitExceededException",
      "Failed to add tags to stream main under account 000000000000 because a given stream cannot have more than 50 tags.",
    );
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "nope", Tags: { a: "1" } })), "ResourceNotFoundException");
  });
});
