import type { Tx } from '../database.js';
import type { OidcProvider } from '../schema.js';

/** `lock` as for findUser. */
export async function findOidcProvider(tx: Tx, accountId: string, urlKey: string, lock = false): Promise<OidcProvider | undefined> {
  return tx.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).where('url_key', '=', urlKey).$if(lock, (q) => q.forUpdate()).executeTakeFirst();
}

export async function listOidcProviders(tx: Tx, accountId: string): Promise<OidcProvider[]> {
  return tx.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('url_key').execute();
}

export async function countOidcProviders(tx: Tx, accountId: string): Promise<number> {
  const row = await tx.selectFrom('oidc_providers').select((eb) => eb.fn.countAll<number | string>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateOidcProvider(tx: Tx, id: string, fields: { client_ids?: readonly string[]; thumbprints?: readonly string[] }): Promise<void> {
  await tx
    .updateTable('oidc_providers')
    .set({
      ...(fields.client_ids ? { client_ids: JSON.stringify(fields.client_ids) } : {}),
      ...(fields.thumbprints ? { thumbprints: JSON.stringify(fields.thumbprints) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteOidcProvider(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('oidc_providers').where('id', '=', id).execute();
}

export const clientIdsOf = (p: OidcProvider): string[] => JSON.parse(p.client_ids) as string[];
export const thumbprintsOf = (p: OidcProvider): string[] => JSON.parse(p.thumbprints) as string[];
