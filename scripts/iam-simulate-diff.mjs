// Differential test of `policy eval` against iam-simulate (@cloud-copilot/iam-simulate), an
// independent TypeScript evaluator of AWS's whole decision.
//
// Run through scripts/iam-simulate-diff.sh, which installs iam-simulate in a scratch folder
// outside the repository. Usage:
//
//   node scripts/iam-simulate-diff.mjs --policy-bin PATH --scenarios N --seed S --out DIR
//
// Generates N scenarios (policy files of every layer: identity policies, permissions
// boundary, session policy, SCPs on three organization levels, RCPs, resource-based policy,
// VPC endpoint policy) with requests of every kind of caller, same and cross account, and
// decides each request with both evaluators. Every disagreement is classified by the rules
// of `DIFFERENCES` (semantics that differ by design, each with its reason); one that no rule
// explains is printed in full and fails the run. The last line is `N passed, N failed`.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const policyBin = args['policy-bin'];
const scenarioCount = Number(args.scenarios ?? 300);
const out = args.out;
const modules = args.modules ?? process.env.IAM_SIMULATE_MODULES;
if (!policyBin || !out || !modules) {
  console.error('usage: iam-simulate-diff.mjs --policy-bin PATH --out DIR --modules NODE_MODULES [--scenarios N] [--seed S]');
  process.exit(2);
}
const { runSimulation, anonymousPrincipal } = createRequire(path.join(modules, 'x.js'))(
  '@cloud-copilot/iam-simulate',
);

// A small deterministic generator (mulberry32), so that a seed names a run.
let state = Number(args.seed ?? 1) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;

