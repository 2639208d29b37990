import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { resourceOfArn } from "./resource-policies.js";

/** Removes the policy document of a stream or a consumer. */
export async function deleteResourcePolicy(ctx: ActionContext, input: Input): Promise<unknown> {
  const { stream, consumer } = resourceOfArn(await ctx.cluster.freshCatalog(), input.ResourceARN);
  await proposeOrThrow(ctx, { setResourcePolicy: { name: stream.name, consumer: consumer?.name ?? "", policy: "" } }, { stream: stream.name });
  return {};
}
