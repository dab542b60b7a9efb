/** SMS as stored per SIM and as the inbox endpoint shows them. */
import { toIso } from '../clock.js';
import type { MessageRecord } from '../store/schema.js';

export interface MessageView {
  id: string;
  from: string;
  to: string;
  body: string;
  at: string;
  direction: 'in' | 'out';
}

export const messageView = (message: MessageRecord): MessageView => ({
  id: `msg_${message.seq}`,
  from: message.from,
  to: message.to,
  body: message.body,
  at: toIso(message.at),
  direction: message.direction,
});