// The accounts, callers and resources of every scenario.
const HOME = '111111111111';
const OTHER = '222222222222';
const ORG = 'o-a1b2c3d4e5';
const CALLERS = {
  user: `arn:aws:iam::${HOME}:user/alice`,
  roleSession: `arn:aws:sts::${HOME}:assumed-role/Reader/session`,
  federated: `arn:aws:sts::${HOME}:federated-user/bob`,
  serviceLinked: `arn:aws:sts::${HOME}:assumed-role/AWSServiceRoleForSupport/session`,
  root: `arn:aws:iam::${HOME}:root`,
  otherUser: `arn:aws:iam::${OTHER}:user/carol`,
  service: 'cloudtrail.amazonaws.com',
  anonymous: 'anonymous',
};
const ROLE = `arn:aws:iam::${HOME}:role/Reader`;
/** `[action, resource, resource account]`: requests every scenario picks from. */
const TARGETS = [
  ['s3:GetObject', 'arn:aws:s3:::shared/data/a.txt', HOME],
  ['s3:GetObject', 'arn:aws:s3:::shared/data/a.txt', OTHER],
  ['s3:PutObject', 'arn:aws:s3:::shared/logs/b.txt', HOME],
  ['s3:PutObject', 'arn:aws:s3:::shared/logs/b.txt', OTHER],
  ['s3:ListAllMyBuckets', '*', HOME],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${HOME}:queue`, HOME],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:queue`, OTHER],
  ['kms:Decrypt', `arn:aws:kms:us-east-1:${HOME}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, HOME],
  ['kms:Decrypt', `arn:aws:kms:us-east-1:${OTHER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, OTHER],
  ['sts:AssumeRole', `arn:aws:iam::${HOME}:role/Target`, HOME],
  ['ec2:StartInstances', `arn:aws:ec2:us-east-1:${HOME}:instance/i-0123456789abcdef0`, HOME],
];

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:*', 's3:Get*', 'sqs:*', 'sqs:SendMessage', 'kms:Decrypt', 'kms:*', 'sts:AssumeRole', 'ec2:StartInstances', 'ec2:*', '*'];
const SCP_ACTIONS = ['s3:*', 's3:GetObject', 'sqs:*', 'kms:*', 'sts:*', 'ec2:*', '*'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::shared/*',
  'arn:aws:s3:::shared/data/*',
  'arn:aws:s3:::shared/logs/b.txt',
  `arn:aws:sqs:us-east-1:${HOME}:queue`,
  'arn:aws:sqs:*:*:queue',
  `arn:aws:kms:us-east-1:*:key/*`,
  `arn:aws:iam::${HOME}:role/Target`,
  `arn:aws:ec2:us-east-1:${HOME}:instance/*`,
];
const CONDITIONS = [
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
  { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG } },
  { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
  { StringEquals: { 'aws:PrincipalAccount': HOME } },
  { StringNotEquals: { 'aws:ResourceAccount': HOME } },
];
const PRINCIPALS = [
  '*',
  { AWS: HOME },
  { AWS: `arn:aws:iam::${HOME}:root` },
  { AWS: OTHER },
  { AWS: CALLERS.user },
  { AWS: ROLE },
  { AWS: CALLERS.roleSession },
  { AWS: CALLERS.otherUser },
  { Service: CALLERS.service },
];

/** A statement of the given kind of policy. */
function statement(kind, effect) {
  const s = { Effect: effect };
  const actions = kind === 'scp' ? SCP_ACTIONS : ACTIONS;
  const list = [pick(actions), ...(chance(0.3) ? [pick(actions)] : [])];
  if (effect === 'Deny' && chance(0.2) && kind !== 'rcp') s.NotAction = list;
  else s.Action = list;
  if (kind === 'rcp') s.Action = list.filter((a) => a !== '*' && !a.startsWith('ec2:')).concat('s3:*');
  if (kind === 'resource' || kind === 'endpoint' || kind === 'rcp') {
    if (kind === 'rcp' || kind === 'endpoint') s.Principal = '*';
    else if (effect === 'Deny' && chance(0.15)) s.NotPrincipal = { AWS: pick([CALLERS.user, ROLE, HOME]) };
    else s.Principal = pick(PRINCIPALS);
  }
  if (effect === 'Deny' && chance(0.15) && kind !== 'rcp') s.NotResource = [pick(RESOURCES.slice(1))];
  else if (effect === 'Allow' && chance(0.4)) s.Resource = ['*']; // so that grants are common
  else s.Resource = [pick(RESOURCES)];
  const conditions = kind === 'scp' && effect === 'Allow' ? 0 : chance(0.45) ? 1 : 0;
  if (conditions) s.Condition = pick(CONDITIONS);
  return s;
}

function policy(kind, allows, denies) {
  const statements = [];
  for (let i = 0; i < allows; i++) statements.push(statement(kind, 'Allow'));
  for (let i = 0; i < denies; i++) statements.push(statement(kind, 'Deny'));
  return { Version: '2012-10-17', Statement: statements };
}

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** One scenario: its policies and the requests decided against them. */
function scenario() {
  const s = { identity: [policy('identity', 1 + Math.floor(random() * 2), chance(0.4) ? 1 : 0)] };
  if (chance(0.3)) s.identity.push(policy('identity', 1, 0));
  if (chance(0.35)) s.boundary = policy('identity', 1, chance(0.2) ? 1 : 0);
  if (chance(0.5)) {
    // Three levels: root, an OU, the account; FullAWSAccess where AWS attaches it by default.
    s.scp = [0, 1, 2].map(() => {
      const level = chance(0.75) ? [FULL_AWS_ACCESS] : [policy('scp', 1, 0)];
      if (chance(0.3)) level.push(policy('scp', 0, 1));
      return level;
    });
  }
  if (chance(0.35)) s.rcp = [[policy('rcp', 0, 1)]];
  if (chance(0.6)) s.resource = policy('resource', 1 + Math.floor(random() * 2), chance(0.3) ? 1 : 0);
  if (chance(0.2)) s.endpoint = policy('endpoint', 1, chance(0.3) ? 1 : 0);
  // iam-simulate takes session policies for role and federated sessions only.
  s.session = chance(0.25) ? policy('identity', 1, 0) : undefined;
  const callers = s.session
    ? ['roleSession', 'federated']
    : Object.keys(CALLERS);
  s.requests = [];
  for (let i = 0; i < 12; i++) {
    const [action, resource, account] = pick(TARGETS);
    const caller = pick(callers);
    const context = {};
    if (chance(0.7)) context['aws:RequestedRegion'] = pick(['us-east-1', 'eu-west-1', 'ap-south-1']);
    if (chance(0.6)) context['aws:SecureTransport'] = pick(['true', 'false']);
    if (chance(0.5) && caller !== 'anonymous' && caller !== 'service') {
      context['aws:PrincipalOrgID'] = pick([ORG, 'o-f6g7h8i9j0']);
    }
    if (chance(0.3)) context['aws:SourceVpce'] = pick(['vpce-1a2b3c4d', 'vpce-9z8y7x6w']);
    // The keys AWS fills from the request, given to both evaluators alike.
    const principalAccount = { otherUser: OTHER, service: undefined, anonymous: undefined }[caller] ?? (caller in CALLERS ? HOME : undefined);
    if (principalAccount && caller !== 'service' && caller !== 'anonymous') context['aws:PrincipalAccount'] = principalAccount;
    context['aws:ResourceAccount'] = account;
    s.requests.push({ action, resource, account, caller, context });
  }
  return s;
}

/** `policy eval`'s arguments for a scenario whose files are in `dir`. */
function ourArgs(s, dir) {
  const write = (name, document) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(document, null, 1));
    return file;
  };
  const a = ['eval', '--format', 'json'];
  s.identity.forEach((p, i) => a.push('--policy', write(`identity-${i}.json`, p)));
  if (s.boundary) a.push('--boundary', write('boundary.json', s.boundary));
  if (s.session) a.push('--session-policy', write('session.json', s.session));
  (s.scp ?? []).forEach((level, l) =>
    a.push('--scp', level.map((p, i) => write(`scp-${l}-${i}.json`, p)).join(',')),
  );
  (s.rcp ?? []).forEach((level, l) =>
    a.push('--rcp', level.map((p, i) => write(`rcp-${l}-${i}.json`, p)).join(',')),
  );
  if (s.resource) a.push('--resource-policy-file', write('resource.json', s.resource));
  if (s.endpoint) a.push('--endpoint-policy', write('endpoint.json', s.endpoint));
  return a;
}

