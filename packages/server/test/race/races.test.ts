import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeleteLoginProfileCommand,
  DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagInstanceProfileCommand,
  TagMFADeviceCommand,
  TagOpenIDConnectProviderCommand,
  TagRoleCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createAccount } from '../../src/bootstrap.js';
import { systemRandom } from '../../src/crypto/random.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

/**
 * Two calls that contradict each other, fired at the same moment: on PostgreSQL through two
 * Gatehouse nodes sharing one database, on SQLite through one server. Neither may answer 5xx;
 * together their answers must be those of the two calls made one after the other, in either
 * order; and afterwards no row may have lost its parent. bench/races.ts runs the same pairs
 * many more times.
 */
const ITERATIONS = Number(process.env.GATEHOUSE_RACE_ITERATIONS ?? (process.env.CI ? 50 : 12));
// Races of one pair run a few at a time, so each pair also meets load from its siblings.
const IN_FLIGHT = 5;

const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const PASSWORD = 'Race-condition-1!';

type Outcome = string;

interface Race {
  name: string;
  /** makes what the two calls contend for; answers the two calls */
  setup(iam: IAMClient, id: string, accountId: string): Promise<[(iam: IAMClient) => Promise<unknown>, (iam: IAMClient) => Promise<unknown>]>;
  /** the answer pairs of the two calls made one after the other, in either order */
  serial: readonly (readonly [Outcome, Outcome])[];
  /** checks made after a race, e.g. that a policy created again is attached to nothing */
  after?(iam: IAMClient, id: string, outcome: readonly [Outcome, Outcome], accountId: string): Promise<void>;
}

const policyArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:policy/${name}`;

const races: Race[] = [
  {
    name: 'DeleteUser vs CreateAccessKey',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new CreateAccessKeyCommand({ UserName: id }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteUser vs AddUserToGroup',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreateGroupCommand({ GroupName: `g-${id}` }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new AddUserToGroupCommand({ UserName: id, GroupName: `g-${id}` }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteUser vs CreateLoginProfile',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new CreateLoginProfileCommand({ UserName: id, Password: PASSWORD }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteUser vs PutUserPolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new PutUserPolicyCommand({ UserName: id, PolicyName: 'inline', PolicyDocument: DOC }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteUser vs AttachUserPolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new AttachUserPolicyCommand({ UserName: id, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteUser vs TagUser',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      return [(c) => c.send(new DeleteUserCommand({ UserName: id })), (c) => c.send(new TagUserCommand({ UserName: id, Tags: [{ Key: 'team', Value: 'race' }] }))];
    },
    // Tags do not hold a user back: tagged first, the user is deleted with its tags.
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteGroup vs AddUserToGroup',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreateGroupCommand({ GroupName: `g-${id}` }));
      return [(c) => c.send(new DeleteGroupCommand({ GroupName: `g-${id}` })), (c) => c.send(new AddUserToGroupCommand({ UserName: id, GroupName: `g-${id}` }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteGroup vs PutGroupPolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateGroupCommand({ GroupName: `g-${id}` }));
      return [(c) => c.send(new DeleteGroupCommand({ GroupName: `g-${id}` })), (c) => c.send(new PutGroupPolicyCommand({ GroupName: `g-${id}`, PolicyName: 'inline', PolicyDocument: DOC }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteGroup vs AttachGroupPolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateGroupCommand({ GroupName: `g-${id}` }));
      return [(c) => c.send(new DeleteGroupCommand({ GroupName: `g-${id}` })), (c) => c.send(new AttachGroupPolicyCommand({ GroupName: `g-${id}`, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeletePolicy vs AttachUserPolicy',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      return [(c) => c.send(new DeletePolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) })), (c) => c.send(new AttachUserPolicyCommand({ UserName: id, PolicyArn: policyArn(accountId, `p-${id}`) }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
    // A policy created again under the name is a new policy: nothing was attached to it.
    after: async (iam, id, [deleted], accountId) => {
      if (deleted !== 'OK') return;
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) }));
      expect([...(entities.PolicyUsers ?? []), ...(entities.PolicyGroups ?? []), ...(entities.PolicyRoles ?? [])]).toEqual([]);
    },
  },
  {
    name: 'DeletePolicy vs PutUserPermissionsBoundary',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      return [
        (c) => c.send(new DeletePolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) })),
        (c) => c.send(new PutUserPermissionsBoundaryCommand({ UserName: id, PermissionsBoundary: policyArn(accountId, `p-${id}`) })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeletePolicy vs CreateRole with it as boundary',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      return [
        (c) => c.send(new DeletePolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) })),
        (c) => c.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST, PermissionsBoundary: policyArn(accountId, `p-${id}`) })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeletePolicy vs CreatePolicyVersion',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      return [(c) => c.send(new DeletePolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) })), (c) => c.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), PolicyDocument: DOC }))];
    },
    // A policy with versions besides its default is not deleted until they are.
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'CreatePolicyVersion vs CreatePolicyVersion at four versions',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      for (let v = 0; v < 3; v++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), PolicyDocument: DOC }));
      const create = (c: IAMClient) => c.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), PolicyDocument: DOC }));
      return [create, create];
    },
    serial: [['OK', 'LimitExceeded'], ['LimitExceeded', 'OK']],
  },
  {
    name: 'DeletePolicyVersion vs SetDefaultPolicyVersion',
    setup: async (iam, id, accountId) => {
      await iam.send(new CreatePolicyCommand({ PolicyName: `p-${id}`, PolicyDocument: DOC }));
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), PolicyDocument: DOC }));
      return [
        (c) => c.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), VersionId: 'v1' })),
        (c) => c.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn(accountId, `p-${id}`), VersionId: 'v1' })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
    after: async (iam, id, _outcome, accountId) => {
      // The default version always exists.
      const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn(accountId, `p-${id}`) }));
      expect(['v1', 'v2']).toContain(policy.Policy?.DefaultVersionId);
    },
  },
  {
    name: 'DeleteRole vs PutRolePolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST }));
      return [(c) => c.send(new DeleteRoleCommand({ RoleName: id })), (c) => c.send(new PutRolePolicyCommand({ RoleName: id, PolicyName: 'inline', PolicyDocument: DOC }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteRole vs AttachRolePolicy',
    setup: async (iam, id) => {
      await iam.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST }));
      return [(c) => c.send(new DeleteRoleCommand({ RoleName: id })), (c) => c.send(new AttachRolePolicyCommand({ RoleName: id, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteRole vs TagRole',
    setup: async (iam, id) => {
      await iam.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST }));
      return [(c) => c.send(new DeleteRoleCommand({ RoleName: id })), (c) => c.send(new TagRoleCommand({ RoleName: id, Tags: [{ Key: 'team', Value: 'race' }] }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteRole vs AddRoleToInstanceProfile',
    setup: async (iam, id) => {
      await iam.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `ip-${id}` }));
      return [(c) => c.send(new DeleteRoleCommand({ RoleName: id })), (c) => c.send(new AddRoleToInstanceProfileCommand({ RoleName: id, InstanceProfileName: `ip-${id}` }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteInstanceProfile vs AddRoleToInstanceProfile',
    setup: async (iam, id) => {
      await iam.send(new CreateRoleCommand({ RoleName: id, AssumeRolePolicyDocument: TRUST }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `ip-${id}` }));
      return [
        (c) => c.send(new DeleteInstanceProfileCommand({ InstanceProfileName: `ip-${id}` })),
        (c) => c.send(new AddRoleToInstanceProfileCommand({ RoleName: id, InstanceProfileName: `ip-${id}` })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['DeleteConflict', 'OK']],
  },
  {
    name: 'DeleteInstanceProfile vs TagInstanceProfile',
    setup: async (iam, id) => {
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `ip-${id}` }));
      return [
        (c) => c.send(new DeleteInstanceProfileCommand({ InstanceProfileName: `ip-${id}` })),
        (c) => c.send(new TagInstanceProfileCommand({ InstanceProfileName: `ip-${id}`, Tags: [{ Key: 'team', Value: 'race' }] })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteVirtualMFADevice vs TagMFADevice',
    setup: async (iam, id) => {
      const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: id }));
      const serial = created.VirtualMFADevice!.SerialNumber!;
      return [(c) => c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), (c) => c.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'team', Value: 'race' }] }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteOpenIDConnectProvider vs TagOpenIDConnectProvider',
    setup: async (iam, id) => {
      const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${id}.example.com`, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['0'.repeat(40)] }));
      const arn = created.OpenIDConnectProviderArn!;
      return [
        (c) => c.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
        (c) => c.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'team', Value: 'race' }] })),
      ];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteLoginProfile vs UpdateLoginProfile',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreateLoginProfileCommand({ UserName: id, Password: PASSWORD }));
      return [(c) => c.send(new DeleteLoginProfileCommand({ UserName: id })), (c) => c.send(new UpdateLoginProfileCommand({ UserName: id, PasswordResetRequired: true }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'DeleteAccessKey vs UpdateAccessKey',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: id }))).AccessKey!.AccessKeyId!;
      return [(c) => c.send(new DeleteAccessKeyCommand({ UserName: id, AccessKeyId: key })), (c) => c.send(new UpdateAccessKeyCommand({ UserName: id, AccessKeyId: key, Status: 'Inactive' }))];
    },
    serial: [['OK', 'NoSuchEntity'], ['OK', 'OK']],
  },
  {
    name: 'CreateUser vs CreateUser of one name',
    setup: async (_iam, id) => {
      const create = (c: IAMClient) => c.send(new CreateUserCommand({ UserName: id }));
      return [create, create];
    },
    serial: [['OK', 'EntityAlreadyExists'], ['EntityAlreadyExists', 'OK']],
  },
  {
    name: 'CreateAccessKey vs CreateAccessKey at one key',
    setup: async (iam, id) => {
      await iam.send(new CreateUserCommand({ UserName: id }));
      await iam.send(new CreateAccessKeyCommand({ UserName: id }));
      const create = (c: IAMClient) => c.send(new CreateAccessKeyCommand({ UserName: id }));
      return [create, create];
    },
    serial: [['OK', 'LimitExceeded'], ['LimitExceeded', 'OK']],
  },
];

