// Who may talk to the browser-mode server: a request carrying the session token, from a page of this
// origin. The token travels in the page URL's fragment, which browsers never send to servers.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export class LoopbackAuth {
  readonly token: string;
  #port = 0;

  constructor(token = randomBytes(32).toString('base64url')) {
    this.token = token;
  }

  /** Set once the server listens: Host and Origin must name this exact port. */
  bind(port: number): void {
    this.#port = port;
  }

  get origins(): string[] {
    return [`http://127.0.0.1:${this.#port}`, `http://localhost:${this.#port}`];
  }

  /** Host header names this server (a rebinding page's Host names the attacker's domain). */
  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${this.#port}` || host === `localhost:${this.#port}`;
  }

  tokenMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Returns why the request is refused, or '' when it may proceed. */
  check(req: IncomingMessage, token: string | null | undefined): string {
    if (!this.hostAllowed(req)) return 'Host not allowed';
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.includes(origin)) return 'Origin not allowed';
    if (!this.tokenMatches(token)) return 'Missing or wrong token';
    return '';
  }

  bearer(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : undefined;
  }
}
