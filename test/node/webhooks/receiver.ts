/**
 * Test fixture: a partner's webhook endpoint on a real node:http server, recording each delivery's raw
 * body and headers. It can be told to answer an error status, or be closed and reopened on the same
 * port (an endpoint that is down for a while). Not a test file itself.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
  /** The status the endpoint answered it with. */
  answered: number;
}

export class Receiver {
  readonly deliveries: Delivery[] = [];
  /** The status the endpoint answers; 204 by default. */
  status = 204;
  private server: Server | null = null;
  private port = 0;
  private waiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhooks/ijazat`;
  }

  async open(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.deliveries.push({
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          answered: this.status,
        });
        res.writeHead(this.status).end();
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until `count` deliveries have arrived (each test bounds its wait with the runner's timeout). */
  async received(count: number): Promise<Delivery[]> {
    while (this.deliveries.length < count) await this.next();
    return this.deliveries.slice(0, count);
  }

  /** Waits for the first delivery, already here or still to come, that `matches`. */
  async first(matches: (delivery: Delivery) => boolean): Promise<Delivery> {
    for (;;) {
      const found = this.deliveries.find(matches);
      if (found) return found;
      await this.next();
    }
  }

  private next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
