/**
 * The partner's sessions: a random id in an HttpOnly cookie, the nonce kept on the server under it.
 * The nonce is what ties a consent token to this browser session: the widget gets it from the page,
 * the service signs it into the token, and the backend compares it with its own copy, never trusting
 * anything the browser sends back about it.
 */
import { randomBytes } from 'node:crypto';

const SESSION_COOKIE = 'partner_sid';
/** Sessions older than this are forgotten (a consent token lives 10 minutes; forms a little longer). */
const SESSION_TTL_MS = 30 * 60 * 1000;

export interface Session {
  id: string;
  /** 256 random bits, base64url: the nonce on the tag of the form this session was last shown. */
  nonce: string;
  createdAt: number;
}

/** 32 bytes from the CSPRNG, base64url (43 characters): a nonce, or a session id. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdFrom(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}`;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  get(id: string | null): Session | null {
    if (!id) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    if (this.now() - session.createdAt > SESSION_TTL_MS) {
      this.#sessions.delete(id);
      return null;
    }
    return session;
  }

  /** The session for this form: a new nonce each time a form is rendered, in a new session if needed. */
  begin(id: string | null): Session {
    this.prune();
    const existing = this.get(id);
    const session: Session = { id: existing?.id ?? randomToken(), nonce: randomToken(), createdAt: this.now() };
    this.#sessions.set(session.id, session);
    return session;
  }

  private prune(): void {
    for (const [id, session] of this.#sessions)
      if (this.now() - session.createdAt > SESSION_TTL_MS) this.#sessions.delete(id);
  }
}
