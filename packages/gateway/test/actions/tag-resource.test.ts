/** TagResource: tags a stream named by its ARN. */
import { ListTagsForResourceCommand, TagResourceCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";

specBlocks("TagResource", () => h);

describe("TagResource: functionality", () => {
  it("tags a stream by ARN", async () => {
    await h.kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { d: "4", a: "1" } }));
    expect((await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: "a", Value: "1" },
      { Key: "d", Value: "4" },
    ]);
  });

  it("refuses an unknown stream", async () => {
    await expectError(h.kinesis.send(new TagResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/nope", Tags: { a: "1" } })), "ResourceNotFoundException");
  });
});
