// A throwaway PostgreSQL cluster for tests and the bench: initdb into a temp folder, pg_ctl on a free
// loopback port, removed again on stop. Nothing here touches a cluster it did not create.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const INSTALL_HINT =
  "Set DATABASE_URL to a database the tests may write to, or install the server binaries " +
  "(Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql) so a throwaway cluster can start.";

/** The folder holding initdb and pg_ctl: `PG_BIN`, else the newest of Debian's /usr/lib/postgresql/N/bin. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, "initdb")) ? fromEnv : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, trust auth, loopback only. */
  url: string;
  port: number;
  dataDir: string;
  /** Starts the cluster again after `stop`, on the same port. */
  start(): Promise<void>;
  /** `immediate` is a crash: no checkpoint, connections cut; recovery replays the WAL on the next start. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /**
   * Stops every process of the cluster with SIGSTOP: the port still accepts connections but nothing answers,
   * as with a hung host or a network partition. `thaw` resumes them.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops the cluster if it runs and deletes its folder. */
  destroy(): Promise<void>;
}

export interface StartClusterOptions {
  binDir: string;
  /** Off makes writes faster; leave it on where a test relies on crash recovery. */
  fsync?: boolean;
}

export async function startCluster({ binDir, fsync = false }: StartClusterOptions): Promise<PgCluster> {
  // initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
  const asRoot = userInfo().uid === 0;
  const exec = (command: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(binDir, command), ...args])
      : run(join(binDir, command), args);

  const dataDir = mkdtempSync(join(tmpdir(), "react-api-keys-pg-"));
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dataDir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  await exec("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);

  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c max_connections=200",
    `-c fsync=${fsync ? "on" : "off"}`,
  ].join(" ");
  let running = false;
  let frozen: number[] = [];
  // The postmaster's pid is the first line of postmaster.pid; the backends are its children.
  async function processes(): Promise<number[]> {
    const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const { stdout } = await run("ps", ["-o", "pid=", "--ppid", String(postmaster)]).catch(() => ({
      stdout: "",
    }));
    return [postmaster, ...stdout.split("\n").filter(Boolean).map(Number)];
  }
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async start() {
      await exec("pg_ctl", ["-D", dataDir, "-l", join(dataDir, "server.log"), "-o", settings, "-w", "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      if (!running) return;
      running = false;
      await exec("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
    },
    async freeze() {
      frozen = await processes();
      for (const pid of frozen) process.kill(pid, "SIGSTOP");
    },
    async thaw() {
      for (const pid of frozen.splice(0)) {
        try {
          process.kill(pid, "SIGCONT");
        } catch {
          // Already gone.
        }
      }
    },
    async destroy() {
      await cluster.thaw();
      await cluster.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}
