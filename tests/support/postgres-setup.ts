// Vitest globalSetup for the node project: finds or starts the PostgreSQL the tests share, or says why not.
import type { TestProject } from "vitest/node";
import { findPostgresBin, INSTALL_HINT, startCluster } from "./pg-cluster.js";

export interface PostgresContext {
  /** The database the suites share, or null when PostgreSQL is unavailable. */
  url: string | null;
  /** Where initdb and pg_ctl are, for suites that need a cluster of their own to stop and start. */
  binDir: string | null;
  /** Why `url` is null, in a sentence that says how to fix it. */
  unavailable: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: PostgresContext;
  }
}

export default async function setup(project: TestProject) {
  const binDir = findPostgresBin();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    project.provide("postgres", { url: databaseUrl, binDir, unavailable: null });
    return;
  }

  let why: string;
  if (binDir) {
    try {
      const cluster = await startCluster({ binDir });
      project.provide("postgres", { url: cluster.url, binDir, unavailable: null });
      return () => cluster.destroy();
    } catch (error) {
      why = `DATABASE_URL is not set, and starting a throwaway cluster with ${binDir} failed: ${String(error)}.`;
    }
  } else {
    why = "DATABASE_URL is not set and no PostgreSQL server binaries (initdb, pg_ctl) were found.";
  }
  const unavailable = `${why} ${INSTALL_HINT}`;
  if (process.env.REQUIRE_POSTGRES === "1") {
    throw new Error(`REQUIRE_POSTGRES=1, but PostgreSQL is unavailable: ${unavailable}`);
  }
  console.warn(`\n[react-api-keys] The PostgreSQL suites are skipped. ${unavailable}\n`);
  project.provide("postgres", { url: null, binDir, unavailable });
}
