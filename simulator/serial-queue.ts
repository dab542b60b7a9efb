/**
 * Runs state-changing operations one at a time. WebCrypto awaits cannot live inside an IndexedDB
 * transaction (it would auto-commit), so each operation reads, computes, then writes in separate
 * transactions; running them in turn is what keeps "read, check, write" atomic across requests
 * (100 parallel verifies of one request mint exactly one token).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    // The queue continues whatever this operation's outcome.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when every queued operation has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
