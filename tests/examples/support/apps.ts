import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

// Without the test runner's NODE_ENV=test (and its own variables), which would make Vite build React's
// development JSX into the library and Next.js warn about a non-standard NODE_ENV.
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_ENV" && !name.startsWith("VITEST")),
  ),
  NEXT_TELEMETRY_DISABLED: "1",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

/** Runs a command to its end; a failure throws with the command's last output. */
export function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(
            new Error(`${command} ${args.join(" ")} failed (${code}) in ${cwd}:\n${output.slice(-6000)}`),
          ),
    );
  });
}

/** Logs how long each stage took, so CI's output shows where the minutes go. */
export async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`[examples] ${what}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

/**
 * A fresh copy of `examples/<name>` in a temporary folder, installed from the registry with the library from
 * the packed tarball (not a link), as an app that adds it would.
 */
export async function installExample(name: string, tarball: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), `react-api-keys-${name}-`)), name);
  const skipped = new Set(["node_modules", ".next", "dist", ".data", "next-env.d.ts"]);
  await cp(join(ROOT, "examples", name), dir, {
    recursive: true,
    filter: (source) => !skipped.has(source.split("/").pop()!),
  });
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies["react-api-keys"] = `file:${tarball}`;
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await timed(`${name}: npm install`, () => run("npm", ["install", "--no-package-lock"], dir));
  return dir;
}

export async function removeExample(dir: string): Promise<void> {
  await rm(join(dir, ".."), { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  /** What the server printed, to show when a step fails. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server command on a free port and waits until it answers at `/`. */
export async function startApp(
  command: string,
  args: (port: number) => string[],
  cwd: string,
): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so stopping it also stops whatever it started.
  const child = spawn(command, args(port), {
    cwd,
    env: ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${command} did not answer at ${url} within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { url, output: () => output, stop };
}
