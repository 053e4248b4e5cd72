/**
 * Holds a PGlite folder for one store at a time. PGlite takes no lock of its own: two processes (or two
 * stores in one) on the same folder each see only their own writes and corrupt the database between them.
 *
 * The lock is a file in the folder naming the holding process (its pid, when Linux says it started, and a
 * random token for this one lock). One left by a process that is gone is taken over, and so is one naming a
 * pid that has since gone to another process, or to this one after a restart (common in containers, where
 * pids repeat). Node only, through `process.getBuiltinModule`, so the file stays importable in a browser bundle.
 *
 * Why generations: taking over a stale lock by reading, removing and writing it again is three steps, and two
 * processes that both read the stale lock could each remove what the other had just written and both go on.
 * Here nothing is ever overwritten. Lock files are numbered (`react-api-keys.lock`, then `.lock.1`, `.lock.2`
 * …); a process that finds every one of them stale adds the next number, with `link`, which either creates the
 * name with the whole text already in it or fails because it exists, so one process wins each number. Then it
 * lists the files again: if any other live holder is there (a process that read the folder before the winner
 * wrote), it removes its own file and tries again; of two such processes the later one to write always sees
 * the other. Only a process that saw no rival removes the others' stale files. A crash at any step leaves at
 * most a file naming a dead process, which the next opener treats as stale.
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const fs = process.getBuiltinModule("node:fs/promises");
  await fs.mkdir(dir, { recursive: true });
  const folder = (await fs.realpath(dir)).replace(/[\\/]+$/, "");
  const token = crypto.randomUUID();
  const owner = `${lockText(process.pid)} ${token}`;
  ours.add(token);
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const before = await readLocks(folder);
      const holder = before.find((lock) => isLive(lock.text));
      if (holder) throw inUse(dir, holder);
      const path = lockPath(folder, Math.max(-1, ...before.map((lock) => lock.generation)) + 1);
      if (!(await createWith(path, owner))) continue; // another process took this number: look again
      const after = await readLocks(folder);
      if (after.some((lock) => lock.path !== path && isLive(lock.text))) {
        await fs.rm(path, { force: true });
        // Two openers that keep meeting step back for different times.
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        continue;
      }
      for (const lock of after) if (lock.path !== path) await fs.rm(lock.path, { force: true });
      return async () => {
        ours.delete(token);
        if ((await fs.readFile(path, "utf8").catch(() => "")) === owner) await fs.rm(path, { force: true });
      };
    }
    throw new Error(`Could not take the lock on the PGlite folder ${dir}: other processes kept opening it.`);
  } catch (error) {
    ours.delete(token);
    throw error;
  }
}

/** Tokens of the locks this process holds or is taking, so a second store here is refused. */
const ours = new Set<string>();

const BASE = "react-api-keys.lock";
const lockPath = (folder: string, generation: number) =>
  `${folder}/${BASE}${generation === 0 ? "" : `.${generation}`}`;

interface Lock {
  generation: number;
  path: string;
  text: string;
}

async function readLocks(folder: string): Promise<Lock[]> {
  const fs = process.getBuiltinModule("node:fs/promises");
  const locks: Lock[] = [];
  for (const name of await fs.readdir(folder)) {
    const match = /^react-api-keys\.lock(?:\.(\d+))?$/.exec(name);
    if (!match) continue;
    const path = `${folder}/${name}`;
    const text = await fs.readFile(path, "utf8").catch(() => null); // gone meanwhile: not a holder
    if (text !== null) locks.push({ generation: Number(match[1] ?? 0), path, text });
  }
  return locks;
}

/** Creates `path` holding `text` all at once, or answers false if it exists. */
async function createWith(path: string, text: string): Promise<boolean> {
  const fs = process.getBuiltinModule("node:fs/promises");
  const draft = `${path}.${crypto.randomUUID()}.draft`;
  await fs.writeFile(draft, text, { flag: "wx" });
  try {
    await fs.link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await fs.rm(draft, { force: true });
  }
}

function isLive(text: string): boolean {
  const [pid = NaN, started = "", token = ""] = text.trim().split(" ");
  const holder = Number(pid);
  // Naming this process: live only if a store here holds it, else it is left from before a restart.
  if (holder === process.pid) return ours.has(token);
  return isRunning(holder, started);
}

function inUse(dir: string, lock: Lock): Error {
  const holder = Number(lock.text.split(" ")[0]);
  const who = holder === process.pid ? "another store in this process" : `process ${holder}`;
  return new Error(
    `The PGlite folder ${dir} is in use by ${who}. Two stores on one folder would corrupt it: ` +
      `stop the other one, or give this one a folder of its own (or delete ${lock.path} if you know it is stale).`,
  );
}

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
