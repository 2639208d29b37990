/** ListTagsForResource: a stream's tags by its ARN. */
import { AddTagsToStreamCommand, ListTagsForResourceCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("ListTagsForResource", () => h);

describe("ListTagsForResource: functionality", () => {
  it("lists a stream's tags, sorted by key", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { z: "26", a: "1" } }));
    const tags = (await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/main" }))).Tags;
    expect(tags).toEqual([
      { Key: "a", Value: "1" },
      { Key: "z", Value: "26" },
    ]);
  });

  it("refuses an unknown stream (and an ARN of another account)", async () => {
    await expectError(h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/nope" })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:111111111111:stream/main" })), "ResourceNotFoundException");
  });
});