/** The rows whose parent is gone; with every foreign key in place, always none. */
const ORPHANS = sql<{ kind: string; n: number | string }>`
  select 'access key' as kind, count(*) as n from access_keys k where k.user_id is not null and not exists (select 1 from users u where u.id = k.user_id)
  union all select 'login profile', count(*) from login_profiles l where not exists (select 1 from users u where u.id = l.user_id)
  union all select 'group member (user)', count(*) from group_members m where not exists (select 1 from users u where u.id = m.user_id)
  union all select 'group member (group)', count(*) from group_members m where not exists (select 1 from groups g where g.id = m.group_id)
  union all select 'inline policy', count(*) from inline_policies p where not exists (select 1 from users where id = p.principal_id)
    and not exists (select 1 from groups where id = p.principal_id) and not exists (select 1 from roles where id = p.principal_id)
  union all select 'attachment (identity)', count(*) from policy_attachments p where not exists (select 1 from users where id = p.principal_id)
    and not exists (select 1 from groups where id = p.principal_id) and not exists (select 1 from roles where id = p.principal_id)
  union all select 'attachment (policy)', count(*) from policy_attachments p where not exists (select 1 from policies where arn = p.policy_arn and created_at <= p.attached_at)
  union all select 'tag', count(*) from tags t where not exists (select 1 from users where id = t.resource_id) and not exists (select 1 from roles where id = t.resource_id)
    and not exists (select 1 from policies where id = t.resource_id) and not exists (select 1 from instance_profiles where id = t.resource_id)
    and not exists (select 1 from oidc_providers where id = t.resource_id) and not exists (select 1 from mfa_devices where serial_key = t.resource_id)
  union all select 'policy version', count(*) from policy_versions v where not exists (select 1 from policies p where p.id = v.policy_id)
  union all select 'default version', count(*) from policies p where not exists (select 1 from policy_versions v where v.policy_id = p.id and v.version_id = p.default_version_id)
  union all select 'instance profile role', count(*) from instance_profile_roles r where not exists (select 1 from roles where id = r.role_id)
    or not exists (select 1 from instance_profiles where id = r.instance_profile_id)
  union all select 'user boundary', count(*) from users u where u.permissions_boundary_arn is not null and not exists (select 1 from policies where arn = u.permissions_boundary_arn)
  union all select 'role boundary', count(*) from roles r where r.permissions_boundary_arn is not null and not exists (select 1 from policies where arn = r.permissions_boundary_arn)
  union all select 'session', count(*) from sessions s where (s.user_id is not null and not exists (select 1 from users where id = s.user_id))
    or (s.role_id is not null and not exists (select 1 from roles where id = s.role_id))
`;

