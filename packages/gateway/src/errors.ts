/**
 * Kinesis errors: one class with AWS's `__type` and HTTP status, serialized
 * in exactly one place (`protocol.ts`). Anything else thrown by an action
 * becomes InternalFailure (500) and is logged.
 */
export class KinesisError extends Error {
  constructor(
    readonly type: string,
    message: string | undefined,
    readonly status = 400,
  ) {
    super(message ?? "");
    this.name = type;
  }

  /** Whether a message is part of the body (AWS omits it for a few types). */
  get hasMessage(): boolean {
    return this.message !== "";
  }

  /** The body's key for the message: AWS writes "Message" for SerializationException, "message" for the rest. */
  get messageKey(): "message" | "Message" {
    return this.type === "SerializationException" ? "Message" : "message";
  }
}

export const resourceNotFound = (message: string) => new KinesisError("ResourceNotFoundException", message);
export const resourceInUse = (message: string) => new KinesisError("ResourceInUseException", message);
export const invalidArgument = (message: string) => new KinesisError("InvalidArgumentException", message);
export const limitExceeded = (message: string) => new KinesisError("LimitExceededException", message);
export const expiredIterator = (message: string) => new KinesisError("ExpiredIteratorException", message);
export const expiredNextToken = (message: string) => new KinesisError("ExpiredNextTokenException", message);
export const serialization = (message?: string) => new KinesisError("SerializationException", message);
export const validation = (message: string) => new KinesisError("ValidationException", message);
export const unknownOperation = () => new KinesisError("UnknownOperationException", undefined);
export const internalFailure = () => new KinesisError("InternalFailure", undefined, 500);
export const throughputExceeded = (message: string) => new KinesisError("ProvisionedThroughputExceededException", message);
/** The answer to a request with DryRun set that would have succeeded: it did nothing. */
export const dryRunSucceeded = () => new KinesisError("DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
export const kmsNotFound = (message: string) => new KinesisError("KMSNotFoundException", message);
export const kmsDisabled = (message: string) => new KinesisError("KMSDisabledException", message);
export const kmsAccessDenied = (message: string) => new KinesisError("KMSAccessDeniedException", message);
