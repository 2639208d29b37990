/**
 * The deployment files: the Kubernetes manifests are valid against the
 * Kubernetes API schemas (kubernetes-models validates each object), hold what
 * a replicated log needs (three nodes spread over zones, one disruption at a
 * time, probes on the operator port), and set the same settings as
 * docker-compose.yml; the image's bundles (deploy/bundle.mjs) each hold a
 * whole program and run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Service } from "kubernetes-models/v1";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const docs = parseAllDocuments(readFileSync(`${root}deploy/kubernetes/tributary.yaml`, "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
const byKind = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const compose = parse(readFileSync(`${root}docker-compose.yml`, "utf8")) as { services: Record<string, { environment?: Record<string, string> }> };

type Container = { env: { name: string; value?: string; valueFrom?: unknown }[]; readinessProbe?: { httpGet?: { path: string } }; livenessProbe?: { httpGet?: { path: string } } };

describe("Kubernetes manifests", () => {
  it("are valid against the Kubernetes API schemas", () => {
    const models: Record<string, new (o: never) => { validate(): void }> = { StatefulSet, Deployment, Service, PodDisruptionBudget };
    expect(docs.map((d) => d.kind).sort()).toEqual(["Deployment", "PodDisruptionBudget", "Service", "Service", "StatefulSet"]);
    for (const doc of docs) {
      const Model = models[doc.kind];
      expect(Model, doc.kind).toBeDefined();
      expect(() => new (Model as new (o: unknown) => { validate(): void })(doc).validate(), `${doc.kind} ${doc.metadata.name}`).not.toThrow();
    }
  });

  it("run three nodes spread over zones, one disruption at a time, probed on the operator port", () => {
    const nodes = byKind("StatefulSet", "tributary-node");
    expect(nodes.spec.replicas).toBe(3);
    expect(nodes.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
    expect(nodes.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe("kubernetes.io/hostname");
    expect(byKind("PodDisruptionBudget", "tributary-node").spec.maxUnavailable).toBe(1);
    expect(byKind("Service", "tributary-node").spec).toMatchObject({ clusterIP: "None", publishNotReadyAddresses: true });
    for (const c of [nodes.spec.template.spec.containers[0], byKind("Deployment", "tributary-gateway").spec.template.spec.containers[0]] as Container[]) {
      expect(c.readinessProbe?.httpGet?.path).toBe("/ready");
      expect(c.livenessProbe?.httpGet?.path).toBe("/health");
    }
  });

  it("set what docker-compose.yml sets, under the same names", () => {
    const env = (c: Container) => new Map(c.env.map((e) => [e.name, e.value ?? "(from the pod)"]));
    const node = env(byKind("StatefulSet", "tributary-node").spec.template.spec.containers[0]);
    const gateway = env(byKind("Deployment", "tributary-gateway").spec.template.spec.containers[0]);
    // Every setting compose gives a node or the gateway, the manifests give too (addresses differ: names, not values, are compared).
    for (const name of Object.keys(compose.services["az-a"]?.environment ?? {})) expect(node.has(name), `node ${name}`).toBe(true);
    for (const name of Object.keys(compose.services.gateway?.environment ?? {})) expect(gateway.has(name), `gateway ${name}`).toBe(true);
    expect(node.get("TRIBUTARY_METRICS_LISTEN")).toBe(compose.services["az-a"]?.environment?.TRIBUTARY_METRICS_LISTEN);
    expect(gateway.get("TRIBUTARY_GATEWAY_METRICS_LISTEN")).toBe(compose.services.gateway?.environment?.TRIBUTARY_GATEWAY_METRICS_LISTEN);
    // Three peers, each the pod of that name through the headless service.
    expect(node.get("TRIBUTARY_PEERS")?.split(",")).toEqual([0, 1, 2].map((i) => `tributary-node-${i}=tributary-node-${i}.tributary-node:7001`));
  });
});

describe("the image's bundles (deploy/bundle.mjs)", () => {
  it("make each program one file that loads all it imports and runs", () => {
    // The bundles are made from the compiled programs, as in the image.
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-b", "packages/node", "packages/gateway", "packages/cli"], { cwd: root, stdio: "pipe" });
    const out = mkdtempSync(join(tmpdir(), "tributary-bundles-"));
    try {
      execFileSync(process.execPath, [`${root}deploy/bundle.mjs`, out], { cwd: root, stdio: "pipe" });
      // The image's tree around them: its node_modules, proto/, the packages' package.json and the gateway's service model.
      for (const path of ["node_modules", "proto", "package.json", "packages/node/package.json", "packages/gateway/package.json", "packages/cli/package.json", "packages/gateway/src"]) {
        symlinkSync(`${root}${path}`, join(out, path));
      }
      for (const program of ["node", "gateway", "cli"]) {
        const file = join(out, "packages", program, "dist", "main.js");
        // Every static import or re-export at the top level of the module, on one line or several, with bindings or bare.
        const imported = [...readFileSync(file, "utf8").matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|^import\s*"([^"]+)"/gm)].map((m) => (m[1] ?? m[2]) as string).filter((s) => !isBuiltin(s));
        // Only LevelDB's binding stays outside, and only the node uses it.
        expect(imported).toEqual(program === "node" ? [expect.stringMatching(/\/node_modules\/level\/index\.js$/)] : []);
        const run = spawnSync(process.execPath, [file, "--no-such-option"], { encoding: "utf8", timeout: 30_000 });
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr).toContain("--no-such-option");
      }
      // A path the program takes only on demand: the command's certificates (x509, loaded where they are made).
      const certs = spawnSync(process.execPath, [join(out, "packages/cli/dist/main.js"), "certs", join(out, "tls"), "--members", "az-a,gateway"], { encoding: "utf8", timeout: 30_000 });
      expect(certs.status, certs.stderr).toBe(0);
      expect(readdirSync(join(out, "tls", "az-a")).sort()).toEqual(["ca.pem", "cert.pem", "key.pem"]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
