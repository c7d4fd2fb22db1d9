/**
 * Policy decisions per second, ours against two peers, same scenarios, same run:
 *
 *   gatehouse          evaluate() over policies compiled once (compilePolicy), the server's hot path
 *   iam-simulate       @cloud-copilot/iam-simulate runUnsafeSimulation (its fastest entry: no input
 *                      validation; it has no precompiled form, so it loads the policies per call)
 *   cedar is_authorized       @cedar-policy/cedar-wasm isAuthorized, policy text parsed per call
 *   cedar stateful            statefulIsAuthorized over a preparsed policy set (Cedar's fastest path)
 *
 * Scenarios: (a) 3 identity policies x 10 statements, most with conditions, for a user asking
 * for s3:GetObject in its home folder from the office network; (b) AdministratorAccess with a
 * permissions boundary that allows IAM reads, for iam:GetUser. The Cedar peer gets the same
 * statements translated to Cedar (toCedar below). The run first checks that every engine
 * reaches the same decision, then for each: a warm-up, then batches sized to take about 40 ms;
 * the figure is the median over batches of the mean time per decision (single decisions are
 * too short to time one by one). Nothing asserts on time.
 *
 * Run: node --import tsx bench/policy.ts [batches=25]
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { compilePolicy, evaluate, parsePolicy, type AuthorizationRequest, type CompiledPolicy, type PolicyKind, type PolicySet } from '../packages/policy/src/index.js';

// ------------------------------------------------------------------ scenarios

const ACCOUNT = '111122223333';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/bob`;

type Statement = {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};
type Document = { Version: '2012-10-17'; Statement: Statement[] };

const doc = (...statements: Statement[]): Document => ({ Version: '2012-10-17', Statement: statements });
const office = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } };
const https = { Bool: { 'aws:SecureTransport': 'true' } };

const scenarioA = {
  name: '(a) 3 policies x 10 statements with conditions',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::corp-data/home/bob/report.csv',
  context: {
    'aws:SourceIp': '203.0.113.10',
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': '2025-03-14T09:26:53Z',
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': '300',
    'aws:RequestedRegion': 'us-east-1',
    's3:prefix': 'home/bob/',
  } as Record<string, string>,
  identity: [
    doc(
      { Sid: 'ListOwnPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::corp-data', Condition: { StringLike: { 's3:prefix': ['home/bob/*'] } } },
      { Sid: 'ReadOwnHome', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::corp-data/home/bob/*', Condition: { ...office, ...https } },
      { Sid: 'WriteOwnHome', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::corp-data/home/bob/*', Condition: { ...https, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
      { Sid: 'ReadShared', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::corp-data/shared/*', Condition: office },
      { Sid: 'DenyPlainHttp', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyOtherRegions', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
      { Sid: 'DenyPayroll', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::corp-payroll/*' },
      { Sid: 'ReadLogsAfterCutover', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-logs/*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } } },
      { Sid: 'ListBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
      { Sid: 'TagObjects', Effect: 'Allow', Action: 's3:PutObjectTagging', Resource: 'arn:aws:s3:::corp-data/*', Condition: https },
    ),
    doc(
      { Sid: 'OwnAccessKeys', Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: `arn:aws:iam::${ACCOUNT}:user/bob` },
      { Sid: 'OwnPassword', Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${ACCOUNT}:user/bob` },
      { Sid: 'OwnMfa', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: `arn:aws:iam::${ACCOUNT}:mfa/bob` },
      { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*', Condition: office },
      { Sid: 'DenyWithoutMfa', Effect: 'Deny', NotAction: ['iam:ChangePassword', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'sts:GetSessionToken'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
      { Sid: 'DenyOutsideOffice', Effect: 'Deny', NotAction: 'iam:ChangePassword', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } } },
      { Sid: 'Dynamo', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/reports`, Condition: office },
      { Sid: 'Sqs', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/*` },
      { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    ),
    doc(
      { Sid: 'Ec2Describe', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
      { Sid: 'Ec2StartStop', Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`, Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
      { Sid: 'KmsDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, Condition: https },
      { Sid: 'DenyKmsDelete', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DeleteAlias'], Resource: '*' },
      { Sid: 'Lambda', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:report-*` },
      { Sid: 'DenyAfterHours', Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
      { Sid: 'Sns', Effect: 'Allow', Action: 'sns:Publish', Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` },
      { Sid: 'SecretsRead', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/*`, Condition: { ...office, ...https } },
      { Sid: 'S3ReadArchive', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-archive/*', Condition: office },
      { Sid: 'DenyDeleteBucket', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ),
  ],
  boundary: undefined as Document | undefined,
};

const scenarioB = {
  name: '(b) AdministratorAccess + permissions boundary',
  action: 'iam:GetUser',
  resource: `arn:aws:iam::${ACCOUNT}:user/alice`,
  context: { 'aws:SourceIp': '203.0.113.10', 'aws:SecureTransport': 'true', 'aws:CurrentTime': '2025-03-14T09:26:53Z' } as Record<string, string>,
  identity: [doc({ Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' })],
  boundary: doc(
    { Sid: 'IamRead', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
    { Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Sid: 'DenyBoundaryChanges', Effect: 'Deny', Action: ['iam:DeleteUserPermissionsBoundary', 'iam:PutUserPermissionsBoundary'], Resource: '*' },
  ) as Document | undefined,
};

type Scenario = typeof scenarioA;

// ------------------------------------------------------------------ Cedar translation

/** Context keys as Cedar record fields. */
const CEDAR_KEY: Record<string, string> = {
  'aws:SourceIp': 'sourceIp',
  'aws:SecureTransport': 'secureTransport',
  'aws:CurrentTime': 'currentTime',
  'aws:MultiFactorAuthPresent': 'mfaPresent',
  'aws:MultiFactorAuthAge': 'mfaAge',
  'aws:RequestedRegion': 'requestedRegion',
  's3:prefix': 's3Prefix',
};

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const quote = (text: string) => JSON.stringify(text);
/** Cedar `like` has `*` only; none of the scenarios' patterns use `?`. */
const like = (subject: string, pattern: string) => (pattern === '*' ? 'true' : `${subject} like ${quote(pattern)}`);
const anyOf = (terms: string[]) => (terms.length === 1 ? (terms[0] as string) : `(${terms.join(' || ')})`);

