import { accessDeniedMessage } from '@gatehouse/policy';
import type { AuthorizeAnswer, AuthorizeQuestion, PolicyDecider } from '../authorize-api/decider.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { principalUserId } from '../principal.js';
import type { Store } from '../storage/database.js';
import { encodeAuthorizationMessage } from './authorization-message.js';
import { decide } from './decide.js';
import type { PolicyCache } from './policy-cache.js';

/**
 * The authorize API's decisions, made by the same `decide` that guards Gatehouse's own API,
 * with the caller's stored policies and the request's global condition keys.
 */
export class EnginePolicyDecider implements PolicyDecider {
  constructor(
    private readonly store: Store,
    private readonly cache: PolicyCache,
    private readonly clock: () => Date,
    private readonly secrets: SecretBox,
  ) {}

  async decide(question: AuthorizeQuestion): Promise<AuthorizeAnswer> {
    const { decision, request } = await this.store.transaction((tx) =>
      decide(tx, this.cache, {
        principal: question.principal,
        action: question.action,
        target: { resource: question.resource },
        facts: {
          now: this.clock(),
          sourceIp: question.sourceIp ?? '',
          // The forwarding service knows how its client connected; Gatehouse only saw the service.
          secureTransport: question.context['aws:SecureTransport'] === true || question.context['aws:SecureTransport'] === 'true',
          region: typeof question.context['aws:RequestedRegion'] === 'string' ? question.context['aws:RequestedRegion'] : '',
        },
        context: question.context,
      }),
    );
    return {
      decision: decision.decision,
      ...(decision.decision === 'allowed'
        ? {}
        : {
            message: accessDeniedMessage(question.principal.arn, question.action, question.resource, decision),
            encodedMessage: encodeAuthorizationMessage(this.secrets, {
              accountId: question.principal.accountId,
              principal: { id: principalUserId(question.principal), arn: question.principal.arn },
              action: question.action,
              resource: question.resource,
              decision,
              conditions: request.context ?? {},
            }),
          }),
      reasons: decision.matched.map((m) => ({ policy: m.source.id, ...(m.sid ? { sid: m.sid } : {}), effect: m.effect })),
    };
  }
}
