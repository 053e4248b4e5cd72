import pg from "pg";
import { describe, inject } from "vitest";

export const postgres = inject("postgres");

/**
 * `describe` for suites that need PostgreSQL. Without it the suite is reported as skipped, and its name
 * carries the reason, so a green run never hides that PostgreSQL was not tested.
 */
export function describePostgres(name: string, fn: () => void, needs: "database" | "binaries" = "database") {
  let why = postgres.unavailable;
  if (!why && needs === "binaries" && !postgres.binDir) {
    why =
      "this suite stops and starts a cluster of its own, which needs the server binaries (initdb, pg_ctl)";
    if (process.env.REQUIRE_POSTGRES === "1") {
      describe(name, () => {
        throw new Error(`REQUIRE_POSTGRES=1, but ${why}.`);
      });
      return;
    }
  }
  if (why) describe.skip(`${name} (skipped: ${why})`, fn);
  else describe(name, fn);
}

/**
 * A schema of its own on the shared database, so that suites and test files running in parallel never see
 * each other's rows. The URL selects it through `search_path`.
 */
export async function freshSchema(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `rak_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
