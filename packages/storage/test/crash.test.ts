/**
 * Kill -9 a process while it writes batches; reopen: every batch is either
 * wholly there or wholly absent, and every acknowledged batch is there.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { DurableStore } from "../src/index.js";

const writer = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));
const groups = 8;

async function runAndKill(dir: string, killAfterMs: number): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", writer, dir, String(groups)], { stdio: ["ignore", "pipe", "inherit"] });
  let lastAck = 0;
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("ack ")) lastAck = Number(line.slice(4));
  });
  // Wait until it is writing, then a little longer, then kill it mid-flight.
  const deadline = Date.now() + 30_000;
  while (lastAck === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, killAfterMs));
  const exited = new Promise((r) => child.on("exit", r));
  child.kill("SIGKILL");
  await exited;
  return lastAck;
}

it("a crash mid-write never leaves a torn or partial batch, and loses no acknowledged one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tributary-crash-"));
  try {
    let previous = 0;
    for (let round = 0; round < 4; round++) {
      const acked = await runAndKill(join(dir, "db"), 50 + round * 70);
      const store = await DurableStore.openLevel(join(dir, "db"));
      try {
        const lasts = new Set<number>();
        for (let g = 1; g <= groups; g++) {
          const log = await store.loadGroup(g);
          // Every stored entry decodes and passes its checksum (loadGroup verifies).
          lasts.add(log.lastIndex());
          expect(log.initialState().hardState.commit).toBe(log.lastIndex());
          const stored = await store.readEntries(g, 1, Number.MAX_SAFE_INTEGER, Infinity);
          expect(stored.map((e) => e.index)).toEqual(Array.from({ length: log.lastIndex() }, (_, i) => i + 1));
        }
        // One batch wrote every group: all groups end at the same index.
        expect(lasts.size).toBe(1);
        const last = [...lasts][0] as number;
        expect(last).toBeGreaterThanOrEqual(acked);
        expect(last).toBeGreaterThanOrEqual(previous);
        previous = last;
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
