import type { AnonymousOperationSpec, OperationSpec } from '../operation.js';
import type { IamOperations } from '../protocol/generated/iam.js';
import type { StsOperations } from '../protocol/generated/sts.js';

export type IamSpec<K extends keyof IamOperations> = OperationSpec<IamOperations[K]['input'], IamOperations[K]['output']>;
export type StsSpec<K extends keyof StsOperations> = OperationSpec<StsOperations[K]['input'], StsOperations[K]['output']>;

/** Names the operation in the type so its input and output come from the AWS model. */
export function iamOperation<K extends keyof IamOperations>(spec: IamSpec<K>): IamSpec<K> {
  return spec;
}

export function stsOperation<K extends keyof StsOperations>(spec: StsSpec<K>): StsSpec<K> {
  return spec;
}

/** An STS operation called without a signature; see AnonymousOperationSpec. */
export function anonymousStsOperation<K extends keyof StsOperations>(
  spec: AnonymousOperationSpec<StsOperations[K]['input'], StsOperations[K]['output']>,
): AnonymousOperationSpec<StsOperations[K]['input'], StsOperations[K]['output']> {
  return spec;
}
