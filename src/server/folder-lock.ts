/**
 * Holds a PGlite folder for one store at a time. PGlite takes no lock of its own: two processes (or two
 * stores in one) on the same folder each see only their own writes and corrupt the database between them.
 *
 * The lock is a file in the folder naming the holding process (its pid and, where Linux tells it, when it
 * started). One left by a process that is gone is taken over, and so is one naming a pid that has since gone
 * to another process, or to this one after a restart (common in containers, where pids repeat). Node only,
 * through `process.getBuiltinModule`, so the file stays importable in a browser bundle.
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const fs = process.getBuiltinModule("node:fs/promises");
  await fs.mkdir(dir, { recursive: true });
  const path = `${(await fs.realpath(dir)).replace(/[\\/]+$/, "")}/react-api-keys.lock`;
  const owner = lockText(process.pid);
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(path, owner, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const [pid = NaN, started = ""] = (await fs.readFile(path, "utf8").catch(() => "")).split(" ");
      const holder = Number(pid);
      if (holder === process.pid ? held.has(path) : isRunning(holder, started)) {
        const who = holder === process.pid ? "another store in this process" : `process ${holder}`;
        throw new Error(
          `The PGlite folder ${dir} is in use by ${who}. Two stores on one folder would corrupt it: ` +
            `stop the other one, or give this one a folder of its own (or delete ${path} if you know it is stale).`,
        );
      }
      await fs.rm(path, { force: true });
    }
  }
  held.add(path);
  return async () => {
    held.delete(path);
    if ((await fs.readFile(path, "utf8").catch(() => "")) === owner) await fs.rm(path, { force: true });
  };
}

/** The lock files this process holds, by real path. */
const held = new Set<string>();

/** "pid start": the start time (clock ticks after boot, from /proc) tells a reused pid from its first owner. */
function lockText(pid: number): string {
  return `${pid} ${startOf(pid) ?? ""}`;
}

function startOf(pid: number): string | undefined {
  try {
    const stat = process.getBuiltinModule("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number, started: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: alive, another user's
  }
  const now = startOf(pid);
  return started === "" || now === undefined || now === started;
}
