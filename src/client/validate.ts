import { ApiKeysError } from "./errors.js";
import type { ApiKeyFirstViewWire, ApiKeyReadWire } from "./wire.js";

// Answers are checked here, at the boundary, so a wrong shape never reaches the model or the UI.
// Fields the contract does not name are dropped; a null optional field is read as absent.

type Json = Record<string, unknown>;

function invalid(path: string, expected: string): never {
  throw new ApiKeysError({
    code: "INVALID_RESPONSE",
    status: 200,
    message: `The server's answer does not fit the API-keys contract: ${path} should be ${expected}.`,
    details: { path, expected },
  });
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function field<T>(obj: Json, key: string, path: string, check: (v: unknown) => v is T, expected: string): T {
  const value = obj[key];
  return check(value) ? value : invalid(`${path}.${key}`, expected);
}

function optionalMillis(obj: Json, key: string, path: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return isMillis(value) ? value : invalid(`${path}.${key}`, "a time in milliseconds");
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isMillis = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isType = (v: unknown): v is "user" | "team" => v === "user" || v === "team";

function readCommon(value: unknown, path: string): Omit<ApiKeyReadWire, "value"> {
  if (!isObject(value)) invalid(path, "an object");
  const type = field(value, "type", path, isType, '"user" or "team"');
  const ownerKey = type === "user" ? "user_id" : "team_id";
  const wire: Omit<ApiKeyReadWire, "value"> = {
    id: field(value, "id", path, isString, "a string"),
    description: field(value, "description", path, isString, "a string"),
    created_at_millis: field(value, "created_at_millis", path, isMillis, "a time in milliseconds"),
    is_public: field(value, "is_public", path, isBoolean, "a boolean"),
    type,
    [ownerKey]: field(value, ownerKey, path, isString, "a string"),
  };
  for (const key of [
    "expires_at_millis",
    "manually_revoked_at_millis",
    "last_used_at_millis",
    "leaked_at_millis",
  ] as const) {
    const millis = optionalMillis(value, key, path);
    if (millis !== undefined) wire[key] = millis;
  }
  for (const key of ["rolled_from_id", "rolled_to_id", "revoked_reason", "leak_url"] as const) {
    const id = value[key];
    if (id === undefined || id === null) continue;
    wire[key] = isString(id) ? id : invalid(`${path}.${key}`, "a string");
  }
  // scopes: absent or null is full access.
  const scopes = value.scopes;
  if (scopes !== undefined && scopes !== null) {
    wire.scopes =
      Array.isArray(scopes) && scopes.every(isString)
        ? [...scopes]
        : invalid(`${path}.scopes`, "an array of strings");
  }
  return wire;
}

export function parseApiKey(value: unknown, path = "answer"): ApiKeyReadWire {
  const common = readCommon(value, path);
  const keyValue = (value as Json).value;
  if (!isObject(keyValue)) invalid(`${path}.value`, "an object with last_four");
  return {
    ...common,
    value: { last_four: field(keyValue, "last_four", `${path}.value`, isString, "a string") },
  };
}

export function parseApiKeyFirstView(value: unknown, path = "answer"): ApiKeyFirstViewWire {
  const common = readCommon(value, path);
  const keyValue = (value as Json).value;
  return {
    ...common,
    value: isString(keyValue) ? keyValue : invalid(`${path}.value`, "the whole key string"),
  };
}

export function parseApiKeyList(value: unknown): { items: ApiKeyReadWire[]; extensions: string[] } {
  if (!isObject(value) || !Array.isArray(value.items)) invalid("answer.items", "an array");
  const items = value.items.map((item, index) => parseApiKey(item, `answer.items[${index}]`));
  // Stack Auth sends no `extensions`, which means none.
  const extensions = value.extensions ?? [];
  if (!Array.isArray(extensions) || !extensions.every(isString)) {
    invalid("answer.extensions", "an array of strings");
  }
  return { items, extensions };
}
