import { expect } from '@open-wc/testing';
import {
  $,
  button,
  codeInput,
  latestCode,
  mount,
  press,
  seen,
  setLimits,
  shiftPageClock,
  sim,
  simulator,
  toCodeStep,
  typeInto,
  until,
  untilState,
} from './widget-harness.js';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void>) => void;
declare const beforeEach: (body: () => Promise<void>) => void;
declare const afterEach: (body: () => void) => void;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SHIFTS: [string, number][] = [
  ['15 minutes fast', 15 * MINUTE],
  ['15 minutes slow', -15 * MINUTE],
  ['a day fast', DAY],
  ['a day slow', -DAY],
];

describe('<ijazat-consent>: times come from the service, not the phone', () => {
  let undo = () => {};
  beforeEach(simulator);
  afterEach(() => undo());

  for (const [name, shift] of SHIFTS)
    it(`a phone whose clock is ${name} completes the whole flow, with a new code exactly when the service allows`, async () => {
      undo = shiftPageClock(shift);
      await setLimits({ resendCooldownSeconds: 2 });
      const { form, el } = await mount();
      await toCodeStep(el);
      expect(el.state, 'no false "expired"').to.equal('code-entry');
      expect(seen($(el, '#code-meta'))).to.match(/^Code expires in (10:00|9:5\d)\./);

      let sent = 0;
      el.addEventListener('ijazat-passcode-sent', () => sent++);
      const resend = button(el, 'Send a new code')!;
      expect(resend.getAttribute('aria-disabled'), 'the cooldown the service stated').to.equal('true');
      await until('the cooldown to end', () => resend.getAttribute('aria-disabled') === 'false');
      resend.click();
      await until('the new code to be sent', () => sent === 1 && el.state === 'code-entry');
      const { messages } = await sim('GET', '/__sim/sims/sim_ayesha/messages');
      expect(
        messages.filter((m: { direction: string }) => m.direction === 'in'),
        'the service accepted the resend',
      ).to.have.length(2);

      await typeInto(codeInput(el), await latestCode('sim_ayesha'));
      await press('Enter');
      await untilState(el, 'granted');
      expect(new FormData(form).get('ijazat_token')).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    });
});
