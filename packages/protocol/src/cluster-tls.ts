/**
 * Mutual TLS inside the cluster: every node port (Raft, the gateway API, the
 * peer API) takes only connections that present a certificate from the
 * cluster's CA, and every node, gateway and operator tool presents one.
 *
 * A member's TLS directory holds `ca.pem` (the cluster CA's certificate),
 * `cert.pem` and `key.pem` (its own). `makeClusterCertificates` writes a new
 * CA and one such directory per member; the CA's key is written beside them
 * (`ca-key.pem`) for adding members later, and belongs nowhere else.
 *
 * Servers check the client's certificate against the CA; clients check the
 * server's against the CA, not against the address they dialled: any holder
 * of a certificate from this CA is a member of this cluster, whatever name or
 * address it is reached by (containers, pods and loopback alike).
 */
import { webcrypto } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type * as X509 from "@peculiar/x509";
import * as limits from "./limits.js";

export interface ClusterTls {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads a member's TLS directory (ca.pem, cert.pem, key.pem); throws a one-line reason when something is missing. */
export function loadClusterTls(dir: string): ClusterTls {
  const read = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`cluster TLS: ${path} is missing (make the files with: pnpm tributary certs <dir>)`);
    return readFileSync(path);
  };
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}

/** What a node's gRPC server listens with: TLS requiring a client certificate from the CA, or (without TLS) plaintext. */
export function serverCredentials(tls: ClusterTls | undefined): grpc.ServerCredentials {
  return tls ? grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true) : grpc.ServerCredentials.createInsecure();
}

/** What a client of a node port connects with: its certificate, checking the node's against the CA; or plaintext. */
export function channelCredentials(tls: ClusterTls | undefined): grpc.ChannelCredentials {
  return tls ? grpc.credentials.createSsl(tls.ca, tls.key, tls.cert, { checkServerIdentity: () => undefined }) : grpc.credentials.createInsecure();
}

/**
 * The certificate library, loaded only where certificates are made (it needs
 * the reflect-metadata polyfill, which nothing else should carry).
 */
async function loadX509(): Promise<typeof X509> {
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  return x509;
}

const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * What a certificate lets its holder do on a node port (its subject's OU):
 * a node everything; a gateway the gateway API; an operator the gateway API
 * and the operator's calls. Only nodes speak Raft and the peer protocol.
 */
export type MemberRole = "node" | "gateway" | "operator";

/** A member's role by its name: "gateway…" and "operator…" are those, every other member is a node. */
export function roleOfMember(member: string): MemberRole {
  if (member.startsWith("gateway")) return "gateway";
  if (member.startsWith("operator")) return "operator";
  return "node";
}

/** The role a peer's certificate carries: its OU, or for a certificate made without one, its member name's (undefined: neither). */
export function roleOfCertificate(cert: { subject?: Record<string, string | string[] | undefined> } | undefined): MemberRole | undefined {
  const ou = cert?.subject?.OU;
  if (ou === "node" || ou === "gateway" || ou === "operator") return ou;
  const cn = cert?.subject?.CN;
  return ou === undefined && typeof cn === "string" && cn !== "" ? roleOfMember(cn) : undefined;
}

/**
 * Writes a new cluster CA to `dir` (ca.pem, ca-key.pem) and a directory per
 * member (`dir/<member>/{ca.pem,cert.pem,key.pem}`); keys are readable by
 * their owner only. Returns the members' directories.
 */
export async function makeClusterCertificates(dir: string, members: readonly string[]): Promise<Map<string, string>> {
  const x509 = await loadX509();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = Date.now();
  const notBefore = new Date(now - 60 * 60_000); // an hour of leeway for clocks behind
  const notAfter = new Date(now + limits.clusterCertificateDays * 24 * 60 * 60_000);
  const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=Tributary cluster CA",
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const caPem = ca.toString("pem");
  writeFileSync(join(dir, "ca.pem"), `${caPem}\n`);
  writePrivate(join(dir, "ca-key.pem"), await pemKey(x509, caKeys.privateKey));
  const dirs = new Map<string, string>();
  for (const member of members) {
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${member}, OU=${roleOfMember(member)}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingKey: caKeys.privateKey,
      publicKey: keys.publicKey,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        // Every member is both a server (its node port) and a client (of the others').
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: "dns", value: member }, { type: "dns", value: "localhost" }, { type: "ip", value: "127.0.0.1" }]),
      ],
    });
    const memberDir = join(dir, member);
    mkdirSync(memberDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(memberDir, "ca.pem"), `${caPem}\n`);
    writeFileSync(join(memberDir, "cert.pem"), `${cert.toString("pem")}\n`);
    writePrivate(join(memberDir, "key.pem"), await pemKey(x509, keys.privateKey));
    dirs.set(member, memberDir);
  }
  return dirs;
}

/**
 * The cluster's certificates in `dir`, made if missing. Several processes
 * may race to make them (containers starting together on one volume): each
 * writes a complete set aside and renames it into place; the first rename
 * wins, and the others use its set.
 */
export async function ensureClusterCertificates(dir: string, members: readonly string[]): Promise<Map<string, string>> {
  const dirs = () => new Map(members.map((m) => [m, join(dir, m)]));
  if (existsSync(join(dir, "ca.pem"))) return dirs();
  const aside = `${dir}.making-${process.pid}-${serial().slice(0, 8)}`;
  await makeClusterCertificates(aside, members);
  try {
    renameSync(aside, dir);
  } catch (err) {
    rmSync(aside, { recursive: true, force: true });
    if (!existsSync(join(dir, "ca.pem"))) throw err;
  }
  return dirs();
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString("hex").replace(/^[89a-f]/, "1");
}

async function pemKey(x509: typeof X509, key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
