/**
 * A TCP relay from a local port to PostgreSQL that a test takes down (connections cut, port closed) and brings back,
 * as a database restart looks to the server; it can also cut at a chosen moment of a transaction (the next COMMIT)
 * and hold the database's answers back, to put a request in flight for as long as the test wants.
 */
import net from "node:net";

/** postgres.js sends transaction()'s COMMIT as a simple query: 'Q', its length (4 + "commit\0"), the text. */
const COMMIT_QUERY = Buffer.concat([Buffer.from([0x51, 0, 0, 0, 11]), Buffer.from("commit\0")]);
/** The database's CommandComplete for it: 'C', its length (4 + "COMMIT\0"), the tag. */
const COMMIT_DONE = Buffer.concat([Buffer.from([0x43, 0, 0, 0, 11]), Buffer.from("COMMIT\0")]);

/**
 * Where the next COMMIT is cut. lose-commit: it never reaches the database (which rolls the transaction back when
 * its connection goes); lose-answer: the database commits it, and its answer never reaches the server.
 */
export type CommitCut = "lose-commit" | "lose-answer";

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Bytes of the stream's end kept to find a message split between two chunks. */
  clientTail: Buffer;
  upstreamTail: Buffer;
  /** Waiting for the database's answer to a COMMIT let through (lose-answer). */
  commitSent: boolean;
}

export class Relay {
  private server: net.Server | undefined;
  private readonly pairs = new Set<Pair>();
  private commitTrap: { cut: CommitCut; stayDown: boolean; done: () => void } | undefined;
  private hold: { queued: { pair: Pair; chunk: Buffer }[]; sawQuery: () => void } | undefined;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A port nothing listens on now. */
  static async freePort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  /** A relay on a free port in front of the database of `url`, up; and `url` as it reads through the relay. */
  static async before(url: string): Promise<{ relay: Relay; url: string }> {
    const real = new URL(url);
    const relay = new Relay(await Relay.freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    await relay.up();
    const viaRelay = new URL(real);
    viaRelay.port = String(relay.port);
    return { relay, url: viaRelay.toString() };
  }

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const pair: Pair = { client, upstream: net.connect(this.target.port, this.target.host), clientTail: Buffer.alloc(0), upstreamTail: Buffer.alloc(0), commitSent: false };
      this.pairs.add(pair);
      for (const socket of [pair.client, pair.upstream]) {
        socket.on("close", () => this.end(pair));
        socket.on("error", () => {});
      }
      client.on("data", (chunk: Buffer) => this.fromClient(pair, chunk));
      pair.upstream.on("data", (chunk: Buffer) => this.fromDatabase(pair, chunk));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const pair of [...this.pairs]) this.end(pair);
    await closed;
  }

  /**
   * Cuts at the next COMMIT any client sends (see CommitCut): every connection is cut then, and with stayDown the
   * port stays closed until up(). Resolves once it has cut.
   */
  cutAtNextCommit(cut: CommitCut, options: { stayDown: boolean }): Promise<void> {
    return new Promise((resolve) => (this.commitTrap = { cut, stayDown: options.stayDown, done: resolve }));
  }

  /**
   * Holds every answer of the database from now on until release() (then sends them on, in order). `queried`
   * resolves when a client sends something meanwhile: a request is then waiting on the database.
   */
  holdAnswers(): { queried: Promise<void>; release(): void } {
    let sawQuery!: () => void;
    const queried = new Promise<void>((resolve) => (sawQuery = resolve));
    const hold = { queued: [] as { pair: Pair; chunk: Buffer }[], sawQuery };
    this.hold = hold;
    return {
      queried,
      release: () => {
        if (this.hold === hold) this.hold = undefined;
        for (const { pair, chunk } of hold.queued) if (!pair.client.destroyed) pair.client.write(chunk);
      },
    };
  }

  private fromClient(pair: Pair, chunk: Buffer): void {
    const trap = this.commitTrap;
    if (trap && Buffer.concat([pair.clientTail, chunk]).includes(COMMIT_QUERY)) {
      if (trap.cut === "lose-commit") {
        this.spring(trap);
        return;
      }
      pair.commitSent = true;
    }
    pair.clientTail = chunk.subarray(Math.max(0, chunk.length - COMMIT_QUERY.length));
    this.hold?.sawQuery();
    pair.upstream.write(chunk);
  }

  private fromDatabase(pair: Pair, chunk: Buffer): void {
    const trap = this.commitTrap;
    if (trap && pair.commitSent && Buffer.concat([pair.upstreamTail, chunk]).includes(COMMIT_DONE)) {
      this.spring(trap);
      return;
    }
    pair.upstreamTail = chunk.subarray(Math.max(0, chunk.length - COMMIT_DONE.length));
    if (this.hold) this.hold.queued.push({ pair, chunk });
    else pair.client.write(chunk);
  }

  private spring(trap: NonNullable<Relay["commitTrap"]>): void {
    this.commitTrap = undefined;
    if (trap.stayDown) {
      void this.down().then(trap.done);
      return;
    }
    for (const pair of [...this.pairs]) this.end(pair);
    trap.done();
  }

  private end(pair: Pair): void {
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
