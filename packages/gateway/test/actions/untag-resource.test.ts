/** UntagResource: removes tags from a stream named by its ARN. */
import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";

specBlocks("UntagResource", () => h);

describe("UntagResource: functionality", () => {
  it("removes tags by key", async () => {
    await h.kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { a: "1", b: "2" } }));
    await h.kinesis.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["a", "b"] }));
    expect((await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([]);
  });

  it("refuses an unknown stream", async () => {
    await expectError(h.kinesis.send(new UntagResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/nope", TagKeys: ["a"] })), "ResourceNotFoundException");
  });
});