function ourLine(r) {
  const principal = r.caller === 'anonymous' ? 'anonymous' : r.caller === 'service' ? `Service:${CALLERS.service}` : CALLERS[r.caller];
  return JSON.stringify({ action: r.action, resource: r.resource, principal, resource_account: r.account, context: r.context });
}

/** Decides every request of a scenario with `policy eval`; `null` when it refuses a policy. */
function ours(s, dir) {
  const requests = s.requests.map(ourLine).join('\n') + '\n';
  try {
    const stdout = execFileSync(policyBin, [...ourArgs(s, dir), '--requests', '-'], {
      input: requests,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  } catch (e) {
    return { refused: (e.stderr ?? '').toString() };
  }
}

const named = (prefix) => (p, i) => ({ name: `${prefix}-${i}`, policy: p });

/** Decides one request with iam-simulate, its simulation changed by `transform` if given. */
async function theirs(s, r, transform = (simulation) => simulation) {
  const anonymous = r.caller === 'anonymous';
  const simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : CALLERS[r.caller],
      action: r.action,
      resource: { resource: r.resource, accountId: r.account },
      contextVariables: r.context,
    },
    // Identity policies, boundaries, session policies and SCPs do not apply to anonymous
    // callers, and iam-simulate refuses them for one.
    identityPolicies: anonymous ? [] : s.identity.map(named('identity')),
    serviceControlPolicies: anonymous
      ? []
      : (s.scp ?? []).map((level, l) => ({ orgIdentifier: `level-${l + 1}`, policies: level.map(named(`scp-${l}`)) })),
    resourceControlPolicies: (s.rcp ?? []).map((level, l) => ({ orgIdentifier: `level-${l + 1}`, policies: level.map(named(`rcp-${l}`)) })),
  };
  if (s.resource) simulation.resourcePolicy = s.resource;
  if (s.boundary && !anonymous) simulation.permissionBoundaryPolicies = [{ name: 'boundary', policy: s.boundary }];
  if (s.endpoint) simulation.vpcEndpointPolicies = [{ name: 'endpoint', policy: s.endpoint }];
  if (s.session) simulation.sessionPolicy = s.session;
  const response = await runSimulation(transform(simulation), {});
  if (response.resultType === 'error') return { error: response.errors };
  return { result: response.overallResult, analysis: response.result?.analysis };
}

