import { AwsError, validationError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { getUser } from '../entities.js';
import type { LoginProfile } from '../../storage/schema.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';

import { acceptNewPassword } from './set-password.js';
import { endUserConsoleSessions } from '../../storage/repositories/console-sessions.js';

async function getLoginProfileRow(tx: Tx, userId: string, userName: string): Promise<LoginProfile> {
  const profile = await tx.selectFrom('login_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!profile) throw new AwsError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`);
  return profile;
}

function profileShape(userName: string, profile: LoginProfile) {
  return { UserName: userName, CreateDate: new Date(profile.created_at), PasswordResetRequired: profile.password_reset_required === 1 };
}

/** Without UserName these act on the calling IAM user; root has no login profile of this kind. */
function targetName(principal: { type: string; user?: { name: string } }, userName: string | undefined): string {
  if (userName !== undefined) return userName;
  if (principal.type === 'IAMUser' && principal.user) return principal.user.name;
  throw validationError(["Value null at 'userName' failed to satisfy constraint: Member must not be null"]);
}

export const createLoginProfile = iamOperation<'CreateLoginProfile'>({
  action: 'iam:CreateLoginProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, targetName(ctx.principal, input.UserName));
    if (input.Password === undefined) throw validationError(["Value null at 'password' failed to satisfy constraint: Member must not be null"]);
    const existing = await ctx.tx.selectFrom('login_profiles').select('user_id').where('user_id', '=', user.id).executeTakeFirst();
    if (existing) throw new AwsError('EntityAlreadyExists', `Login Profile for user ${user.name} already exists.`);
    const hash = await acceptNewPassword(ctx, user.id, input.Password);
    const profile = {
      user_id: user.id,
      password_hash: hash,
      password_reset_required: input.PasswordResetRequired ? 1 : 0,
      created_at: ctx.now.toISOString(),
      password_changed_at: ctx.now.toISOString(),
    };
    await ctx.tx.insertInto('login_profiles').values(profile).execute();
    return { LoginProfile: profileShape(user.name, profile) };
  },
});

export const getLoginProfile = iamOperation<'GetLoginProfile'>({
  action: 'iam:GetLoginProfile',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, targetName(ctx.principal, input.UserName));
    return { LoginProfile: profileShape(user.name, await getLoginProfileRow(ctx.tx, user.id, user.name)) };
  },
});

export const updateLoginProfile = iamOperation<'UpdateLoginProfile'>({
  action: 'iam:UpdateLoginProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await getLoginProfileRow(ctx.tx, user.id, user.name);
    const changes: Partial<LoginProfile> = {};
    if (input.Password !== undefined) {
      changes.password_hash = await acceptNewPassword(ctx, user.id, input.Password);
      changes.password_changed_at = ctx.now.toISOString();
    }
    if (input.PasswordResetRequired !== undefined) changes.password_reset_required = input.PasswordResetRequired ? 1 : 0;
    if (Object.keys(changes).length > 0) await ctx.tx.updateTable('login_profiles').set(changes).where('user_id', '=', user.id).execute();
    if (input.Password !== undefined) await endUserConsoleSessions(ctx.tx, user.id);
    return {};
  },
});

export const deleteLoginProfile = iamOperation<'DeleteLoginProfile'>({
  action: 'iam:DeleteLoginProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, targetName(ctx.principal, input.UserName));
    await getLoginProfileRow(ctx.tx, user.id, user.name);
    await ctx.tx.deleteFrom('login_profiles').where('user_id', '=', user.id).execute();
    await endUserConsoleSessions(ctx.tx, user.id);
    return {};
  },
});
