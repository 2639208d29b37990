/**
 * Enhanced fan-out consumers as requests name them: by ConsumerARN, or by
 * StreamARN and ConsumerName; their ARNs; and how they are described.
 */
import type { Consumer__Output } from "@tributary/protocol";
import type { CatalogView, StreamView } from "./catalog-view.js";
import { invalidArgument, resourceNotFound } from "./errors.js";
import { consumerNotFoundMessage, notFoundMessage } from "./node-failures.js";
import { parseStreamArn } from "./streams.js";

export type ConsumerView = Consumer__Output;

/** A consumer ARN's parts: `<stream ARN>/consumer/<name>:<creation epoch seconds>`. */
export function parseConsumerArn(arn: string): { streamArn: string; stream: string; consumer: string; createdS: number } | undefined {
  const m = /^(arn:aws[^:]*:kinesis:[^:]*:\d{12}:stream\/([a-zA-Z0-9_.-]+))\/consumer\/([a-zA-Z0-9_.-]+):(\d+)$/.exec(arn);
  return m ? { streamArn: m[1] as string, stream: m[2] as string, consumer: m[3] as string, createdS: Number(m[4]) } : undefined;
}

/** The stream a StreamARN names, or AWS's not-found error. */
export function streamOfArn(catalog: CatalogView, arn: string): StreamView {
  const parsed = parseStreamArn(arn);
  if (!parsed) throw invalidArgument(`StreamARN ${arn} is not a valid stream ARN`);
  const stream = catalog.streams.get(parsed.name);
  if (!stream || stream.arn !== arn) throw resourceNotFound(notFoundMessage(catalog.accountId, parsed.name));
  return stream;
}

/** The consumer a request names (ConsumerARN, or StreamARN with ConsumerName), with its stream. */
export function findConsumer(catalog: CatalogView, input: Record<string, unknown>): { stream: StreamView; consumer: ConsumerView } {
  const arn = input.ConsumerARN as string | undefined;
  const streamArn = input.StreamARN as string | undefined;
  const name = input.ConsumerName as string | undefined;
  if (arn !== undefined) {
    const parsed = parseConsumerArn(arn);
    if (!parsed) throw invalidArgument(`ConsumerARN ${arn} is not a valid consumer ARN`);
    if ((streamArn !== undefined && streamArn !== parsed.streamArn) || (name !== undefined && name !== parsed.consumer)) {
      throw invalidArgument("ConsumerARN does not name the same consumer as StreamARN and ConsumerName");
    }
    const stream = catalog.streams.get(parsed.stream);
    const consumer = stream?.arn === parsed.streamArn ? stream.consumers.find((c) => c.arn === arn) : undefined;
    if (!stream || !consumer) throw resourceNotFound(consumerNotFoundMessage(catalog.accountId, parsed.stream, parsed.consumer));
    return { stream, consumer };
  }
  if (streamArn === undefined || name === undefined) throw invalidArgument("Either ConsumerARN, or both StreamARN and ConsumerName, must be provided");
  const stream = streamOfArn(catalog, streamArn);
  const consumer = stream.consumers.find((c) => c.name === name);
  if (!consumer) throw resourceNotFound(consumerNotFoundMessage(catalog.accountId, stream.name, name));
  return { stream, consumer };
}

/** CREATING, ACTIVE or DELETING, as Kinesis spells a consumer's status. */
export function consumerStatus(c: ConsumerView): string {
  return c.status.replace(/^CONSUMER_/, "");
}

export function consumerOutput(c: ConsumerView) {
  return { ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: consumerStatus(c), ConsumerCreationTimestamp: new Date(Number(c.createdMs)) };
}
