import { verifyPassword } from '../../auth/password.js';
import { AwsError } from '../../protocol/errors.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';

import { acceptNewPassword } from './set-password.js';

/**
 * An IAM user changes their own console password. Root changes its password elsewhere.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
 */
export const changePassword = iamOperation<'ChangePassword'>({
  action: 'iam:ChangePassword',
  writes: true,
  authorization: 'policy-or-own-password',
  target: (_input, at) => userTarget(at, undefined),
  async handle(ctx, input) {
    const principal = ctx.principal;
    if (principal.type !== 'IAMUser') throw new AwsError('InvalidUserType', 'Only IAM users can change their password with ChangePassword.');
    const profile = await ctx.tx.selectFrom('login_profiles').selectAll().where('user_id', '=', principal.user.id).executeTakeFirst();
    if (!profile) throw new AwsError('NoSuchEntity', `Login Profile for User ${principal.user.name} cannot be found.`);
    if (!(await verifyPassword(profile.password_hash, input.OldPassword))) {
      throw new AwsError('InvalidInput', 'The old password is not correct. Enter your current password as OldPassword.');
    }
    const hash = await acceptNewPassword(ctx, principal.user.id, input.NewPassword);
    await ctx.tx
      .updateTable('login_profiles')
      .set({ password_hash: hash, password_changed_at: ctx.now.toISOString(), password_reset_required: 0 })
      .where('user_id', '=', principal.user.id)
      .execute();
    return {};
  },
});
