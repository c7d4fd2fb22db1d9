import { rootArn } from '../../principal.js';
import { listTags } from '../../storage/repositories/tags.js';
import { getUser as loadUser } from '../entities.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { userShape } from './user-shape.js';

/** Without UserName, GetUser describes the caller, the root user included. */
export const getUser = iamOperation<'GetUser'>({
  action: 'iam:GetUser',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const principal = ctx.principal;
    if (input.UserName === undefined && principal.type === 'Root') {
      const account = await ctx.tx.selectFrom('accounts').select('created_at').where('id', '=', ctx.accountId).executeTakeFirstOrThrow();
      // IAM describes root without a user name or path, which the model marks required for users.
      const root = { UserId: ctx.accountId, Arn: rootArn(ctx.accountId), CreateDate: new Date(account.created_at) };
      return { User: root as typeof root & { Path: string; UserName: string } };
    }
    const name = input.UserName ?? (principal.type === 'IAMUser' ? principal.user.name : '');
    const user = await loadUser(ctx.tx, ctx.accountId, name);
    const tags = await listTags(ctx.tx, user.id);
    return { User: { ...userShape(user, { withBoundary: true }), ...(tags.length > 0 ? { Tags: tags } : {}) } };
  },
});
