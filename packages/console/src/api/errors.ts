import { ConsoleApiError } from './console-api';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/**
 * A failed call in plain words, for showing where it happened. The server's own message is
 * the best explanation (AccessDenied names the action and what denied it), so it is kept;
 * only failures that carry no useful message get one here.
 */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.message;
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (e.name === 'TypeError' && /fetch/i.test(e.message ?? '')) return 'The Gatehouse server could not be reached. Check that it is running, then try again.';
  // The SDK could not read the answer: something other than Gatehouse's proxy answered.
  if (e.name === 'SyntaxError' || (e.message ?? '').includes('Deserialization error')) {
    if (status === 404) return 'This server does not offer the console API yet (HTTP 404).';
    return `The server gave an answer that could not be read${status ? ` (HTTP ${status})` : ''}.`;
  }
  if (status === 401) return 'Your session has ended. Sign in again.';
  const message = e.message?.trim();
  if (message && message !== 'UnknownError') return message;
  return `The request failed${e.name ? ` (${e.name})` : ''}${status ? `, HTTP ${status}` : ''}.`;
}

/** The AWS error code of a failure (NoSuchEntity, AccessDenied, …), for the few callers that branch on it. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof ConsoleApiError) return error.code;
  return (error as SdkError | undefined)?.name;
}
