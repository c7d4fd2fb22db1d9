import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

describe.each(await backends())('account settings and passwords on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it('has no password policy until one is set', async () => {
    await expect(iam.send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `The Password Policy with domain name ${TEST_ACCOUNT_ID} cannot be found.`,
    });
  });

  it('sets the password policy, resetting omitted parameters to their defaults', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, MaxPasswordAge: 90, PasswordReusePrevention: 3, AllowUsersToChangePassword: true }));
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 3,
      HardExpiry: false,
    });
    await iam.send(new UpdateAccountPasswordPolicyCommand({ RequireNumbers: true, AllowUsersToChangePassword: true, PasswordReusePrevention: 2 }));
    expect((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: true,
      ExpirePasswords: false,
    });
  });

  it('rejects values outside the model ranges', async () => {
    await expect(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 200 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128"),
    });
  });

  it('creates a login profile only with a password the policy accepts', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'pat' }));
    await expect(iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'abcdef' }))).rejects.toMatchObject({
      name: 'PasswordPolicyViolationException',
      message: expect.stringContaining('at least one number'),
    });
    const { LoginProfile } = await iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'first-pass-1', PasswordResetRequired: true }));
    expect(LoginProfile).toMatchObject({ UserName: 'pat', PasswordResetRequired: true });
    await expect(iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'first-pass-1' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'pat' }))).LoginProfile?.PasswordResetRequired).toBe(true);
  });

  it('lets a user change their own password, refusing a reused one', async () => {
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'pat' }));
    const asPat = t.iam({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! });
    await expect(asPat.send(new ChangePasswordCommand({ OldPassword: 'wrong-pass-1', NewPassword: 'second-pass-2' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    await asPat.send(new ChangePasswordCommand({ OldPassword: 'first-pass-1', NewPassword: 'second-pass-2' }));
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'pat' }))).LoginProfile?.PasswordResetRequired).toBe(false);
    await expect(asPat.send(new ChangePasswordCommand({ OldPassword: 'second-pass-2', NewPassword: 'first-pass-1' }))).rejects.toMatchObject({
      name: 'PasswordPolicyViolationException',
    });
    asPat.destroy();
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'pat', PasswordResetRequired: true }));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'pat' }));
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'pat' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await expect(iam.send(new DeleteAccountPasswordPolicyCommand({}))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('creates, lists and deletes the account alias', async () => {
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['example-corp']);
    await expect(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'Bad_Alias' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'other' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp' }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it('summarises the account with every key IAM returns', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({ Users: 2, Groups: 1, UsersQuota: 5000, AccessKeysPerUserQuota: 2, AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });
    expect(Object.keys(SummaryMap ?? {})).toHaveLength(34);
  });
});
