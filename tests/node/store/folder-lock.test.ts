import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** Where a lock is planted: the first generation's file. */
const lockFile = (dataDir: string) => join(dataDir, "react-api-keys.lock");
/** The lock files present (one while a store holds the folder, as the holder removes stale ones). */
const lockFiles = (dataDir: string) =>
  readdirSync(dataDir).filter((name) => /^react-api-keys\.lock(\.\d+)?$/.test(name));
const heldLock = (dataDir: string) => {
  const files = lockFiles(dataDir);
  expect(files).toHaveLength(1);
  return readFileSync(join(dataDir, files[0]!), "utf8");
};
const holder = (dataDir: string) => Number(heldLock(dataDir).split(" ")[0]);
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
    expect(lockFiles(dataDir)).toEqual([]);
    await second.ready(); // a failed open is forgotten, so the folder is taken once it is free
    expect(holder(dataDir)).toBe(process.pid);
  }, 60_000);
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
    expect(heldLock(dataDir)).toMatch(new RegExp(`^${process.pid} ${startOf(process.pid)} [0-9a-f-]{36}$`));
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

describe("given a file:// URL", () => {
  it("locks the folder it names, as PGlite keeps the database there", async () => {
    const dataDir = folder();
    const first = pgliteStore({ dataDir: `file://${dataDir}` });
    cleanups.push(() => first.close());
    await first.ready();
    expect(holder(dataDir)).toBe(process.pid);

    const second = pgliteStore({ dataDir });
    cleanups.push(() => second.close());
    await expect(second.ready()).rejects.toThrow(/in use by another store in this process/);
  }, 30_000);
});

describe("given a stale lock and 12 processes opening the folder at once", () => {
  // The lock module alone, as plain JavaScript, so that each process starts in milliseconds.
  let lockModule: string;
  // Two cores run two at a time; 12 contenders meet at the same instant as surely as 30 did, at 40% the cost.
  const OPENERS = 12;

  it("lets exactly one of them have it, round after round", { timeout: 120_000 }, async () => {
    const { transformSync } = await import("esbuild");
    const dir = folder();
    lockModule = join(dir, "folder-lock.mjs");
    const source = readFileSync(new URL("../../../src/server/folder-lock.ts", import.meta.url), "utf8");
    writeFileSync(lockModule, transformSync(source, { loader: "ts", format: "esm" }).code);
    // Each opener loads the module, says it is ready and waits for "go", so that all of them try at the same
    // moment however slowly the machine starts them. Then it says what happened and holds on until told to go:
    // it exits without unlocking, as a crash would, so the winner's lock is the next round's stale lock.
    const opener = `
      const { lockFolder } = await import(${JSON.stringify(lockModule)});
      const [dataDir] = process.argv.slice(1);
      process.stdout.write("ready\\n");
      await new Promise((resolve) => process.stdin.once("data", resolve));
      const line = await lockFolder(dataDir).then(() => "won", (error) => "refused " + error.message);
      process.stdout.write(line + "\\n");
      process.stdin.on("end", () => process.exit(0));
    `;

    const dataDir = join(dir, "data");
    const dead = otherProcess();
    process.kill(dead);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir);
    writeFileSync(lockFile(dataDir), `${dead} 1`);

    for (let round = 0; round < 3; round++) {
      const children = Array.from({ length: OPENERS }, () =>
        spawn(process.execPath, ["--input-type=module", "-e", opener, dataDir], {
          stdio: ["pipe", "pipe", "inherit"],
        }),
      );
      const said = children.map((child) => {
        const lines: string[] = [];
        const waiters: Array<() => void> = [];
        let out = "";
        child.stdout!.on("data", (chunk) => {
          out += chunk;
          const parts = out.split("\n");
          out = parts.pop()!;
          lines.push(...parts);
          for (const wake of waiters.splice(0)) wake();
        });
        child.on("exit", () => {
          lines.push("exited");
          for (const wake of waiters.splice(0)) wake();
        });
        return async (index: number) => {
          while (lines.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
          return lines[index]!;
        };
      });
      expect(await Promise.all(said.map((line) => line(0)))).toEqual(children.map(() => "ready"));
      for (const child of children) child.stdin!.write("go\n");
      const lines = await Promise.all(said.map((line) => line(1)));
      const exited = children.map((child) => new Promise((resolve) => child.on("exit", resolve)));
      for (const child of children) child.stdin!.end();
      await Promise.all(exited);

      const won = lines.filter((line) => line === "won");
      expect(won, lines.join("\n")).toHaveLength(1);
      for (const line of lines) if (line !== "won") expect(line).toMatch(/^refused .*in use by process \d+/);
    }
  });
});
