/**
 * Riffboard sync-server benchmark: Riffboard vs @y/websocket-server 0.1.1 (in memory and with
 * LevelDB), side by side in one run with one load generator. Run: `pnpm --filter
 * @riffboard/server bench` (BENCH_QUICK=1 for a smoke run; knobs in config.ts).
 *
 * Every scenario starts a fresh server process per server kind (fresh port and data dir), so RSS
 * and CPU readings are not polluted by earlier scenarios. The load generator runs in this process:
 * with 2 cores, one core goes to the server under test and one to the generator; worker processes
 * would only contend for the same two cores (the "gen CPU %" column shows its headroom).
 */
import os from 'node:os';
import fs from 'node:fs';
import { readConfig, type ScenarioName } from './config.ts';
import { formatScenario, type Cell, type Column, type ScenarioResult, type ServerRow } from './report.ts';
import { SERVER_LABEL, commandFor, launch, riffboardPresent, type ServerHandle, type ServerKind } from './servers.ts';
import { cleanupAll, installCleanupHandlers } from './cleanup.ts';
import { machineBusyMs } from './procStats.ts';
import { connectColumns, connectSetup, runConnect } from './scenarios/connect.ts';
import { coldColumns, coldSetup, runColdLoad } from './scenarios/coldLoad.ts';
import { fanoutColumns, fanoutSetup, runFanout } from './scenarios/fanout.ts';
import { dragsColumns, dragsSetup, runDrags } from './scenarios/drags.ts';
import { runReconnectStorm, stormColumns, stormSetup } from './scenarios/reconnectStorm.ts';
import { medianCells, sleep } from './stats.ts';

interface Scenario {
  readonly title: string;
  readonly setup: string;
  readonly columns: readonly Column[];
  /** Rounds, servers taking turns in each; a row is the median over them (1 when absent). */
  readonly rounds?: number;
  /** Cells listed per round in a note, so the spread behind each median shows. */
  readonly roundKeys?: readonly string[];
  run(server: ServerHandle): Promise<{ values: Record<string, Cell>; notes: string[] }>;
}