const WORD = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

/**
 * Where the two evaluators differ by design. Each rule names the callers it is about and the
 * change to iam-simulate's input that expresses AWS's rule; a disagreement is explained when
 * the rule is about the caller and iam-simulate, given the changed input, decides as
 * `policy eval` does. A disagreement no rule explains fails the run.
 */
const DIFFERENCES = [
  {
    name: 'service-linked-role-not-restricted-by-scps-or-rcps',
    reason:
      'AWS: SCPs and RCPs do not restrict service-linked roles. iam-simulate applies both to every authenticated caller (explained: iam-simulate without the SCPs and RCPs agrees).',
    about: (r) => r.caller === 'serviceLinked',
    transform: (simulation) => ({ ...simulation, serviceControlPolicies: [], resourceControlPolicies: [] }),
  },
  {
    name: 'service-principal-has-no-identity-policies-boundary-or-scps',
    reason:
      "AWS: a service principal is granted by the resource-based policy alone; the identity policies, permissions boundary and SCPs of an account's IAM principals are not its own. iam-simulate applies their Deny statements (and the SCPs) to service principals (explained: iam-simulate without them agrees).",
    about: (r) => r.caller === 'service',
    transform: ({ permissionBoundaryPolicies, ...simulation }) => ({
      ...simulation,
      identityPolicies: [],
      serviceControlPolicies: [],
    }),
  },
  {
    name: 'root-user-has-full-access-in-its-account',
    reason:
      'AWS: the root user has no identity policies or permissions boundary; it may do anything its own account allows, limited by SCPs, RCPs, Deny statements and the resource policies that must allow (KMS key policies, role trust policies, and across accounts). iam-simulate decides the root user with the identity policies given, as an IAM user (explained: iam-simulate with an Allow-everything identity policy and no boundary for the root user agrees).',
    about: (r) => r.caller === 'root',
    transform: ({ permissionBoundaryPolicies, ...simulation }) => ({
      ...simulation,
      identityPolicies: [{ name: 'root', policy: FULL_AWS_ACCESS }],
    }),
  },
  {
    name: 'a-role-without-a-trust-policy-trusts-no-one',
    reason:
      "AWS: every role has a trust policy, which must allow sts:AssumeRole even in the role's own account; a scenario that gives none is decided by `policy eval` as a trust policy that allows nothing. iam-simulate takes a missing resource policy as not simulated and lets the identity policies decide (explained: iam-simulate given a trust policy that trusts only an unrelated account agrees).",
    about: (r, s) => r.action === 'sts:AssumeRole' && !s.resource,
    transform: (simulation) => ({
      ...simulation,
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }],
      },
    }),
  },
  {
    name: 'a-grant-to-the-session-arn-is-not-limited-by-session-policies',
    reason:
      "AWS: when a resource-based policy names the session's own ARN, its permissions are added after the session policies are applied, so they are not limited by them. iam-simulate lets a session policy that does not allow decide first (explained: iam-simulate without the session policy agrees).",
    about: (r, s) =>
      s.session && s.resource && namesCaller(s.resource, CALLERS[r.caller]),
    transform: ({ sessionPolicy, ...simulation }) => simulation,
  },
  {
    name: 'a-grant-to-everyone-is-bounded',
    reason:
      "AWS: in the caller's own account, a resource-based policy escapes the permissions boundary and session policies only when it names the user's or the session's own ARN; `\"Principal\": \"*\"` names no one, so `policy eval` bounds it like a grant to the role. iam-simulate takes `*` as naming the caller and lets it bypass the boundary (explained: iam-simulate with `*` replaced by the caller's account, a grant its boundary limits, agrees).",
    about: (r, s) =>
      (s.boundary || s.session) && s.resource && s.resource.Statement.some((st) => st.Effect === 'Allow' && st.Principal === '*'),
    transform: (simulation) => ({
      ...simulation,
      resourcePolicy: {
        ...simulation.resourcePolicy,
        Statement: simulation.resourcePolicy.Statement.map((st) =>
          st.Effect === 'Allow' && st.Principal === '*' ? { ...st, Principal: { AWS: HOME } } : st,
        ),
      },
    }),
  },
];