function cedarCondition(operator: string, key: string, values: string[]): string {
  const field = `context.${CEDAR_KEY[key] ?? key}`;
  switch (operator) {
    case 'StringEquals':
      return anyOf(values.map((v) => `${field} == ${quote(v)}`));
    case 'StringNotEquals':
      return `!(${anyOf(values.map((v) => `${field} == ${quote(v)}`))})`;
    case 'StringLike':
      return anyOf(values.map((v) => like(field, v)));
    case 'Bool':
      return anyOf(values.map((v) => `${field} == ${v === 'true'}`));
    case 'NumericLessThan':
      return anyOf(values.map((v) => `${field} < ${Number(v)}`));
    case 'IpAddress':
      return anyOf(values.map((v) => `${field}.isInRange(ip(${quote(v)}))`));
    case 'NotIpAddress':
      return `!(${anyOf(values.map((v) => `${field}.isInRange(ip(${quote(v)}))`))})`;
    case 'DateGreaterThan':
      return anyOf(values.map((v) => `${field} > datetime(${quote(v)})`));
    default:
      throw new Error(`no Cedar translation for ${operator}`);
  }
}

/** A statement's action, resource and conditions as one Cedar expression. */
function cedarMatch(statement: Statement): string {
  const actions =
    statement.Action !== undefined
      ? anyOf(list(statement.Action).map((a) => like('context.action', a.toLowerCase())))
      : `!(${anyOf(list(statement.NotAction).map((a) => like('context.action', a.toLowerCase())))})`;
  const resources = anyOf(list(statement.Resource).map((r) => like('context.resource', r)));
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) => Object.entries(keys).map(([key, values]) => cedarCondition(operator, key, list(values))));
  return [actions, resources, ...conditions].join(' && ');
}

