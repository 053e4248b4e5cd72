import { StoreUnavailableError } from "./store-errors.js";

/**
 * Wraps the import of an optional peer that a store needs. Without the package installed, the store cannot
 * start: each attempt fails as unavailable (503 `STORE_UNAVAILABLE`, and `onError` hears it) with a sentence
 * that names the install command, and the log hears it once rather than on every request.
 */
export function optionalPeer<T>(name: string, load: () => Promise<T>): () => Promise<T> {
  let told = false;
  return async () => {
    try {
      return await load();
    } catch (error) {
      if (!isMissingModule(error, name)) throw error;
      const missing = new StoreUnavailableError(
        `The API key store cannot start: the package ${name} is not installed. Install it in the app: npm install ${name}`,
        { cause: error },
      );
      if (!told) {
        told = true;
        console.error(`react-api-keys: ${missing.message}`);
      }
      throw missing;
    }
  };
}

/** Node (ESM and CommonJS), bundlers' runtimes and browsers each say "not found" their own way. */
function isMissingModule(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || !error.message.includes(name)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === "ERR_MODULE_NOT_FOUND" ||
    code === "MODULE_NOT_FOUND" ||
    /cannot find (module|package)|failed to resolve module specifier/i.test(error.message)
  );
}
