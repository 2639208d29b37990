import { checkPolicy } from "../resource-policy.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { resourceOfArn } from "./resource-policies.js";

/** Attaches a policy document to a stream or a consumer (checked against AWS's policy grammar first). */
export async function putResourcePolicy(ctx: ActionContext, input: Input): Promise<unknown> {
  const { stream, consumer } = resourceOfArn(await ctx.cluster.freshCatalog(), input.ResourceARN);
  checkPolicy(input.Policy);
  await proposeOrThrow(ctx, { setResourcePolicy: { name: stream.name, consumer: consumer?.name ?? "", policy: input.Policy } }, { stream: stream.name });
  return {};
}