/**
 * One Cedar policy per statement. Cedar permits when any permit holds and no forbid does; a
 * permissions boundary is an intersection, so with a boundary each identity permit also
 * requires one of the boundary's Allow statements, and boundary Deny statements become forbids.
 */
function toCedar(identity: Document[], boundary?: Document): string {
  const boundaryAllows = boundary ? anyOf(boundary.Statement.filter((s) => s.Effect === 'Allow').map((s) => `(${cedarMatch(s)})`)) : undefined;
  const out: string[] = [];
  const emit = (statement: Statement, extra?: string) => {
    const effect = statement.Effect === 'Allow' ? 'permit' : 'forbid';
    const when = extra ? `(${cedarMatch(statement)}) && ${extra}` : cedarMatch(statement);
    out.push(`@id(${quote(statement.Sid)})\n${effect}(principal == User::${quote(USER_ARN)}, action, resource) when { ${when} };`);
  };
  for (const document of identity) for (const statement of document.Statement) emit(statement, statement.Effect === 'Allow' ? boundaryAllows : undefined);
  for (const statement of boundary?.Statement ?? []) if (statement.Effect === 'Deny') emit({ ...statement, Sid: `boundary-${statement.Sid}` });
  return out.join('\n');
}

/** The request context as Cedar values, typed as the translated conditions expect. */
function cedarContext(scenario: Scenario): Record<string, unknown> {
  const c = scenario.context;
  return {
    action: scenario.action.toLowerCase(),
    resource: scenario.resource,
    sourceIp: { __extn: { fn: 'ip', arg: c['aws:SourceIp'] } },
    secureTransport: c['aws:SecureTransport'] === 'true',
    currentTime: { __extn: { fn: 'datetime', arg: c['aws:CurrentTime'] } },
    ...(c['aws:MultiFactorAuthPresent'] ? { mfaPresent: c['aws:MultiFactorAuthPresent'] === 'true' } : {}),
    ...(c['aws:MultiFactorAuthAge'] ? { mfaAge: Number(c['aws:MultiFactorAuthAge']) } : {}),
    ...(c['aws:RequestedRegion'] ? { requestedRegion: c['aws:RequestedRegion'] } : {}),
    ...(c['s3:prefix'] ? { s3Prefix: c['s3:prefix'] } : {}),
  };
}

// ------------------------------------------------------------------ measurement

const BATCHES = Number(process.argv[2] ?? 25);

function compile(document: Document, kind: PolicyKind, id: string): CompiledPolicy {
  const parsed = parsePolicy(JSON.stringify(document), { kind });
  if (!parsed.ok) throw new Error(`${id}: ${parsed.errors[0]?.message}`);
  return compilePolicy(parsed.policy, { type: kind === 'boundary' ? 'boundary' : 'identity', id });
}

interface Engine {
  readonly name: string;
  /** true when allowed */
  decide(): boolean;
}

