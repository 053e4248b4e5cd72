import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly from its own folder, so it must stay a plain Node import.
  serverExternalPackages: ["@electric-sql/pglite"],
};

export default nextConfig;
