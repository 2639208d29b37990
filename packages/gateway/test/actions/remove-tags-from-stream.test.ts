/** RemoveTagsFromStream: removes the named keys, ignoring absent ones. */
import { AddTagsToStreamCommand, ListTagsForStreamCommand, RemoveTagsFromStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("RemoveTagsFromStream", () => h);

describe("RemoveTagsFromStream: functionality", () => {
  it("removes tags by key", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { a: "1", b: "2" } }));
    await h.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: "main", TagKeys: ["a", "absent"] }));
    expect((await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main" }))).Tags).toEqual([{ Key: "b", Value: "2" }]);
  });

  it("refuses an unknown stream", async () => {
    await expectError(h.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: "nope", TagKeys: ["a"] })), "ResourceNotFoundException");
  });
});
