/**
 * Holds a PGlite folder for one store at a time. PGlite takes no lock of its own: two processes (or two
 * stores in one) on the same folder each see only their own writes and corrupt the database between them.
 * The lock is a file in the folder naming the holding process; one left by a process that is gone is taken
 * over. Node only (through `process.getBuiltinModule`, so this file stays importable in a browser bundle).
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const fs = process.getBuiltinModule("node:fs/promises");
  const path = `${dir.replace(/[\\/]+$/, "")}/react-api-keys.lock`;
  const owner = String(process.pid);
  await fs.mkdir(dir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(path, owner, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const holder = Number((await fs.readFile(path, "utf8").catch(() => "")).trim());
      if (holder === process.pid || isRunning(holder)) {
        throw new Error(
          `The PGlite folder ${dir} is in use by ${holder === process.pid ? "another store in this process" : `process ${holder}`}. ` +
            "Two stores on one folder would corrupt it: stop the other one, or give this one a folder of its own.",
        );
      }
      await fs.rm(path, { force: true }); // left by a process that is gone
    }
  }
  return async () => {
    const holder = await fs.readFile(path, "utf8").catch(() => "");
    if (holder === owner) await fs.rm(path, { force: true });
  };
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, but another user's
  }
}
