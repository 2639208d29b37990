import { consumerOutput, streamOfArn } from "../consumers.js";
import { invalidArgument } from "../errors.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

export async function registerStreamConsumer(ctx: ActionContext, input: Input): Promise<unknown> {
  const stream = streamOfArn(await ctx.cluster.freshCatalog(), input.StreamARN as string);
  const name = input.ConsumerName as string;
  if (input.Tags !== undefined && Object.keys(input.Tags as object).length > 0) throw invalidArgument("Tags on consumers are not supported; register the consumer without Tags.");
  await proposeOrThrow(ctx, { registerConsumer: { stream: stream.name, consumer: name, nowMs: ctx.now() } }, { stream: stream.name, consumer: name });
  const registered = (await ctx.cluster.freshCatalog()).streams.get(stream.name)?.consumers.find((c) => c.name === name);
  if (!registered) throw new Error(`consumer ${name} registered but not in the catalog`);
  return { Consumer: consumerOutput(registered) };
}
