import { AwsError } from '../../protocol/errors.js';
import { findUser, getUser, renameUser } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { userResource } from './user-shape.js';

export const updateUser = iamOperation<'UpdateUser'>({
  action: 'iam:UpdateUser',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
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
