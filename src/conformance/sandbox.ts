/**
 * The simulator's sandbox controls (/__sim), when the service under test has them: synthetic
 * citizens made for one check each, the SMS inbox a passcode is read from, the clock and the limits.
 * A real service has none; checks that need them are skipped there, with the reason.
 */
import type { ServiceHttp } from './http.js';
import { check, describeAnswer } from './expect.js';

export interface SandboxCitizen {
  id: string;
  /** 13 digits. */
  cnic: string;
  simId: string | null;
}

export interface SandboxPartner {
  id: string;
  publishableKey: string;
  secretKey: string;
  purposes: string[];
}

const digits = (count: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(count)), (byte) => String(byte % 10)).join('');

/** A well-formed CNIC that is, with overwhelming likelihood, nobody's: a random 13-digit number. */
export const randomCnic = (): string => `${1 + (crypto.getRandomValues(new Uint8Array(1))[0]! % 9)}${digits(12)}`;

export class Sandbox {
  private constructor(
    private readonly http: ServiceHttp,
    readonly partners: SandboxPartner[],
  ) {}

  /** The sandbox, if `GET /__sim/identities` answers like the simulator's; null otherwise. */
  static async detect(http: ServiceHttp): Promise<Sandbox | null> {
    try {
      const answer = await http.get('/__sim/identities', { partnerKey: null });
      const body = answer.body as { partners?: SandboxPartner[]; citizens?: unknown[] } | null;
      if (answer.status !== 200 || !Array.isArray(body?.partners) || !Array.isArray(body?.citizens)) return null;
      return new Sandbox(http, body.partners);
    } catch {
      return null;
    }
  }

  /** A new synthetic citizen for one check, so no check inherits another's counts and back-offs. */
  async newCitizen(
    options: { mobile?: boolean; cardStatus?: 'active' | 'expired' | 'cancelled' } = {},
  ): Promise<SandboxCitizen> {
    const cnic = randomCnic();
    const answer = await this.http.post(
      '/__sim/identities',
      {
        cnic,
        name: 'Conformance Citizen',
        cardStatus: options.cardStatus ?? 'active',
        mobile: options.mobile === false ? null : `03${digits(9)}`,
      },
      { partnerKey: null },
    );
    check(answer.status === 201, `the sandbox did not add a citizen: ${describeAnswer(answer)}`);
    const citizen = answer.body as { id: string; simIds: string[] };
    return { id: citizen.id, cnic, simId: citizen.simIds[0] ?? null };
  }

  async messages(simId: string): Promise<{ body: string; direction: string }[]> {
    const answer = await this.http.get(`/__sim/sims/${encodeURIComponent(simId)}/messages`, { partnerKey: null });
    check(answer.status === 200, `the sandbox inbox did not answer: ${describeAnswer(answer)}`);
    return (answer.body as { messages: { body: string; direction: string }[] }).messages;
  }

  /** The newest passcode the SIM received, read as the citizen reads their phone. */
  async latestPasscode(simId: string): Promise<string> {
    const received = (await this.messages(simId)).filter((message) => message.direction === 'in');
    for (const message of received.reverse()) {
      const code = /#(\d{6})\s*$/.exec(message.body)?.[1];
      if (code) return code;
    }
    throw new Error('no passcode SMS reached the sandbox inbox');
  }

  /** The sandbox's now (ms), which checks may have moved ahead of the real one. */
  async now(): Promise<number> {
    const answer = await this.http.get('/__sim/clock', { partnerKey: null });
    check(answer.status === 200, `the sandbox clock did not answer: ${describeAnswer(answer)}`);
    return Date.parse((answer.body as { now: string }).now);
  }

  async advanceClock(seconds: number): Promise<void> {
    const answer = await this.http.post('/__sim/clock', { advanceSeconds: seconds }, { partnerKey: null });
    check(answer.status === 200, `the sandbox clock did not move: ${describeAnswer(answer)}`);
  }

  async limits(): Promise<Record<string, number>> {
    return (await this.http.get('/__sim/limits', { partnerKey: null })).body as Record<string, number>;
  }

  async setLimits(patch: Record<string, number>): Promise<void> {
    const answer = await this.http.send('PUT', '/__sim/limits', { body: patch, partnerKey: null });
    check(answer.status === 200, `the sandbox limits did not change: ${describeAnswer(answer)}`);
  }

  async revoke(citizenId: string, jti: string): Promise<void> {
    const answer = await this.http.post(
      `/__sim/citizens/${encodeURIComponent(citizenId)}/consents/${encodeURIComponent(jti)}/revoke`,
      {},
      { partnerKey: null },
    );
    check(answer.status === 200, `the sandbox did not revoke the consent: ${describeAnswer(answer)}`);
  }
}
