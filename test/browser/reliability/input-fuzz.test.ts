/**
 * The widget's boundary under random input and guessing (issue 7), in real Chromium with real keys:
 * CNICs typed in every digit script and layout are sent as their 13 digits, junk is refused in the
 * field with nothing sent (the service's state unchanged), and guessing codes in the widget stops at
 * the fifth wrong try, after which starting again meets the per-CNIC back-off.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { junkCnic, typedCnic } from '../../node/reliability/support/arbitraries.js';
import {
  AYESHA,
  $,
  auditCounts,
  cnicInput,
  codeInput,
  consents,
  freshSimulator,
  latestCode,
  mount,
  press,
  seen,
  sim,
  toCodeStep,
  typeInto,
  until,
  untilState,
  untilStates,
} from './reliability-harness.js';

/** What the service recorded: the observable state a refused input must leave alone. */
const observable = async () =>
  JSON.stringify([
    (await sim('GET', '/__sim/audit')).entries.length,
    (await sim('GET', `/__sim/sims/${AYESHA.simId}/messages`)).messages.length,
  ]);

describe('random CNIC input through the real widget', () => {
  beforeEach(async () => {
    await freshSimulator('input');
    await sim('PUT', '/__sim/limits', {
      partnerRequestsPerMinute: 1_000_000,
      partnerCeilingPerMinute: 100_000_000,
      wrongCodesPerClientPerHour: 10_000_000,
      smsPerCnicPerHour: 1_000_000,
    });
  });

  it('a CNIC typed in any script and layout reaches the service as its 13 digits; junk is refused in the field and sends nothing', async () => {
    let typed = 0;
    // Ayesha's CNIC written through the layouts and digit scripts the Node fuzz generates (each digit
    // kept in its generated script), and junk. Tabs, newlines and control characters are left out:
    // typed, they are keys that move focus or submit, not text.
    const ayeshaDigits = AYESHA.cnic.replace(/-/g, '');
    const ayesha = typedCnic.map(({ text }) => {
      let i = 0;
      return text.trim().replace(/[0-9\u06f0-\u06f9\u0660-\u0669]/g, (d) => {
        const zero = d >= '\u06f0' ? 0x06f0 : d >= '\u0660' ? 0x0660 : 0x30;
        return String.fromCharCode(zero + Number(ayeshaDigits[i++]));
      });
    });
    /** Independent of the widget: 13 digits once the three scripts are mapped and spaces and dashes dropped. */
    const isCnic = (text: string) =>
      /^[0-9]{13}$/.test(
        text
          .replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) & 15))
          .replace(/[\s\-\u2010-\u2015\u2212]/g, ''),
      );
    const cases = fc.oneof(
      ayesha.map((text) => ({ valid: true, text })),
      junkCnic
        // eslint-disable-next-line no-control-regex -- control characters are exactly what this filters out
        .filter((j) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(j) && !isCnic(j))
        .map((text) => ({ valid: false, text })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ valid, text }) => {
        typed += 1;
        const { el } = await mount();
        await untilState(el, 'cnic-entry');
        const before = await observable();
        await typeInto(cnicInput(el), text);
        await press('Enter');
        if (valid) {
          await untilStates(el, ['code-entry', 'expiring-soon']);
          const created = (await sim('GET', '/__sim/audit')).entries.filter(
            (e: { type: string }) => e.type === 'request_created',
          );
          expect(created.length, `sent for ${JSON.stringify(text)}`).to.be.greaterThan(0);
          expect(cnicInput(el) ?? null, 'the code step replaced the CNIC field').to.equal(null);
        } else {
          await until('the field error', () => $(el, '#cnic-error'));
          expect(el.state).to.equal('cnic-entry');
          expect(cnicInput(el).getAttribute('aria-invalid')).to.equal('true');
          expect(seen($(el, '#cnic-error'))).to.match(/^Error: /);
          expect(await observable(), `nothing sent for ${JSON.stringify(text)}`).to.equal(before);
        }
      }),
      { numRuns: 24 },
    );
    expect(typed).to.equal(24);
  });
});

describe('guessing codes in the widget', () => {
  beforeEach(async () => {
    await freshSimulator('input');
  });

  it('stops at the fifth wrong code; starting again meets the back-off; no token', async () => {
    const { el } = await mount();
    await toCodeStep(el);
    const right = await latestCode(AYESHA.simId);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) {
      codeInput(el).select();
      await typeInto(codeInput(el), wrong(i));
      await press('Enter');
      const left = 4 - i;
      const words = left === 1 ? '1 attempt left: a wrong code now locks this request.' : `Attempts left: ${left}.`;
      await until(`attempts left ${left}`, () => seen($(el, '#code-meta')).includes(words));
    }
    codeInput(el).select();
    await typeInto(codeInput(el), wrong(4));
    await press('Enter');
    await untilState(el, 'locked');
    expect(codeInput(el), 'no code field once locked').to.equal(null);
    const counts = await auditCounts();
    expect([counts.passcode_failed, counts.request_locked, counts.token_issued ?? 0]).to.deep.equal([5, 1, 0]);

    const restart = [...el.shadowRoot!.querySelectorAll('button')].find((b) => seen(b) === 'Start again')!;
    expect(restart.getAttribute('aria-disabled'), 'no new start before the back-off ends').to.equal('true');
    expect(seen($(el, '[role=alert] + [part=meta]'))).to.match(/1:00|0:5\d/);
    // Another form meets the same back-off for this CNIC.
    const other = await mount();
    await untilState(other.el, 'cnic-entry');
    await typeInto(cnicInput(other.el), AYESHA.cnic);
    await press('Enter');
    await until('the back-off message', () => !!$(other.el, '#cnic-error'));
    expect(seen($(other.el, '#cnic-error ~ [part=meta]'))).to.match(/1:00|0:5\d/);
    expect(await consents(AYESHA.id)).to.have.length(0);
    expect((await auditCounts()).request_created).to.equal(1);
  });
});
