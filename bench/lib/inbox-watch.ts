import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

const SUBSCRIPTION = `subscription { inboxEvents { kind patientId entityId at } }`;

/** One live inbox event as a subscriber received it: `t` in ms since the load started, `delayMs` from the event's `at` (when the service published it) to its arrival. */
export interface ReceivedEvent {
  t: number;
  kind: string;
  delayMs: number;
}

/** A connection attempt: accepted (`connected`), or closed by the server before (its close code and reason, e.g. 1013 while the database is away). */
export interface ConnectAttempt {
  t: number;
  outcome: string;
}

/** A graphql-ws subscriber of `inboxEvents` as a nurse, and what it saw. */
export interface InboxSubscriber {
  name: string;
  /** `before`: connected before the fault; `after`: connected once the fault was over. */
  when: 'before' | 'after';
  attempts: ConnectAttempt[];
  /** When the connection was accepted (ms since the load started); null: never. */
  connectedAt: number | null;
  events: ReceivedEvent[];
  /** The socket closed while subscribed (close code and reason), or the subscription ended with an error. */
  closed: Array<{ t: number; what: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Live inbox subscribers (graphql-ws over `ws`, as a browser client connects: the bearer token in
 * `connectionParams`) on one instance, each counting the events it receives. A subscriber that
 * loses its socket is not reconnected: that it stayed connected through the fault is part of what
 * is measured. `connect` retries a refused connection (the service closes with 1013 while it
 * cannot reach the database), as a client would.
 */
export class InboxWatch {
  readonly subscribers: InboxSubscriber[] = [];
  private readonly clients: Client[] = [];
  private stopping = false;

  constructor(private readonly now: () => number) {}

  /** Connects and subscribes; resolves once the connection is accepted or `attempts` attempts (1 s apart) were refused. */
  async connect(name: string, when: InboxSubscriber['when'], port: number, token: string, attempts = 1): Promise<InboxSubscriber> {
    const s: InboxSubscriber = { name, when, attempts: [], connectedAt: null, events: [], closed: [] };
    this.subscribers.push(s);
    for (let i = 0; i < attempts && s.connectedAt === null; i++) {
      if (i > 0) await sleep(1000);
      await this.attempt(s, port, token);
    }
    return s;
  }

  private attempt(s: InboxSubscriber, port: number, token: string): Promise<void> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: string) => {
        if (settled) return;
        settled = true;
        s.attempts.push({ t: this.now(), outcome });
        resolve();
      };
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: {
          connected: () => {
            s.connectedAt = this.now();
            settle('connected');
          },
          closed: (e) => {
            const { code, reason } = (e ?? {}) as { code?: number; reason?: string };
            const what = `closed ${code ?? '?'}${reason ? ` ${reason}` : ''}`;
            if (settled && s.connectedAt !== null && !this.stopping) s.closed.push({ t: this.now(), what });
            settle(what);
          },
          error: (e) => settle(`error ${e instanceof Error ? e.message : 'on the socket'}`),
        },
      });
      this.clients.push(client);
      client.subscribe(
        { query: SUBSCRIPTION },
        {
          next: (v) => {
            const e = (v.data as { inboxEvents?: { kind: string; at: string } } | null | undefined)?.inboxEvents;
            if (e) s.events.push({ t: this.now(), kind: e.kind, delayMs: Date.now() - new Date(e.at).getTime() });
          },
          // A closed socket also ends the subscription (recorded by `closed` above); GraphQL errors are the server refusing the subscription.
          error: (e) => {
            if (Array.isArray(e)) s.closed.push({ t: this.now(), what: `subscription refused: ${e.map((x: { message?: string }) => x.message).join('; ')}` });
          },
          complete: () => undefined,
        },
      );
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.clients.map((c) => c.dispose()));
  }
}