function nofileLimit(): string {
  try {
    const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m === null ? '?' : `${m[1]} soft / ${m[2]} hard`;
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const cfg = readConfig();
  const started = performance.now();

  let servers: ServerKind[] = [...cfg.servers];
  const preamble: string[] = [];
  if (servers.includes('riffboard') && !riffboardPresent()) {
    servers = servers.filter((s) => s !== 'riffboard');
    preamble.push('- **Riffboard skipped: server/src/main.ts does not exist yet.**');
  }

  const scenarios: Record<ScenarioName, Scenario> = {
    'fanout-1room': {
      title: `Fan-out (a): ${cfg.fanoutOneRoom.rooms} room × ${cfg.fanoutOneRoom.clientsPerRoom} clients`,
      setup: fanoutSetup(cfg.fanoutOneRoom),
      columns: fanoutColumns,
      rounds: cfg.fanoutRounds,
      roundKeys: ['p50', 'cpuPer1k'],
      run: (s) => runFanout(s, cfg.fanoutOneRoom),
    },
    'fanout-rooms': {
      title: `Fan-out (b): ${cfg.fanoutManyRooms.rooms} rooms × ${cfg.fanoutManyRooms.clientsPerRoom} clients`,
      setup: fanoutSetup(cfg.fanoutManyRooms),
      columns: fanoutColumns,
      rounds: cfg.fanoutRounds,
      roundKeys: ['p50', 'cpuPer1k'],
      run: (s) => runFanout(s, cfg.fanoutManyRooms),
    },
    connect: {
      title: `Connect and sync: ${cfg.connect.connections.toLocaleString('en-US')} connections`,
      setup: connectSetup(cfg.connect),
      columns: connectColumns,
      run: (s) => runConnect(s, cfg.connect),
    },
    'cold-load': {
      title: `Cold load: ~${cfg.cold.roomMB} MB room`,
      setup: coldSetup(cfg.cold),
      columns: coldColumns,
      run: (s) => runColdLoad(s, cfg.cold),
    },
    storm: {
      title: `Reconnect storm: ${cfg.storm.rooms * cfg.storm.clientsPerRoom} clients over ${cfg.storm.rooms} rooms of ~${cfg.storm.roomMB} MB after a restart`,
      setup: stormSetup(cfg.storm),
      columns: stormColumns,
      run: (s) => runReconnectStorm(s, cfg.storm),
    },
    drags: {
      title: `Long session: ${cfg.drags.long.toLocaleString('en-US')} drags of one shape vs ${cfg.drags.short.toLocaleString('en-US')}, then compaction`,
      setup: dragsSetup(cfg.drags),
      columns: dragsColumns,
      run: (s) => runDrags(s, cfg.drags),
    },
  };

  const cpus = os.cpus();
  console.log(`## Riffboard sync-server benchmark${cfg.quick ? ' (BENCH_QUICK smoke run)' : ''}`);
  console.log('');
  console.log(
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; open files ${nofileLimit()}`,
  );
  console.log(`- Command: ${cfg.quick ? 'BENCH_QUICK=1 ' : ''}pnpm --filter @riffboard/server bench   (= cd server && tsx bench/run.ts)`);
  for (const kind of servers) console.log(`- ${SERVER_LABEL[kind]}: \`${commandFor(kind).display}\``);
  console.log(
    '- Load generator: this process, raw `ws` + y-protocols sync clients (one Y.Doc each, updates applied); a fresh server process per scenario and server.',
  );
  console.log(
    `- Note: on ${cpus.length} cores the server and the generator share the machine, so generator timer and event-loop noise dominates p99 ` +
      '(see "gen lag p99"); trust p50, CPU per delivery, RSS and load times more than p99.',
  );
  for (const p of preamble) console.log(p);
  // Anything else running skews every figure: say how busy the machine is before we start.
  const idleBusy0 = machineBusyMs();
  const idleGen0 = process.cpuUsage();
  await sleep(2000);
  const idleGen = process.cpuUsage(idleGen0);
  const otherPct = ((machineBusyMs() - idleBusy0 - (idleGen.user + idleGen.system) / 1000) / 2000) * 100;
  console.log(
    `- Before starting: load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; other processes used ${Math.max(0, otherPct).toFixed(0)}% of one core over 2 s` +
      (otherPct > 20 ? ' — **the machine is not idle; expect noisy figures**' : ''),
  );
  console.log('');

  for (const name of cfg.scenarios) {
    const scenario = scenarios[name];
    const t0 = performance.now();
    const notes: string[] = [];
    const background: string[] = [];
    const rounds = scenario.rounds ?? 1;
    const measured = new Map<ServerKind, Array<Record<string, Cell>>>();
    const failed = new Map<ServerKind, string>();
    for (let round = 1; round <= rounds; round++) {
      for (const kind of servers) {
        if (failed.has(kind)) continue;
        process.stderr.write(`bench: ${name} on ${SERVER_LABEL[kind]}${rounds > 1 ? ` (round ${round} of ${rounds})` : ''}…\n`);
        let server: ServerHandle | undefined;
        try {
          server = await launch(kind);
          // Whatever else runs on the machine meanwhile (other test suites, builds) skews results.
          const busy0 = machineBusyMs();
          const gen0 = process.cpuUsage();
          const srv0 = server.totalCpuMs();
          const w0 = performance.now();
          const { values, notes: n } = await scenario.run(server);
          const gen = process.cpuUsage(gen0);
          const other = machineBusyMs() - busy0 - (gen.user + gen.system) / 1000 - (server.totalCpuMs() - srv0);
          background.push(`${SERVER_LABEL[kind]} ${Math.max(0, (other / (performance.now() - w0)) * 100).toFixed(0)}%`);
          measured.set(kind, [...(measured.get(kind) ?? []), values]);
          notes.push(...n);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          failed.set(kind, msg.split('\n')[0] ?? msg);
          process.stderr.write(`bench: ${name} on ${SERVER_LABEL[kind]} failed: ${err instanceof Error ? (err.stack ?? msg) : msg}\n`);
        } finally {
          if (server !== undefined) {
            const log = server.takeLog().filter((l) => !/^peer listening|^Persisting documents|^\[exit code=0 /.test(l));
            if (process.env.BENCH_SHOW_LOGS === '1') for (const l of log) process.stderr.write(`[${server.label}] ${l}\n`);
            if (log.length > 0) {
              notes.push(`${server.label} printed ${log.length} log line(s); last: ${(log[log.length - 1] ?? '').slice(0, 300)}`);
            }
            await server.dispose();
          }
        }
      }
    }
    const rows: ServerRow[] = servers.map((kind) => {
      const error = failed.get(kind);
      const runs = measured.get(kind) ?? [];
      return error !== undefined || runs.length === 0 ? { kind, error: error ?? 'no run' } : { kind, values: medianCells(runs) };
    });
    if (rounds > 1) {
      notes.push(`Each row is the median of ${rounds} rounds; the servers took turns in every round.`);
      for (const key of scenario.roundKeys ?? []) {
        const header = scenario.columns.find((c) => c.key === key)?.header ?? key;
        const perServer = servers.map((kind) => {
          const vals = (measured.get(kind) ?? []).map((v) => v[key]).map((v) => (typeof v === 'number' ? v.toFixed(1) : '–'));
          return `${SERVER_LABEL[kind]} ${vals.join(', ')}`;
        });
        notes.push(`${header} per round: ${perServer.join('; ')}`);
      }
    }
    if (background.length > 0) {
      notes.push(`Other processes' CPU during each run, % of one core (should be ~0 on an idle machine): ${background.join(', ')}`);
    }
    const result: ScenarioResult = {
      title: scenario.title,
      setup: scenario.setup,
      columns: scenario.columns,
      rows,
      notes,
      seconds: (performance.now() - t0) / 1000,
    };
    console.log(formatScenario(result));
    console.log('');
  }
  console.log(`Total: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main()
  .then(() => {
    cleanupAll();
    process.exit(0);
  })
  .catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    cleanupAll();
    process.exit(1);
  });
