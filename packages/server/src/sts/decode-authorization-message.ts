import { decodeAuthorizationMessage as decode } from '../authz/authorization-message.js';
import { stsOperation } from '../iam/define.js';
import { noResource } from '../iam/targets.js';

export const decodeAuthorizationMessage = stsOperation<'DecodeAuthorizationMessage'>({
  action: 'sts:DecodeAuthorizationMessage',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    return { DecodedMessage: decode(ctx.secrets, input.EncodedMessage, ctx.accountId) };
  },
});
