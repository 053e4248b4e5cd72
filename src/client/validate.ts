import { ApiKeysError } from "./errors.js";
import type { ApiKeyFirstViewWire, ApiKeyReadWire } from "./wire.js";

// Answers are checked here, at the boundary, so a wrong shape never reaches the model or the UI.
// Fields the contract does not name are dropped; a null optional field is read as absent.

type Json = Record<string, unknown>;

export function invalid(path: string, expected: string): never {
  throw new ApiKeysError({
    code: "INVALID_RESPONSE",
    status: 200,
    message: `The server's answer does not fit the API-keys contract: ${path} should be ${expected}.`,
    details: { path, expected },
  });
}

/** `value` when `ok`, else the INVALID_RESPONSE that names `path`. */
export const want = <T>(value: unknown, ok: boolean, path: string, expected: string): T =>
  ok ? (value as T) : invalid(path, expected);

export const isString = (v: unknown): v is string => typeof v == "string";

const isObject = (v: unknown): v is Json => typeof v == "object" && !!v && !Array.isArray(v);

/** A list answer's `items`. */
export function items(json: unknown): unknown[] {
  const list = (json as Json | null)?.items;
  return want(list, Array.isArray(list), "answer.items", "an array");
}

const STRING = "a string";
const MILLIS = "a time in milliseconds";
// A read object's fields in the order they are checked; `?` marks the optional ones.
const FIELDS = (type: string) => [
  "id",
  "description",
  "created_at_millis",
  "is_public",
  `${type}_id`,
  "expires_at_millis?",
  "manually_revoked_at_millis?",
  "last_used_at_millis?",
  "rolled_from_id?",
  "rolled_to_id?",
  "scopes?",
  "revoked_reason?",
  "leaked_at_millis?",
  "leak_url?",
];

function readCommon(value: unknown, path: string): Json {
  const obj = want<Json>(value, isObject(value), path, "an object");
  const type = obj.type;
  const wire: Json = {
    type: want(type, type == "user" || type == "team", `${path}.type`, '"user" or "team"'),
  };
  for (const field of FIELDS(type as string)) {
    const name = field.replace("?", "");
    const v = obj[name];
    if (v == null && name != field) continue;
    const at = `${path}.${name}`;
    wire[name] = name.endsWith("millis")
      ? want(v, Number.isFinite(v), at, MILLIS)
      : name == "is_public"
        ? want(v, typeof v == "boolean", at, "a boolean")
        : name == "scopes"
          ? [...want<string[]>(v, Array.isArray(v) && v.every(isString), at, "an array of strings")]
          : want(v, isString(v), at, STRING);
  }
  return wire;
}

export function parseApiKey(value: unknown, path = "answer"): ApiKeyReadWire {
  const wire = readCommon(value, path);
  const keyValue = (value as Json).value as Json;
  const last = want<Json>(keyValue, isObject(keyValue), `${path}.value`, "an object with last_four");
  wire.value = {
    last_four: want(last.last_four, isString(last.last_four), `${path}.value.last_four`, STRING),
  };
  return wire as unknown as ApiKeyReadWire;
}

export function parseApiKeyFirstView(value: unknown, path = "answer"): ApiKeyFirstViewWire {
  const wire = readCommon(value, path);
  const whole = (value as Json).value;
  wire.value = want(whole, isString(whole), `${path}.value`, "the whole key string");
  return wire as unknown as ApiKeyFirstViewWire;
}

export function parseApiKeyList(value: unknown): { items: ApiKeyReadWire[]; extensions: string[] } {
  const keys = items(value).map((item, index) => parseApiKey(item, `answer.items[${index}]`));
  // Stack Auth sends no `extensions`, which means none.
  const extensions = (value as Json).extensions ?? [];
  return {
    items: keys,
    extensions: want(
      extensions,
      Array.isArray(extensions) && extensions.every(isString),
      "answer.extensions",
      "an array of strings",
    ),
  };
}
