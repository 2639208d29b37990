/**
 * Assertions: the node's own invariants, checked where they must hold. A
 * failed assertion means a bug on this node; it stops the process and is
 * never caught. Data from outside (clients, peers) is validated and refused,
 * never asserted on.
 */
export class NodeInvariantError extends Error {
  constructor(message: string) {
    super(`node invariant broken: ${message}`);
    this.name = "NodeInvariantError";
  }
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new NodeInvariantError(typeof message === "string" ? message : message());
}
