import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pgliteStore } from "../../../src/server/pglite-store.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-lock-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** A real process that is running, and stops when the test ends. */
function otherProcess(): number {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  cleanups.push(() => void child.kill());
  return child.pid!;
}

const lockFile = (dataDir: string) => join(dataDir, "react-api-keys.lock");
const holder = (dataDir: string) => Number(readFileSync(lockFile(dataDir), "utf8").split(" ")[0]);
/** The process's start time as Linux gives it, which the lock records beside the pid. */
const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
};

describe("given a PGlite store holding a folder", () => {
  it("refuses a second store on the same folder, with a reason, until the first is closed", async () => {
    const dataDir = folder();
    const first = pgliteStore({ dataDir });
    await first.ready();
    expect(holder(dataDir)).toBe(process.pid);

    const second = pgliteStore({ dataDir });
    cleanups.push(() => second.close());
    await expect(second.ready()).rejects.toThrow(/in use by another store in this process/);

    await first.close();
    expect(existsSync(lockFile(dataDir))).toBe(false);
    await second.ready(); // a failed open is forgotten, so the folder is taken once it is free
    expect(holder(dataDir)).toBe(process.pid);
  }, 30_000);
});

describe("given a folder held by another process", () => {
  it("refuses it while that process runs, naming it, and takes it over once it is gone", async () => {
    const dataDir = folder();
    const other = otherProcess();
    writeFileSync(lockFile(dataDir), `${other} ${startOf(other)}`);

    const store = pgliteStore({ dataDir });
    cleanups.push(() => store.close());
    await expect(store.ready()).rejects.toThrow(`in use by process ${other}`);
    expect(holder(dataDir)).toBe(other);

    process.kill(other);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.ready();
    expect(holder(dataDir)).toBe(process.pid);
  }, 30_000);
});

describe.runIf(existsSync("/proc/self/stat"))("given a lock naming a pid that has moved on", () => {
  it("takes over a lock whose pid now belongs to a process started later", async () => {
    const dataDir = folder();
    const other = otherProcess();
    writeFileSync(lockFile(dataDir), `${other} ${Number(startOf(other)) - 1}`);

    const store = pgliteStore({ dataDir });
    cleanups.push(() => store.close());
    await store.ready();
    expect(holder(dataDir)).toBe(process.pid);
  }, 30_000);

  it("takes over a lock naming this very process when no store here holds it (a restart that got the same pid)", async () => {
    const dataDir = folder();
    writeFileSync(lockFile(dataDir), `${process.pid} ${Number(startOf(process.pid)) - 1}`);

    const store = pgliteStore({ dataDir });
    cleanups.push(() => store.close());
    await store.ready();
    expect(readFileSync(lockFile(dataDir), "utf8")).toBe(`${process.pid} ${startOf(process.pid)}`);
  }, 30_000);
});

describe("given a PGlite URL rather than a folder", () => {
  it("passes it to PGlite and writes no lock", async () => {
    const store = pgliteStore({ dataDir: "memory://" });
    cleanups.push(() => store.close());
    await store.ready();
    expect(existsSync("memory:")).toBe(false);
  }, 30_000);
});
