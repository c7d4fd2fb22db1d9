import { AwsError } from '../../protocol/errors.js';
import type { AuthorizationTarget, TargetLookup } from '../../operation.js';
import { lockRow } from '../../storage/database.js';
import { clientIdsOf, countOidcProviders, deleteOidcProvider as removeOidcProvider, findOidcProvider, listOidcProviders as loadOidcProviders, thumbprintsOf, updateOidcProvider } from '../../storage/repositories/oidc-providers.js';
import { getOidcProviderByArn } from '../entities.js';
import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { noResource, requestTags, withContext } from '../targets.js';
import { parseProviderUrl, providerArn } from './provider-url.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const THUMBPRINTS_PER_PROVIDER = 5;

/** The provider's ARN with its tags (aws:ResourceTag/*), per the Service Authorization Reference's oidc-provider type. */
export async function oidcProviderTarget(at: TargetLookup, arn: string): Promise<AuthorizationTarget> {
  const prefix = `arn:aws:iam::${at.accountId}:oidc-provider/`;
  const provider = arn.startsWith(prefix) ? await findOidcProvider(at.tx, at.accountId, arn.slice(prefix.length), at.lock === true) : undefined;
  return provider ? { resource: arn, resourceTags: await listTags(at.tx, provider.id) } : { resource: arn };
}

function checkClientIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) throw new AwsError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`);
  return unique;
}

/** Thumbprints are the hex SHA-1 of a certificate: 40 characters (the model), hexadecimal. */
function checkThumbprints(thumbprints: readonly string[]): string[] {
  const unique = [...new Set(thumbprints.map((t) => t.toLowerCase()))];
  for (const t of unique) if (!/^[0-9a-f]{40}$/.test(t)) throw new AwsError('InvalidInput', `Thumbprint ${t} is not a 40-character hexadecimal SHA-1 fingerprint.`);
  if (unique.length > THUMBPRINTS_PER_PROVIDER) throw new AwsError('LimitExceeded', `Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: ${THUMBPRINTS_PER_PROVIDER}`);
  return unique;
}

/**
 * ThumbprintList is optional: AWS verifies the issuer's certificate with trusted CAs and keeps
 * thumbprints only for issuers whose CA it does not trust.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 */
export const createOpenIDConnectProvider = iamOperation<'CreateOpenIDConnectProvider'>({
  action: 'iam:CreateOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: (input, at) => {
    let key: string;
    try {
      key = parseProviderUrl(input.Url).key;
    } catch {
      return { resource: noResource().resource, context: requestTags(input.Tags) };
    }
    return { resource: providerArn(at.accountId, key), context: requestTags(input.Tags) };
  },
  async handle(ctx, input) {
    const { url, key } = parseProviderUrl(input.Url);
    const clientIds = checkClientIds(input.ClientIDList ?? []);
    const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findOidcProvider(ctx.tx, ctx.accountId, key)) throw new AwsError('EntityAlreadyExists', `Provider with url ${input.Url} already exists.`);
    if ((await countOidcProviders(ctx.tx, ctx.accountId)) >= PROVIDERS_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`);
    }
    const id = ctx.random.bytes(16).toString('hex');
    await ctx.tx
      .insertInto('oidc_providers')
      .values({ id, account_id: ctx.accountId, url, url_key: key, client_ids: JSON.stringify(clientIds), thumbprints: JSON.stringify(thumbprints), created_at: ctx.now.toISOString() })
      .execute();
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'oidc-provider', id: id }, tags);
    return { OpenIDConnectProviderArn: providerArn(ctx.accountId, key), ...(tags.length > 0 ? { Tags: [...tags] } : {}) };
  },
});

/** Url is answered without its scheme, as IAM does. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html */
export const getOpenIDConnectProvider = iamOperation<'GetOpenIDConnectProvider'>({
  action: 'iam:GetOpenIDConnectProvider',
  writes: false,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    const tags = await listTags(ctx.tx, p.id);
    return { Url: p.url_key, ClientIDList: clientIdsOf(p), ThumbprintList: thumbprintsOf(p), CreateDate: new Date(p.created_at), ...(tags.length > 0 ? { Tags: tags } : {}) };
  },
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html */
export const deleteOpenIDConnectProvider = iamOperation<'DeleteOpenIDConnectProvider'>({
  action: 'iam:DeleteOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    await removeOidcProvider(ctx.tx, p.id);
    return {};
  },
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOpenIDConnectProviders.html (not paginated) */
export const listOpenIDConnectProviders = iamOperation<'ListOpenIDConnectProviders'>({
  action: 'iam:ListOpenIDConnectProviders',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    const providers = await loadOidcProviders(ctx.tx, ctx.accountId);
    return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: providerArn(ctx.accountId, p.url_key) })) };
  },
});

/** Idempotent: adding a client id the provider has already succeeds. https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html */
export const addClientIDToOpenIDConnectProvider = iamOperation<'AddClientIDToOpenIDConnectProvider'>({
  action: 'iam:AddClientIDToOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    // The client list is read, changed and written whole: concurrent writers take turns.
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    const current = clientIdsOf(p);
    if (!current.includes(input.ClientID)) await updateOidcProvider(ctx.tx, p.id, { client_ids: checkClientIds([...current, input.ClientID]) });
    return {};
  },
});

/** Idempotent: removing a client id the provider does not have succeeds. https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveClientIDFromOpenIDConnectProvider.html */
export const removeClientIDFromOpenIDConnectProvider = iamOperation<'RemoveClientIDFromOpenIDConnectProvider'>({
  action: 'iam:RemoveClientIDFromOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    // The client list is read, changed and written whole: concurrent writers take turns.
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    await updateOidcProvider(ctx.tx, p.id, { client_ids: clientIdsOf(p).filter((c) => c !== input.ClientID) });
    return {};
  },
});

/** Replaces the whole list. https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html */
export const updateOpenIDConnectProviderThumbprint = iamOperation<'UpdateOpenIDConnectProviderThumbprint'>({
  action: 'iam:UpdateOpenIDConnectProviderThumbprint',
  writes: true,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    await updateOidcProvider(ctx.tx, p.id, { thumbprints: checkThumbprints(input.ThumbprintList) });
    return {};
  },
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html */
export const tagOpenIDConnectProvider = iamOperation<'TagOpenIDConnectProvider'>({
  action: 'iam:TagOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await oidcProviderTarget(at, input.OpenIDConnectProviderArn), requestTags(input.Tags)),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    await putTags(ctx.tx, { kind: 'oidc-provider', id: p.id }, input.Tags);
    return {};
  },
});

export const untagOpenIDConnectProvider = iamOperation<'UntagOpenIDConnectProvider'>({
  action: 'iam:UntagOpenIDConnectProvider',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await oidcProviderTarget(at, input.OpenIDConnectProviderArn), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    await removeTags(ctx.tx, p.id, input.TagKeys);
    return {};
  },
});

export const listOpenIDConnectProviderTags = iamOperation<'ListOpenIDConnectProviderTags'>({
  action: 'iam:ListOpenIDConnectProviderTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => oidcProviderTarget(at, input.OpenIDConnectProviderArn),
  async handle(ctx, input) {
    const p = await getOidcProviderByArn(ctx.tx, ctx.accountId, input.OpenIDConnectProviderArn);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, p.id), input);
    return { Tags: items, ...more };
  },
});
