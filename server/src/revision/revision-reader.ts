/**
 * Reads the data revision for many concurrent requests at the cost of few queries, without ever answering with a
 * revision older than the last write committed before the caller asked.
 *
 * A query that is already running may have taken its snapshot before a write that committed just after it started,
 * so a caller never joins it: it waits for the next query, which starts after the running one ends, and shares that
 * one with everyone else who asked meanwhile. Under load this is one revision query per round trip, however many
 * requests there are; alone, a caller waits for at most one query. A time-based cache or LISTEN/NOTIFY would be
 * cheaper still, but both can answer with a revision older than a write the caller has already seen committed.
 */
export class RevisionReader {
  private running: Promise<string> | undefined;
  private next: Promise<string> | undefined;

  constructor(private readonly query: () => Promise<string>) {}

  /** The revision as of a snapshot taken after this call; rejects when the query fails. */
  read(): Promise<string> {
    if (this.running === undefined) return this.start();
    this.next ??= this.running.then(settle, settle).then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<string> {
    const running = this.query();
    this.running = running;
    const clear = () => {
      if (this.running === running) this.running = undefined;
    };
    running.then(clear, clear);
    return running;
  }
}

function settle(): void {}
