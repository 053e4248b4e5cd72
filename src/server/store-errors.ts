/** The store cannot be reached right now (connection refused, lost or timed out); the request may be retried. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}
