import { consumerOutput, findConsumer } from "../consumers.js";
import type { ActionContext, Input } from "./context.js";

export async function describeStreamConsumer(ctx: ActionContext, input: Input): Promise<unknown> {
  const { stream, consumer } = findConsumer(await ctx.cluster.freshCatalog(), input);
  return { ConsumerDescription: { ...consumerOutput(consumer), StreamARN: stream.arn } };
}