function engines(scenario: Scenario): Engine[] {
  // Ours: the request as the server builds it, with typed context values.
  const policies: PolicySet = {
    identity: scenario.identity.map((d, i) => compile(d, 'identity', `identity-${i}`)),
    ...(scenario.boundary ? { boundary: compile(scenario.boundary, 'boundary', 'boundary') } : {}),
  };
  const context: Record<string, string | boolean | number> = {};
  for (const [key, value] of Object.entries(scenario.context)) context[key] = value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
  const request: AuthorizationRequest = {
    principal: { type: 'IAMUser', accountId: '111122223333', arn: USER_ARN, userId: 'AIDAEXAMPLEBOB0000001', username: 'bob' },
    action: scenario.action,
    resource: scenario.resource,
    context,
  };

  const simulation: Simulation = {
    request: { principal: USER_ARN, action: scenario.action, resource: { resource: scenario.resource, accountId: '111122223333' }, contextVariables: scenario.context },
    identityPolicies: scenario.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(scenario.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: scenario.boundary }] } : {}),
  };

  const cedarPolicies = toCedar(scenario.identity, scenario.boundary);
  const setId = `bench-${scenario.name}`;
  const preparsed = cedar.preparsePolicySet(setId, { staticPolicies: cedarPolicies });
  if (preparsed.type !== 'success') throw new Error(`Cedar policies do not parse: ${JSON.stringify(preparsed)}`);
  const cedarCall = {
    principal: { type: 'User', id: USER_ARN },
    action: { type: 'Action', id: scenario.action },
    resource: { type: 'Resource', id: scenario.resource },
    context: cedarContext(scenario) as cedar.Context,
    entities: [],
  };
  const cedarAllowed = (answer: cedar.AuthorizationAnswer) => {
    if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`);
    if (answer.response.diagnostics.errors.length > 0) throw new Error(`Cedar policy errors: ${JSON.stringify(answer.response.diagnostics.errors)}`);
    return answer.response.decision === 'allow';
  };

  return [
    { name: 'gatehouse', decide: () => evaluate(request, policies).decision === 'allowed' },
    { name: 'iam-simulate', decide: () => runUnsafeSimulation(simulation, {}) === 'Allowed' },
    { name: 'cedar is_authorized', decide: () => cedarAllowed(cedar.isAuthorized({ ...cedarCall, policies: { staticPolicies: cedarPolicies } })) },
    { name: 'cedar stateful', decide: () => cedarAllowed(cedar.statefulIsAuthorized({ ...cedarCall, preparsedPolicySetId: setId })) },
  ];
}

let sink = 0;

/** Median over batches of the mean nanoseconds per decision. */
function measure(engine: Engine): number {
  // Warm up for ~300 ms so the JIT has settled, and size batches to ~40 ms.
  let iterations = 1;
  const warmStart = performance.now();
  while (performance.now() - warmStart < 300) {
    for (let i = 0; i < iterations; i++) sink += engine.decide() ? 1 : 0;
    iterations = Math.min(iterations * 2, 1 << 20);
  }
  const probeStart = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += engine.decide() ? 1 : 0;
  const perCall = Number(process.hrtime.bigint() - probeStart) / iterations;
  const batchSize = Math.max(1, Math.round(40e6 / perCall));
  const means: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) sink += engine.decide() ? 1 : 0;
    means.push(Number(process.hrtime.bigint() - start) / batchSize);
  }
  means.sort((a, b) => a - b);
  return means[Math.floor(means.length / 2)] as number;
}

const format = (ns: number) => (ns < 1000 ? `${(ns / 1000).toFixed(3)} µs` : `${(ns / 1000).toFixed(1)} µs`);

console.log(`policy decisions — node ${process.version}, median of ${BATCHES} batches\n`);
for (const scenario of [scenarioA, scenarioB]) {
  const list = engines(scenario);
  const decisions = list.map((engine) => engine.decide());
  console.log(`${scenario.name}: ${scenario.action} on ${scenario.resource}`);
  console.log(`  decisions: ${list.map((engine, i) => `${engine.name}=${decisions[i] ? 'allow' : 'deny'}`).join(', ')}`);
  if (new Set(decisions).size !== 1) console.log('  WARNING: the engines disagree; figures are not comparable');
  const results = list.map((engine) => ({ name: engine.name, ns: measure(engine) }));
  const ours = results[0]?.ns ?? NaN;
  for (const { name, ns } of results) {
    const ratio = name === 'gatehouse' ? '' : `   ${(ns / ours).toFixed(0)}x slower than gatehouse`;
    console.log(`  ${name.padEnd(20)} ${format(ns).padStart(12)} median/decision ${Math.round(1e9 / ns).toLocaleString('en-US').padStart(13)} decisions/s${ratio}`);
  }
  console.log('');
}
if (sink < 0) console.log(sink);
