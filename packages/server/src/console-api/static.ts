import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The web console's files (packages/console/dist, built by `npm run build`). The console is a
 * single-page app: its own paths (/iam/users/alice, and /<alias or account id>, an account's
 * sign-in link) all answer index.html and the app routes on the client. API paths keep
 * precedence (http/server.ts routes them first): POST /, GET /?Action=…, /gatehouse/*,
 * /console-api/*, /healthz, /metrics.
 */

/** packages/console/dist, found from this file (src/console-api/ of the server package). */
export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../console/dist');

export interface StaticResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// The console needs nothing from another origin; framing is refused so the sign-in page cannot
// be overlaid by another site (clickjacking). Inline styles are allowed for React's style
// attributes; QR codes and downloads are data: and blob: URLs.
// https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const API_PREFIXES = ['/gatehouse/', '/console-api/'];
const API_PATHS = new Set(['/healthz', '/metrics', '/console-api', '/gatehouse']);
// An account's sign-in link: /123456789012 or /my-alias (IAM's alias pattern).
const SIGN_IN_LINK = /^\/(\d{12}|[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])\/?$/;

export class ConsoleFiles {
  constructor(readonly dir: string) {}

  /**
   * The answer to a GET or HEAD for a console page or file (404 for a file that is not there),
   * or undefined when the request is an API call (it then goes to the API endpoint).
   */
  async handle(method: string, path: string, query: URLSearchParams, accept: string): Promise<StaticResponse | undefined> {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (API_PATHS.has(path) || API_PREFIXES.some((p) => path.startsWith(p))) return undefined;
    // GET /?Action=ListUsers is an API call (Query protocol); GET / alone is the console.
    if (path === '/') return query.has('Action') ? undefined : this.#page();
    if (path.startsWith('/assets/')) return (await this.#file(path, true)) ?? notFound();
    const file = await this.#file(path, false);
    if (file) return file;
    if (SIGN_IN_LINK.test(path) || accept.includes('text/html')) return this.#page();
    // A GET naming an Action is an API call wherever it is sent; anything else is a file that is not there.
    return query.has('Action') ? undefined : notFound();
  }

  async #page(): Promise<StaticResponse> {
    const index = await this.#read('index.html');
    if (!index) return notBuilt(this.dir);
    return { status: 200, headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache', ...PAGE_HEADERS }, body: index };
  }

  /** A file under the directory; undefined when there is none (or the path leaves the directory). */
  async #file(path: string, immutable: boolean): Promise<StaticResponse | undefined> {
    let relative: string;
    try {
      relative = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return undefined;
    }
    if (relative === '' || relative.includes('\0')) return undefined;
    const body = await this.#read(relative);
    if (!body) return undefined;
    const type = CONTENT_TYPES[extname(relative).toLowerCase()] ?? 'application/octet-stream';
    // Vite names assets by their content's hash, so they never change under one name.
    const cache = immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
    return { status: 200, headers: { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', ...(type.startsWith('text/html') ? PAGE_HEADERS : {}) }, body };
  }

  async #read(relative: string): Promise<Buffer | undefined> {
    const root = resolve(this.dir);
    const full = resolve(join(root, relative));
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    try {
      if (!(await stat(full)).isFile()) return undefined;
      return await readFile(full);
    } catch {
      return undefined;
    }
  }
}

function notFound(): StaticResponse {
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: Buffer.from('Not found.\n') };
}

/** What GET / says when the console has not been built: what to run, and that the APIs work. */
function notBuilt(dir: string): StaticResponse {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Gatehouse: the console is not built</title></head>
<body>
<h1>The Gatehouse console is not built</h1>
<p>This server found no <code>index.html</code> in <code>${escapeHtml(dir)}</code>.</p>
<p>Build the console from the repository's root with <code>npm run build</code>, then reload this page
(<code>npm start</code> builds it before it starts the server).</p>
<p>The IAM, STS and CloudTrail APIs work without it.</p>
</body>
</html>
`;
  return { status: 503, headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store', ...PAGE_HEADERS }, body: Buffer.from(html) };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
