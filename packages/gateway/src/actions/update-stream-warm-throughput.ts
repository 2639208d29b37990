import { openShards } from "../catalog-view.js";
import { invalidArgument } from "../errors.js";
import { protocolLimits } from "@tributary/protocol";
import type { StreamView } from "../catalog-view.js";
import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/**
 * Sets the write throughput an ON_DEMAND stream should be ready for at once.
 * Current is what its open shards take now (1 MiB/s each), up to the target.
 */
export async function updateStreamWarmThroughput(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  if (input.WarmThroughputMiBps > protocolLimits.warmThroughputMiBpsMax) throw invalidArgument(`WarmThroughputMiBps ${input.WarmThroughputMiBps} is over the maximum of ${protocolLimits.warmThroughputMiBpsMax}.`);
  await proposeOrThrow(ctx, { setWarmThroughput: { name, mibps: input.WarmThroughputMiBps } }, { stream: name });
  const stream = findStream(await ctx.cluster.freshCatalog(), name);
  return { StreamARN: stream.arn, StreamName: stream.name, WarmThroughput: warmThroughputOf(stream) };
}

/** A stream's warm throughput as the API shows it. */
export function warmThroughputOf(stream: StreamView): { TargetMiBps: number; CurrentMiBps: number } {
  return { TargetMiBps: stream.warmThroughputMibps, CurrentMiBps: Math.min(stream.warmThroughputMibps, openShards(stream).length) };
}