/** Whether an `Allow` of `policy` names `arn` exactly. */
function namesCaller(policy, arn) {
  return policy.Statement.some(
    (st) => st.Effect === 'Allow' && st.Principal?.AWS !== undefined && [st.Principal.AWS].flat().includes(arn),
  );
}

/** Every non-empty subset of `items`, smallest first. */
function subsets(items) {
  const all = [];
  for (let mask = 1; mask < 1 << items.length; mask++) all.push(items.filter((_, i) => mask & (1 << i)));
  return all.sort((a, b) => a.length - b.length);
}

/**
 * The rules that explain a disagreement, if some do: the smallest set of rules about the
 * request whose changes together make iam-simulate decide as `policy eval` does.
 */
async function explain(s, r, our) {
  const candidates = DIFFERENCES.filter((d) => d.about(r, s));
  for (const rules of subsets(candidates)) {
    const transform = (simulation) => rules.reduce((sim, d) => d.transform(sim), simulation);
    const their = await theirs(s, r, transform);
    if (!their.error && WORD[their.result] === our.decision) return rules;
  }
  return undefined;
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  let agreed = 0;
  let explained = 0;
  const byRule = {};
  const unexplained = [];
  let refusedByUs = 0;
  let refusedByThem = 0;
  const layers = {};
  for (let n = 0; n < scenarioCount; n++) {
    const s = scenario();
    const dir = path.join(out, `scenario-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    const decisions = ours(s, dir);
    if (!Array.isArray(decisions)) {
      refusedByUs++;
      fs.writeFileSync(path.join(dir, 'refused.txt'), decisions.refused);
      continue;
    }
    let kept = false;
    for (const [i, r] of s.requests.entries()) {
      const their = await theirs(s, r);
      if (their.error) {
        refusedByThem++;
        continue;
      }
      const our = decisions[i];
      const decided = `${our.decision} ${our.layer}${our.level ? ' ' + our.level : ''}`;
      layers[decided] = (layers[decided] ?? 0) + 1;
      if (WORD[their.result] === our.decision) {
        agreed++;
        continue;
      }
      const rules = await explain(s, r, our);
      if (rules) {
        explained++;
        for (const rule of rules) byRule[rule.name] = (byRule[rule.name] ?? 0) + 1;
        continue;
      }
      kept = true;
      unexplained.push({ scenario: n, request: i, line: ourLine(r), ours: our, theirs: their.result, blockedBy: their.analysis?.blockedBy });
    }
    if (!kept) fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const d of unexplained) {
    console.log(`DISAGREE scenario-${d.scenario} request ${d.request}: ours ${d.ours.decision} (${d.ours.layer}${d.ours.level ? ' ' + d.ours.level : ''}), iam-simulate ${d.theirs} ${JSON.stringify(d.blockedBy ?? [])}\n  ${d.line}`);
  }
  console.log(`scenarios: ${scenarioCount} (${refusedByUs} with a policy policy-eval refuses); requests decided by both: ${agreed + explained + unexplained.length}; refused by iam-simulate: ${refusedByThem}`);
  const tally = Object.entries(layers).sort().map(([k, v]) => `${k}: ${v}`);
  console.log(`decisions of policy eval by deciding layer: ${tally.join(', ')}`);
  for (const d of DIFFERENCES) {
    console.log(`differs by design: ${d.name}: ${byRule[d.name] ?? 0} requests: ${d.reason}`);
  }
  console.log(`differential: ${agreed + explained} passed, ${unexplained.length} failed`);
  process.exit(unexplained.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