function outcomeOf(result: PromiseSettledResult<unknown>): { outcome: Outcome; status: number } {
  if (result.status === 'fulfilled') return { outcome: 'OK', status: 200 };
  const error = result.reason as { name?: string; $metadata?: { httpStatusCode?: number } };
  return { outcome: (error.name ?? 'Error').replace(/Exception$/, ''), status: error.$metadata?.httpStatusCode ?? 0 };
}

// Two nodes on one PostgreSQL database; SQLite is one node by nature.
describe.each(await backends())('racing calls on %s', (backend) => {
  let t: TestServer;
  let second: ((credentials: Credentials) => IAMClient) | undefined;
  /** the two nodes' clients of each pair's account */
  const accounts = new Map<string, [IAMClient, IAMClient]>();
  beforeAll(async () => {
    t = await startTestServer(backend);
    if (backend === 'postgres') second = (await t.secondNode()).iam;
  });
  // Each pair in an account of its own, so that many races stay within IAM's per-account quotas.
  async function freshAccount(): Promise<{ accountId: string; nodes: [IAMClient, IAMClient] }> {
    const made = await createAccount(t.testStore.store, { now: new Date(), random: systemRandom, secrets: t.secrets });
    const credentials = { accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey };
    const nodes: [IAMClient, IAMClient] = [t.iam(credentials), second ? second(credentials) : t.iam(credentials)];
    accounts.set(made.accountId, nodes);
    return { accountId: made.accountId, nodes };
  }
  afterAll(async () => {
    await t?.close();
  });

  it.each(races.map((r) => [r.name, r] as const))('%s: no 5xx, a serial outcome, no orphan', { timeout: 180_000 }, async (_name, race) => {
    const { accountId, nodes } = await freshAccount();
    const failures: string[] = [];
    const seen = new Map<string, number>();
    const prefix = race.name.replace(/[^A-Za-z]/g, '').slice(0, 24).toLowerCase();
    for (let start = 0; start < ITERATIONS; start += IN_FLIGHT) {
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, ITERATIONS - start) }, async (_, k) => {
          const id = `${prefix}-${start + k}`;
          const [first, other] = await race.setup(nodes[0], id, accountId);
          // The two calls go to different nodes, and each node's call to the other in turn.
          const swap = (start + k) % 2 === 1;
          const results = await Promise.allSettled([first(nodes[swap ? 1 : 0]), other(nodes[swap ? 0 : 1])]);
          const [a, b] = results.map(outcomeOf) as [ReturnType<typeof outcomeOf>, ReturnType<typeof outcomeOf>];
          const pair = [a.outcome, b.outcome] as const;
          seen.set(pair.join(' + '), (seen.get(pair.join(' + ')) ?? 0) + 1);
          if (a.status >= 500 || b.status >= 500) failures.push(`${id}: ${a.status} ${a.outcome}, ${b.status} ${b.outcome}`);
          else if (!race.serial.some(([x, y]) => x === pair[0] && y === pair[1])) failures.push(`${id}: ${pair.join(' + ')} is no serial outcome`);
          else await race.after?.(nodes[0], id, pair, accountId);
        }),
      );
    }
    expect(failures, `outcomes seen: ${JSON.stringify(Object.fromEntries(seen))}`).toEqual([]);
    const { rows } = await ORPHANS.execute(t.testStore.store.db);
    expect(rows.filter((r) => Number(r.n) > 0)).toEqual([]);
  });

  it('counts attachments and boundary uses as ListEntitiesForPolicy lists them after the races', async () => {
    const { rows } = await sql<{ arn: string; account_id: string }>`select arn, account_id from policies where account_id is not null`.execute(t.testStore.store.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const { arn, account_id: accountId } of rows) {
      const nodes = accounts.get(accountId);
      if (!nodes) continue;
      const policy = await nodes[1].send(new GetPolicyCommand({ PolicyArn: arn }));
      const listed = async (PolicyUsageFilter: 'PermissionsPolicy' | 'PermissionsBoundary') => {
        const entities = await nodes[0].send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter }));
        return (entities.PolicyUsers?.length ?? 0) + (entities.PolicyGroups?.length ?? 0) + (entities.PolicyRoles?.length ?? 0);
      };
      expect(policy.Policy?.AttachmentCount, arn).toBe(await listed('PermissionsPolicy'));
      expect(policy.Policy?.PermissionsBoundaryUsageCount ?? 0, arn).toBe(await listed('PermissionsBoundary'));
    }
  });
});
