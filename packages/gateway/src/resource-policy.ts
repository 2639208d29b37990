/**
 * Resource policies (Put/Get/DeleteResourcePolicy): a stream's or a
 * consumer's IAM policy document, checked against AWS's policy grammar
 * before it is stored, and enforced on every signed request for that
 * resource. With one account and access keys that already may do what their
 * `allow` list says, only Deny statements change anything: a request whose
 * principal, action and resource a Deny statement matches is refused with
 * AccessDeniedException.
 *
 * A request's principal is `arn:aws:iam::<account>:user/<access key id>`;
 * a statement's Principal matches it when it is "*", {"AWS": "*"}, the
 * account (its id or `arn:aws:iam::<account>:root`), or that user ARN.
 */
import { invalidArgument } from "./errors.js";

type Statement = Record<string, unknown>;

const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const invalid = (why: string) => invalidArgument(`Invalid policy document: ${why}`);
const strings = (v: unknown): string[] | undefined => (typeof v === "string" ? [v] : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);

/** Parses and checks a policy document; throws InvalidArgumentException naming what is wrong. */
export function checkPolicy(text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid("it is not JSON");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw invalid("it is not a JSON object");
  const { Version, Statement: raw, Id } = doc as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (key !== "Version" && key !== "Statement" && key !== "Id") throw invalid(`unknown element ${key}`);
  if (Id !== undefined && typeof Id !== "string") throw invalid("Id must be a string");
  if (typeof Version !== "string" || !VERSIONS.has(Version)) throw invalid("Version must be 2012-10-17 or 2008-10-17");
  const statements = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  if (statements.length === 0) throw invalid("it has no Statement");
  statements.forEach((s, i) => checkStatement(s, i));
}

function checkStatement(s: unknown, i: number): void {
  const at = `Statement ${i + 1}`;
  if (typeof s !== "object" || s === null || Array.isArray(s)) throw invalid(`${at} is not an object`);
  const st = s as Statement;
  for (const key of Object.keys(st)) if (!KEYS.has(key)) throw invalid(`${at} has an unknown element ${key}`);
  if (st.Effect !== "Allow" && st.Effect !== "Deny") throw invalid(`${at} needs Effect Allow or Deny`);
  if ((st.Principal === undefined) === (st.NotPrincipal === undefined)) throw invalid(`${at} needs exactly one of Principal and NotPrincipal`);
  const principal = st.Principal ?? st.NotPrincipal;
  if (principal !== "*" && !(typeof principal === "object" && principal !== null && !Array.isArray(principal) && Object.entries(principal).every(([k, v]) => (k === "AWS" || k === "Service" || k === "Federated") && strings(v)))) {
    throw invalid(`${at} has a Principal that is neither "*" nor {"AWS": ...}`);
  }
  if ((st.Action === undefined) === (st.NotAction === undefined)) throw invalid(`${at} needs exactly one of Action and NotAction`);
  const actions = strings(st.Action ?? st.NotAction);
  if (!actions || !actions.every((a) => a === "*" || /^kinesis:[A-Za-z*?]+$/.test(a))) throw invalid(`${at} has an Action that is not "*" or kinesis:<operation>`);
  if (st.Resource !== undefined && st.NotResource !== undefined) throw invalid(`${at} has both Resource and NotResource`);
  if ((st.Resource !== undefined || st.NotResource !== undefined) && !strings(st.Resource ?? st.NotResource)) throw invalid(`${at} has a Resource that is not a string or a list of them`);
  // Conditions are not evaluated here; accepting one would apply its statement unconditionally.
  if (st.Condition !== undefined) throw invalid(`${at} has a Condition, which this service does not evaluate`);
}

/**
 * IAM's wildcards: * any run of characters, ? any one. Matched in linear
 * time with one backtrack point (the last *), never by a regular expression:
 * a pattern of many *s would make one backtrack catastrophically, on every
 * request to the resource.
 */
export function glob(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function principalMatches(principal: unknown, user: string, accountId: string): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  const aws = strings((principal as Record<string, unknown>).AWS) ?? [];
  return aws.some((p) => p === "*" || p === accountId || p === `arn:aws:iam::${accountId}:root` || p === user);
}

/** Whether a Deny statement of the policy refuses this principal the action on the resource. */
export function deniedByPolicy(text: string, accessKeyId: string, accountId: string, operation: string, resourceArn: string): boolean {
  if (text === "") return false;
  let statements: unknown[];
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement !== undefined ? [doc.Statement] : [];
  } catch {
    return false; // not a document the gateway stored (it checks each before storing): it denies nothing
  }
  const user = `arn:aws:iam::${accountId}:user/${accessKeyId}`;
  const action = `kinesis:${operation}`;
  return statements.some((raw) => {
    if (typeof raw !== "object" || raw === null) return false;
    const st = raw as Statement;
    if (st.Effect !== "Deny") return false;
    const principal = st.Principal !== undefined ? principalMatches(st.Principal, user, accountId) : st.NotPrincipal !== undefined && !principalMatches(st.NotPrincipal, user, accountId);
    const acts = strings(st.Action ?? st.NotAction) ?? [];
    const actionMatches = acts.some((a) => glob(a.toLowerCase(), action.toLowerCase()));
    const actionOk = st.Action !== undefined ? actionMatches : !actionMatches;
    const res = strings(st.Resource ?? st.NotResource);
    const resourceMatches = res === undefined || res.some((r) => glob(r, resourceArn));
    const resourceOk = st.NotResource !== undefined ? !resourceMatches : resourceMatches;
    return principal && actionOk && resourceOk;
  });
}
