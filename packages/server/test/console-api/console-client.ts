import { request as httpRequest } from 'node:http';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';

export interface ConsoleAnswer {
  status: number;
  headers: Headers;
  /** the parsed JSON body, or undefined */
  body: Record<string, unknown> & { code?: string; message?: string; next?: string };
  text: string;
}

/**
 * A browser, as far as the console API can tell: one cookie jar over HTTP, the CSRF token
 * from GET /console-api/session sent as X-CSRF-Token on every request but GET, and the AWS SDK
 * clients pointed at the console's proxy with the same cookie and header.
 */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  readonly setCookies: string[] = [];

  /** `localAddress` makes requests come from another loopback address (127.0.0.2), as another computer would. */
  constructor(
    readonly baseUrl: string,
    readonly localAddress?: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (method !== 'GET' && options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await this.#send(method, path, headers, payload);
    for (const setCookie of response.setCookies) this.#store(setCookie);
    const text = response.text;
    let parsed: ConsoleAnswer['body'] = {};
    try {
      parsed = text ? (JSON.parse(text) as ConsoleAnswer['body']) : {};
    } catch {
      parsed = {};
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  #send(method: string, path: string, headers: Record<string, string>, payload: string | undefined): Promise<{ status: number; headers: Headers; setCookies: string[]; text: string }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { method, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, ...(this.localAddress ? { localAddress: this.localAddress } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value === undefined) continue;
              for (const v of [value].flat()) out.append(name, v);
            }
            const setCookie = res.headers['set-cookie'];
            resolve({ status: res.statusCode ?? 0, headers: out, setCookies: setCookie ?? [], text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Reads the session, keeping its CSRF token as the console does after sign-in or a reload. */
  async session(): Promise<ConsoleAnswer> {
    const answer = await this.request('GET', '/console-api/session');
    if (answer.body.signedIn === true) this.csrfToken = answer.body.csrfToken as string;
    else this.csrfToken = undefined;
    return answer;
  }

  /** POST /console-api/sign-in, then GET /console-api/session for the CSRF token. */
  async signIn(credentials: { account: string; userName: string; password: string } | { email: string; password: string }): Promise<ConsoleAnswer> {
    const answer = await this.request('POST', '/console-api/sign-in', credentials);
    if (answer.status === 200) await this.session();
    return answer;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #store(setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    this.setCookies.push(setCookie);
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  iam(): IAMClient {
    return this.#client(new IAMClient(this.#config('iam')));
  }

  sts(): STSClient {
    return this.#client(new STSClient(this.#config('sts')));
  }

  cloudtrail(): CloudTrailClient {
    return this.#client(new CloudTrailClient(this.#config('cloudtrail')));
  }

  #config(service: string) {
    return { region: 'us-east-1', endpoint: `${this.baseUrl}/console-api/aws/${service}`, credentials: { accessKeyId: 'CONSOLE', secretAccessKey: 'CONSOLE' }, maxAttempts: 1 };
  }

  #client<C extends IAMClient | STSClient | CloudTrailClient>(client: C): C {
    const stack = client.middlewareStack as unknown as { add(middleware: unknown, options: { step: 'build'; name: string }): void };
    stack.add(
      (next: (args: unknown) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
        const cookie = this.cookieHeader();
        if (cookie) args.request.headers.cookie = cookie;
        if (this.csrfToken) args.request.headers['x-csrf-token'] = this.csrfToken;
        return next(args);
      },
      { step: 'build', name: 'consoleSession' },
    );
    return client;
  }
}
