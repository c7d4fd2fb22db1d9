import { AwsError } from '../../protocol/errors.js';
import { getAccount } from '../../storage/repositories/accounts.js';
import { noResource } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';

/**
 * An account has at most one alias, unique across all accounts; creating another replaces it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/console_account-alias.html
 */
export const createAccountAlias = iamOperation<'CreateAccountAlias'>({
  action: 'iam:CreateAccountAlias',
  writes: true,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const owner = await ctx.tx.selectFrom('accounts').select('id').where('alias', '=', input.AccountAlias).executeTakeFirst();
    if (owner && owner.id !== ctx.accountId) throw new AwsError('EntityAlreadyExists', `The account alias ${input.AccountAlias} already exists.`);
    await ctx.tx.updateTable('accounts').set({ alias: input.AccountAlias }).where('id', '=', ctx.accountId).execute();
    return {};
  },
});

export const deleteAccountAlias = iamOperation<'DeleteAccountAlias'>({
  action: 'iam:DeleteAccountAlias',
  writes: true,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const account = await getAccount(ctx.tx, ctx.accountId);
    if (account.alias !== input.AccountAlias) throw new AwsError('NoSuchEntity', `The account alias ${input.AccountAlias} cannot be found.`);
    await ctx.tx.updateTable('accounts').set({ alias: null }).where('id', '=', ctx.accountId).execute();
    return {};
  },
});

export const listAccountAliases = iamOperation<'ListAccountAliases'>({
  action: 'iam:ListAccountAliases',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const account = await getAccount(ctx.tx, ctx.accountId);
    const { items, ...more } = paginate(account.alias ? [account.alias] : [], input, (a) => a);
    return { AccountAliases: items, ...more };
  },
});
