import { findConsumer } from "../consumers.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

export async function deregisterStreamConsumer(ctx: ActionContext, input: Input): Promise<unknown> {
  const { stream, consumer } = findConsumer(await ctx.cluster.freshCatalog(), input);
  await proposeOrThrow(ctx, { deregisterConsumer: { stream: stream.name, consumer: consumer.name, arn: consumer.arn } }, { stream: stream.name, consumer: consumer.name });
  return {};
}
