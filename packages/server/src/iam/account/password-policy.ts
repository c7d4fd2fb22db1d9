import { AwsError } from '../../protocol/errors.js';
import { findPasswordPolicy } from '../../storage/repositories/accounts.js';
import { noResource } from '../targets.js';
import { iamOperation } from '../define.js';

/**
 * Every call sets the whole policy: a parameter left out takes its default (length 6, the
 * requirements off, no expiry, no reuse prevention), as IAM documents.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 */
export const updateAccountPasswordPolicy = iamOperation<'UpdateAccountPasswordPolicy'>({
  action: 'iam:UpdateAccountPasswordPolicy',
  writes: true,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const row = {
      account_id: ctx.accountId,
      minimum_password_length: input.MinimumPasswordLength ?? 6,
      require_symbols: input.RequireSymbols ? 1 : 0,
      require_numbers: input.RequireNumbers ? 1 : 0,
      require_uppercase_characters: input.RequireUppercaseCharacters ? 1 : 0,
      require_lowercase_characters: input.RequireLowercaseCharacters ? 1 : 0,
      allow_users_to_change_password: input.AllowUsersToChangePassword ? 1 : 0,
      max_password_age: input.MaxPasswordAge ?? null,
      password_reuse_prevention: input.PasswordReusePrevention ?? null,
      hard_expiry: input.HardExpiry ? 1 : 0,
    };
    await ctx.tx.deleteFrom('password_policies').where('account_id', '=', ctx.accountId).execute();
    await ctx.tx.insertInto('password_policies').values(row).execute();
    return {};
  },
});

function noPolicy(accountId: string): AwsError {
  return new AwsError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);
}

export const getAccountPasswordPolicy = iamOperation<'GetAccountPasswordPolicy'>({
  action: 'iam:GetAccountPasswordPolicy',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    const p = await findPasswordPolicy(ctx.tx, ctx.accountId);
    if (!p) throw noPolicy(ctx.accountId);
    return {
      PasswordPolicy: {
        MinimumPasswordLength: p.minimum_password_length,
        RequireSymbols: p.require_symbols === 1,
        RequireNumbers: p.require_numbers === 1,
        RequireUppercaseCharacters: p.require_uppercase_characters === 1,
        RequireLowercaseCharacters: p.require_lowercase_characters === 1,
        AllowUsersToChangePassword: p.allow_users_to_change_password === 1,
        ExpirePasswords: p.max_password_age !== null,
        ...(p.max_password_age !== null ? { MaxPasswordAge: p.max_password_age } : {}),
        ...(p.password_reuse_prevention !== null ? { PasswordReusePrevention: p.password_reuse_prevention } : {}),
        ...(p.max_password_age !== null ? { HardExpiry: p.hard_expiry === 1 } : {}),
      },
    };
  },
});

export const deleteAccountPasswordPolicy = iamOperation<'DeleteAccountPasswordPolicy'>({
  action: 'iam:DeleteAccountPasswordPolicy',
  writes: true,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    const result = await ctx.tx.deleteFrom('password_policies').where('account_id', '=', ctx.accountId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw noPolicy(ctx.accountId);
    return {};
  },
});
