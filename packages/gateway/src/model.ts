/** The Kinesis service model: operations and shapes (see model/README.md). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "blob" | "timestamp" | "double";
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

interface Model {
  metadata: { targetPrefix: string };
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, Shape>;
}

const modelPath = fileURLToPath(new URL("../src/model/kinesis-2013-12-02.json", import.meta.url));
export const model = JSON.parse(readFileSync(modelPath, "utf8")) as Model;

export function shape(name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new Error(`no shape ${name} in the model`);
  return s;
}

export const TARGET_PREFIX = model.metadata.targetPrefix;
