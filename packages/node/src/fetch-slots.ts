/**
 * Bounds how many shard groups of a node fetch records from peers at once
 * (a wiped node catching up on every shard). The others wait their turn in
 * arrival order; each group waits at most once at a time, so the queue is
 * bounded by the number of groups.
 */
export class FetchSlots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Waits for a slot; call the returned function once to give it back. */
  async take(): Promise<() => void> {
    if (this.held >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight on
      else this.held--;
    };
  }
}
