/**
 * Responses that are AWS event streams (SubscribeToShard): a 200 with
 * content type application/vnd.amazon.eventstream whose body is a sequence
 * of frames, framed by the AWS SDK's own codec. An action returns an
 * EventStreamReply; the server writes the response head and hands `run` a
 * sink for the frames. Event payloads take the request's format (JSON or
 * CBOR), like any response body.
 */
import { EventStreamCodec } from "@smithy/core/event-streams";
import type { KinesisError } from "./errors.js";
import type { Format } from "./protocol.js";
import { CONTENT_TYPES, encodeError, encodeOutput } from "./protocol.js";

export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text: string) => Buffer.from(text, "utf8"),
);

/** Where an event stream's frames go: the open response. */
export interface FrameSink {
  /**
   * Writes a frame. With `stop`, resolves true once the client can take
   * more, false if it has gone or `stop` aborted first; without, resolves at
   * once (the last frame: it is buffered for the client to read, or not).
   */
  write(frame: Uint8Array, stop?: AbortSignal): Promise<boolean>;
  /** Aborts when the client goes away. */
  readonly gone: AbortSignal;
  /** The request's format, which event payloads take. */
  readonly format: Format;
}

export class EventStreamReply {
  constructor(readonly run: (sink: FrameSink) => Promise<void>) {}
}

const str = (value: string) => ({ type: "string" as const, value });

/** The first frame: the operation's (empty) response. */
export function initialResponseFrame(format: Format): Uint8Array {
  return codec.encode({ headers: { ":message-type": str("event"), ":event-type": str("initial-response"), ":content-type": str(CONTENT_TYPES[format]) }, body: encodeOutput(undefined, {}, format) });
}

/** An event of the stream's union, its payload shaped by the model (`shape`). */
export function eventFrame(format: Format, eventType: string, shape: string, value: unknown): Uint8Array {
  return codec.encode({ headers: { ":message-type": str("event"), ":event-type": str(eventType), ":content-type": str(CONTENT_TYPES[format]) }, body: encodeOutput(shape, value, format) });
}

/** An exception of the stream's union, e.g. ResourceInUseException (the stream ends after it). */
export function exceptionFrame(format: Format, error: KinesisError): Uint8Array {
  return codec.encode({ headers: { ":message-type": str("exception"), ":exception-type": str(error.type), ":content-type": str(CONTENT_TYPES[format]) }, body: encodeError(error, format) });
}
