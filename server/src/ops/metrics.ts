/**
 * Prometheus metrics (`GET /metrics`) through `prom-client`, the maintained Node client: it
 * renders the exposition format and adds the process metrics (CPU, memory, event-loop lag) that
 * capacity planning needs. Each server gets its own registry, so tests can run several apps in
 * one process. The names are documented in the README's Operations section.
 */
import client from 'prom-client';

/** What the commit path reports (see CommitQueue). */
export interface CommitObserver {
  committed(updates: number, seconds: number): void;
  failed(): void;
}

/** What the fan-out path reports (see RoomFanout). */
export interface FanoutObserver {
  /** Seconds from the commit on the sending instance to the relay here. */
  delivered(seconds: number): void;
}

export class Metrics implements CommitObserver, FanoutObserver {
  readonly registry = new client.Registry();
  private readonly updates: client.Counter;
  private readonly commitSeconds: client.Histogram;
  private readonly commitFailures: client.Counter;
  private readonly fanoutSeconds: client.Histogram;
  private readonly databaseErrors: client.Counter;
  private readonly redisErrors: client.Counter;
  private readonly closes: client.Counter<'code' | 'reason'>;

  private gauges = { connections: () => 0, roomsLoaded: () => 0 };

  constructor() {
    const registers = [this.registry];
    const gauges = (): { connections: () => number; roomsLoaded: () => number } => this.gauges;
    client.collectDefaultMetrics({ register: this.registry });
    new client.Gauge({
      name: 'riffboard_connections',
      help: 'Open WebSocket connections',
      registers,
      collect() {
        this.set(gauges().connections());
      },
    });
    new client.Gauge({
      name: 'riffboard_rooms_loaded',
      help: 'Rooms in memory',
      registers,
      collect() {
        this.set(gauges().roomsLoaded());
      },
    });
    this.updates = new client.Counter({
      name: 'riffboard_updates_committed_total',
      help: 'Document updates committed (rate() gives updates/s)',
      registers,
    });
    this.commitSeconds = new client.Histogram({
      name: 'riffboard_commit_duration_seconds',
      help: 'Time of one commit (all rooms of one event-loop turn)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.commitFailures = new client.Counter({
      name: 'riffboard_commit_failures_total',
      help: 'Commits the database refused or did not answer',
      registers,
    });
    this.fanoutSeconds = new client.Histogram({
      name: 'riffboard_fanout_delivery_seconds',
      help: 'From the commit on another instance to the relay here (needs synchronised clocks)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.databaseErrors = new client.Counter({
      name: 'riffboard_database_errors_total',
      help: 'Errors from the database (commits, reads, connections)',
      registers,
    });
    this.redisErrors = new client.Counter({ name: 'riffboard_redis_errors_total', help: 'Errors from Redis connections', registers });
    this.closes = new client.Counter({
      name: 'riffboard_connections_closed_total',
      help: 'Closed WebSocket connections by close code and reason ("client" when the client closed)',
      labelNames: ['code', 'reason'],
      registers,
    });
  }

  /** Where the gauges read their values (the app, once it has its sockets and rooms). */
  track(gauges: { connections: () => number; roomsLoaded: () => number }): void {
    this.gauges = gauges;
  }

  committed(updates: number, seconds: number): void {
    this.updates.inc(updates);
    this.commitSeconds.observe(seconds);
  }

  failed(): void {
    this.commitFailures.inc();
    this.databaseErrors.inc();
  }

  delivered(seconds: number): void {
    this.fanoutSeconds.observe(Math.max(0, seconds));
  }

  databaseError(): void {
    this.databaseErrors.inc();
  }

  redisError(): void {
    this.redisErrors.inc();
  }

  closed(code: number, reason: string): void {
    this.closes.inc({ code: String(code), reason });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
