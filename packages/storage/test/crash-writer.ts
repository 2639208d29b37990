/**
 * A writer for the crash test: appends one entry to each of many groups per
 * batch, synced, for ever, printing "ack N" after batch N is durable. The
 * test kills it with SIGKILL at a random moment.
 */
import { EntryType, logIndex, nodeId, term } from "@tributary/raft";
import { DurableStore } from "../src/index.js";

const [dir, groupsArg] = process.argv.slice(2);
const groups = Number(groupsArg ?? 8);
const store = await DurableStore.openLevel(dir as string);
const logs = await Promise.all(Array.from({ length: groups }, (_, g) => store.loadGroup(g + 1)));
const payload = new Uint8Array(4096).fill(7);
// After a crash, continue after what survived (all groups end at the same index).
const start = (logs[0]?.lastIndex() ?? 0) + 1;
for (let n = start; ; n++) {
  const batch = store.newBatch();
  for (const log of logs) {
    log.append([{ term: term(1), index: logIndex(n), type: EntryType.Normal, data: payload }], batch);
    log.setHardState({ term: term(1), vote: nodeId("a"), commit: logIndex(n) }, batch);
  }
  await store.write(batch);
  process.stdout.write(`ack ${n}\n`);
}
