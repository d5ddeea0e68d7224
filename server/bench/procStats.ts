/** Readings of a process and of the machine from Linux's /proc, and sizes on disk. */
import fs from 'node:fs';
import path from 'node:path';

/** Clock ticks per second for /proc/<pid>/stat (getconf CLK_TCK; 100 on Linux x86-64). */
const CLK_TCK = 100;

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat fields 14 and 15. */
export function procCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after the last ')' are fixed.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return ((utime + stime) * 1000) / CLK_TCK;
}

/** Resident set size in KiB, from /proc/<pid>/status VmRSS. */
export function procRssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m?.[1] !== undefined ? Number(m[1]) : Number.NaN;
}

/** Busy CPU time of the whole machine in ms (all cores), from the first line of /proc/stat. */
export function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
  return (busy * 1000) / CLK_TCK;
}

/** Total bytes of the files under a directory. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}
