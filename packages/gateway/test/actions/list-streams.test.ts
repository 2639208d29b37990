/** ListStreams: names and summaries, paged by Limit, ExclusiveStartStreamName and NextToken. */
import { CreateStreamCommand, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("ListStreams", () => h);

describe("ListStreams: functionality", () => {
  it("lists streams with Limit, ExclusiveStartStreamName and NextToken", async () => {
    for (const n of ["list-a", "list-b", "list-c"]) await h.kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }));
    const all = await h.kinesis.send(new ListStreamsCommand({}));
    expect(all.StreamNames).toEqual(["list-a", "list-b", "list-c", "main"]);
    expect(all.StreamSummaries?.find((s) => s.StreamName === "main")?.StreamARN).toMatch(/stream\/main$/);
    const page = await h.kinesis.send(new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamName: "list-a" }));
    expect(page.StreamNames).toEqual(["list-b"]);
    expect(page.HasMoreStreams).toBe(true);
    const next = await h.kinesis.send(new ListStreamsCommand({ NextToken: page.NextToken, Limit: 1 }));
    expect(next.StreamNames).toEqual(["list-c"]);
  });

  it("refuses a forged token and a bad limit", async () => {
    await expectError(h.kinesis.send(new ListStreamsCommand({ NextToken: "forged.token" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new ListStreamsCommand({ Limit: 0 })), "ValidationException", /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/);
  });
});
