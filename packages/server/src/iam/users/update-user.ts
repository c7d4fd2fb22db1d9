import { AwsError } from '../../protocol/errors.js';
import { findUser, renameUser } from '../../storage/repositories/users.js';
import { getUser } from '../entities.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';

export const updateUser = iamOperation<'UpdateUser'>({
  action: 'iam:UpdateUser',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const newName = input.NewUserName ?? user.name;
    if (newName.toLowerCase() !== user.name_key) {
      if (await findUser(ctx.tx, ctx.accountId, newName)) {
        throw new AwsError('EntityAlreadyExists', `User with name ${newName} already exists.`);
      }
    }
    await renameUser(ctx.tx, user.id, newName, input.NewPath ?? user.path);
    return {};
  },
});
