/**
 * Per-keystroke formatting cost in Node: the pure functions the widget runs on each input event
 * (digits before the caret, format as 12345-1234567-1, caret after), over every prefix of a CNIC
 * typed one key at a time, in Urdu digits too. Timed in batches so the clock's resolution does not
 * dominate; the figure is the median time of one keystroke across batches.
 */
import { caretAfter, digitsBefore, formatCnic } from '../../src/contract/cnic.js';
import { summarize, type Summary } from './stats.js';

/** What the citizen's field holds after each key: ASCII, then Urdu digits, then a paste with spaces. */
function keystrokeTexts(): string[] {
  const texts: string[] = [];
  const ascii = '3520211111111';
  const urdu = [...ascii].map((d) => String.fromCharCode(0x06f0 + Number(d))).join('');
  for (const digits of [ascii, urdu]) {
    let typed = '';
    for (const digit of digits) {
      typed = formatCnic(typed + digit);
      texts.push(typed);
    }
  }
  texts.push('35202 1111111 1', '35202-1111111-1', '352021111111123');
  return texts;
}

let sink = 0; // keeps the optimiser from dropping the work

function keystroke(text: string): void {
  const before = digitsBefore(text, text.length);
  const formatted = formatCnic(text);
  sink += caretAfter(formatted, before) + formatted.length;
}

export function measureFormatting(options = { batches: 200, perBatch: 2_000 }): {
  perKeystrokeNs: Summary;
  keystrokes: number;
} {
  const texts = keystrokeTexts();
  for (let i = 0; i < 20_000; i++) keystroke(texts[i % texts.length]!); // warm up the JIT
  const samples: number[] = [];
  for (let batch = 0; batch < options.batches; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < options.perBatch; i++) keystroke(texts[i % texts.length]!);
    samples.push(Number(process.hrtime.bigint() - start) / options.perBatch);
  }
  if (sink === 0) throw new Error('formatting produced nothing');
  return { perKeystrokeNs: summarize(samples), keystrokes: options.batches * options.perBatch };
}
