/**
 * Turns the AWS SigV4 test-suite files into the HttpRequestParts our server would see. The
 * vectors write the request-target un-encoded (`/example space/`, raw UTF-8), which no HTTP
 * client puts on the wire and node's parser would refuse, so it is percent-encoded here the way
 * a client does: bytes outside RFC 3986's pchar set become %XX, existing escapes stay.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequestParts } from '../../src/auth/sigv4.js';

export const VECTOR_DIR = fileURLToPath(new URL('../fixtures/sigv4/v4/', import.meta.url));

export interface VectorContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  normalize: boolean;
  region: string;
  service: string;
  sign_body: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}

export interface Vector {
  name: string;
  context: VectorContext;
  read(file: string): string;
}

export function loadVectors(): Vector[] {
  return readdirSync(VECTOR_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const read = (file: string) => readFileSync(join(VECTOR_DIR, name, file), 'utf8');
      return { name, context: JSON.parse(read('context.json')) as VectorContext, read };
    });
}

// RFC 3986 pchar plus '/', '?' and '%' (escapes already present stay as they are).
const WIRE_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;

export function encodeForWire(target: string): string {
  let out = '';
  for (const ch of target) {
    if (WIRE_SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export interface ParseOptions {
  /**
   * How an obs-fold continuation line reaches us. 'raw': the value keeps the line breaks, as a
   * lenient parser passes it; 'unfolded': each fold replaced by one space, as RFC 7230 §3.2.4
   * lets a recipient do. Node's own parser refuses obs-fold outright.
   */
  fold?: 'raw' | 'unfolded';
}

/** Parses a request file of the suite into wire-form request parts. */
export function parseRequest(text: string, options: ParseOptions = {}): HttpRequestParts {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const lines = head.split('\n');
  const requestLine = lines.shift()!;
  // The target may itself contain spaces (`/example space/`): it runs from the first space to the last.
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = encodeForWire(requestLine.slice(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' ')));
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last[1] = options.fold === 'unfolded' ? `${last[1]} ${line.trim()}` : `${last[1]}\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    // node strips the optional whitespace around a field value
    headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  const q = target.indexOf('?');
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

export function withHeader(req: HttpRequestParts, name: string, value: string | undefined): HttpRequestParts {
  const headers = req.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()).map(([n, v]) => [n, v] as [string, string]);
  if (value !== undefined) headers.push([name, value]);
  return { ...req, headers };
}
