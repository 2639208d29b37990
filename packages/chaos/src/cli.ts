#!/usr/bin/env node
/**
 * Chaos runs, load, and the durability check.
 *
 *   tributary-chaos run   [--backend local|docker] [--seed 1] [--faults 6]
 *                         [--kinds kill-leader,pause-leader,...] [--shards 4] [--producers 4]
 *                         [--pace-ms 0] [--warmup-ms 2000]
 *                         [--fsync true|false] [--built] [--out results/chaos]
 *       Starts a cluster (local processes, in network namespaces as root; or
 *       docker-compose.yml under a project of its own), runs a seeded fault
 *       schedule under load, heals, checks, stops the cluster. --pace-ms N:
 *       each producer starts a call at most every N ms (default: unpaced).
 *       --warmup-ms: load before the first fault (the report's no-fault gaps).
 *       --built: the local processes run the compiled code (pnpm build first),
 *       as deployed and as the compose images do, rather than the source
 *       under tsx, which compiles every file as a process starts: what a
 *       restart costs is then what it costs in production. The report, the
 *       acknowledgements and the cluster's logs (logs-<seed>/) go to --out.
 *
 *   tributary-chaos load  --endpoint http://127.0.0.1:4567 --stream S [--seconds 60]
 *                         [--shards 4] [--producers 4] [--acks acks.jsonl]
 *       Writes uniquely identified records to a running cluster (creating the
 *       stream if needed) and logs every acknowledgement; break the cluster
 *       by hand meanwhile. Ctrl-C stops it early.
 *
 *   tributary-chaos check --endpoint http://127.0.0.1:4567 --acks acks.jsonl [--out report.json]
 *       Reads the stream from TRIM_HORIZON and checks it against the log.
 *
 * `run` and `check` exit 1 when the check fails (loss, reordering,
 * sequence-number errors, unexplained duplicates, or an acknowledgement
 * without a majority); 2 on bad arguments.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ClusterBackend } from "./backend.js";
import { checkDurability, formatDurability, readAckLog, readStream } from "./checker.js";
import { DockerBackend } from "./docker-backend.js";
import { LocalBackend } from "./local-backend.js";
import { runChaos } from "./run.js";
import type { FaultKind } from "./schedule.js";
import { FAULT_KINDS, MACHINE_FAULT_KINDS, makeSchedule } from "./schedule.js";
import { clusterCredentials, sleep, waitFor } from "@tributary/testkit";
import { Workload } from "./workload.js";

function fail(message: string): never {
  process.stderr.write(`tributary-chaos: ${message}\n`);
  process.exit(2);
}

const [first, ...rest] = process.argv.slice(2);
const command = first && !first.startsWith("-") ? first : "run";
const argv = first && !first.startsWith("-") ? rest : process.argv.slice(2);

function parse() {
  try {
    return parseArgs({
      args: argv,
      options: {
        backend: { type: "string", default: "local" },
        seed: { type: "string", default: "1" },
        faults: { type: "string", default: "6" },
        kinds: { type: "string" },
        shards: { type: "string", default: "4" },
        producers: { type: "string", default: "4" },
        "pace-ms": { type: "string", default: "0" },
        "warmup-ms": { type: "string", default: "2000" },
        fsync: { type: "string", default: "true" },
        built: { type: "boolean", default: false },
        out: { type: "string" },
        endpoint: { type: "string" },
        stream: { type: "string" },
        seconds: { type: "string", default: "60" },
        acks: { type: "string" },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}
const values = parse();
const int = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return n;
};
const kinesisAt = (endpoint: string) => new KinesisClient({ endpoint, region: "us-east-1", credentials: clusterCredentials });

async function run(): Promise<boolean> {
  const seed = int("seed", values.seed);
  const kinds = (values.kinds ? values.kinds.split(",") : [...MACHINE_FAULT_KINDS]) as FaultKind[];
  for (const k of kinds) if (!FAULT_KINDS.includes(k)) fail(`unknown fault kind ${k}; the kinds are ${FAULT_KINDS.join(", ")}`);
  if (values.fsync !== "true" && values.fsync !== "false") fail("--fsync must be true or false");
  const out = values.out ?? "results/chaos";
  let backend: ClusterBackend;
  if (values.backend === "local") backend = new LocalBackend({ nodeArgs: ["--fsync", values.fsync], built: values.built });
  else if (values.backend === "docker") {
    if (values.fsync !== "true") fail("--fsync false is for the local backend only");
    if (values.built) fail("--built is for the local backend only (the compose images always hold the compiled code)");
    backend = new DockerBackend({ project: `tributary-chaos-${seed}` });
  } else fail(`--backend must be local or docker, got ${values.backend}`);

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= backend.stop().catch((err: unknown) => void process.stderr.write(`tributary-chaos: stopping the cluster: ${(err as Error).message}\n`)));
  process.on("SIGINT", () => void stop().then(() => process.exit(130)));
  process.on("SIGTERM", () => void stop().then(() => process.exit(143)));
  try {
    await backend.start();
    let usable = kinds;
    if (backend.partitionsUnsupported) {
      usable = kinds.filter((k) => !k.startsWith("isolate"));
      process.stdout.write(`tributary-chaos: no partitions in this run: ${backend.partitionsUnsupported}\n`);
    }
    if (usable.length === 0) fail("none of the fault kinds asked for can run here");
    const faults = makeSchedule(seed, int("faults", values.faults), usable);
    const report = await runChaos(backend, { seed, faults, shards: int("shards", values.shards), producers: int("producers", values.producers), paceMs: int("pace-ms", values["pace-ms"]), warmupMs: int("warmup-ms", values["warmup-ms"]), outDir: out });
    process.stdout.write(`tributary-chaos: report in ${out}/chaos-${seed}.json and .txt, acknowledgements in ${out}/acks-${seed}.jsonl\n`);
    return report.ok;
  } finally {
    // The cluster's own logs, to read the report against (where a gap began, what each node did then).
    await backend.saveLogs(join(out, `logs-${seed}`)).then(
      () => process.stdout.write(`tributary-chaos: the cluster's logs in ${out}/logs-${seed}/\n`),
      (err: unknown) => process.stderr.write(`tributary-chaos: saving the cluster's logs: ${(err as Error).message}\n`),
    );
    await stop();
  }
}

async function load(): Promise<boolean> {
  if (!values.endpoint || !values.stream) fail("load needs --endpoint and --stream");
  const acksPath = values.acks ?? "acks.jsonl";
  const kinesis = kinesisAt(values.endpoint);
  const stream = values.stream;
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: int("shards", values.shards) })).catch((err: { name?: string }) => {
    if (err.name !== "ResourceInUseException") throw err;
  });
  await waitFor(`${stream} to be ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000);
  const ackLog = createWriteStream(acksPath);
  const workload = new Workload(kinesis, stream, { producers: int("producers", values.producers), runId: `l${Date.now().toString(36)}`, recordBytes: 200, maxBatch: 20, ackLog });
  let stopped = false;
  process.on("SIGINT", () => (stopped = true));
  workload.start();
  const until = Date.now() + int("seconds", values.seconds) * 1000;
  while (!stopped && Date.now() < until) {
    await sleep(Math.min(5_000, Math.max(0, until - Date.now())));
    process.stdout.write(`load: ${workload.acknowledged} acknowledged, ${workload.counts.callErrors} failed calls, ${workload.counts.recordErrors} failed records\n`);
  }
  await workload.stop();
  await new Promise((r) => ackLog.end(r));
  kinesis.destroy();
  process.stdout.write(`load: ${workload.acknowledged} acknowledged of ${workload.sentRecords} sent; log in ${acksPath}; check with: tributary-chaos check --endpoint ${values.endpoint} --acks ${acksPath}\n`);
  return true;
}

async function check(): Promise<boolean> {
  if (!values.endpoint || !values.acks) fail("check needs --endpoint and --acks");
  const log = readAckLog(values.acks);
  const kinesis = kinesisAt(values.endpoint);
  const report = checkDurability(log.acks, log.retried, await readStream(kinesis, log.stream), log.runId);
  kinesis.destroy();
  process.stdout.write(`${formatDurability(report)}\n`);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok;
}

const commands: Record<string, () => Promise<boolean>> = { run, load, check };
const action = commands[command];
if (!action) fail(`unknown command ${command}; the commands are run, load and check`);
process.exit((await action()) ? 0 : 1);
