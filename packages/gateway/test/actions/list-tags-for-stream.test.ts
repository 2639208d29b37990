/** ListTagsForStream: sorted by key, paged by Limit and ExclusiveStartTagKey. */
import { AddTagsToStreamCommand, ListTagsForStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("ListTagsForStream", () => h);

describe("ListTagsForStream: functionality", () => {
  it("lists tags sorted by key, in pages", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { b: "2", a: "1", c: "" } }));
    const listed = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main", Limit: 2 }));
    expect(listed.Tags).toEqual([
      { Key: "a", Value: "1" },
      { Key: "b", Value: "2" },
    ]);
    expect(listed.HasMoreTags).toBe(true);
    const more = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main", ExclusiveStartTagKey: "b" }));
    expect(more.Tags).toEqual([{ Key: "c", Value: "" }]);
    expect(more.HasMoreTags).toBe(false);
  });

  it("refuses an unknown stream", async () => {
    await expectError(h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "nope" })), "ResourceNotFoundException");
  });
});
