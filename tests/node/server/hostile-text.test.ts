// Every string field, every hostile kind of text, every store: the answer is a 4xx with a reason, or a 200
// whose text reads back exactly as it was sent. Never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyType } from "../../../src/client/wire.js";
import { sampleTeams, sampleUsers } from "../../../src/server/sample.js";
import { storeFactories } from "../../support/stores.js";
import { expectSchemaError, makeApi, type Answer } from "./api.js";

/** Text PostgreSQL cannot hold as sent: refused as SCHEMA_ERROR on every store alike. */
const REFUSED: Record<string, string> = {
  NUL: "a\u0000b",
  "NUL alone": "\u0000",
  "lone high surrogate": "a\uD800b",
  "lone low surrogate": "a\uDC00b",
  "high surrogate at the end": "ab\uD83D",
};

/** Text that is odd but valid: accepted and read back unchanged, or refused for another reason (length). */
const ODD: Record<string, string> = {
  "control characters": "\u0001\u0007\u001b[31m\u001f\u007f\u0085",
  "line breaks": "a\r\nb\u2028c",
  overlong: "x".repeat(5_000),
  "RTL override and zero-width": "\u202Eevil\u200B\u200D\uFEFF",
  emoji: "🙂👩‍👩‍👧🏳️‍🌈",
  noncharacters: "\uFFFE\uFFFF\uFDD0",
  "quotes and backslashes": `"'\\/<script>`,
  "percent signs": "%00%ZZ%",
};

/** Percent-escapes a string as UTF-8, or as the 3-byte form of a lone surrogate (which is not valid UTF-8). */
function percent(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** Raw query or path text that is not valid percent-encoding, or encodes something hostile. */
const RAW_ESCAPES = ["%ZZ", "%", "%E2%82", "%ED%A0%80", "%C0%80", "%00", "%FF%FE", "a%2Fb"];

const ALL = { ...REFUSED, ...ODD };

describe.each(storeFactories)("hostile text on the $name store", { timeout: 120_000 }, (factory) => {
  let made: Awaited<ReturnType<typeof factory.create>>;
  let api: ReturnType<typeof makeApi>;
  beforeAll(async () => {
    made = await factory.create();
    api = makeApi(made.store);
  }, 60_000);
  afterAll(() => made?.cleanup());

  const ownerField = (type: ApiKeyType) => (type === "user" ? "user_id" : "team_id");
  const owner = (type: ApiKeyType) => (type === "user" ? sampleUsers.alice.id : sampleTeams.acme);

  function expectNeverServerError(answer: Answer) {
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
    expect(answer.status, answer.text).toBeLessThan(500);
    if (answer.status >= 400) expect(answer.text.length).toBeGreaterThan(0);
  }

  for (const type of ["user", "team"] as const) {
    describe(`${type} keys`, () => {
      it.each(Object.entries(ALL))("create with %s in the description", async (kind, text) => {
        const answer = await api.call("POST", `/${type}-api-keys`, {
          body: { description: text, expires_at_millis: null, [ownerField(type)]: owner(type) },
        });
        expectNeverServerError(answer);
        if (kind in REFUSED) return expectSchemaError(answer, "body.description", "must not contain");
        if (answer.status !== 200) return expectSchemaError(answer, "body.description");
        const read = await api.call("GET", `/${type}-api-keys/${answer.json.id}`);
        expect(read.json.description).toBe(text);
        expect(answer.json.description).toBe(text);
      });

      it.each(Object.entries(ALL))("create with %s as the owner", async (kind, text) => {
        const answer = await api.call("POST", `/${type}-api-keys`, {
          body: { description: "d", expires_at_millis: null, [ownerField(type)]: text },
        });
        expectNeverServerError(answer);
        if (kind in REFUSED) return expectSchemaError(answer, ownerField(type), "must not contain");
        if (answer.status !== 200) return expectSchemaError(answer, ownerField(type));
        expect(answer.json[ownerField(type)]).toBe(text);
        const listed = await api.call("GET", `/${type}-api-keys?${ownerField(type)}=${percent(text)}`);
        expect(listed.status, listed.text).toBe(200);
        expect(listed.json.items.map((item: { id: string }) => item.id)).toContain(answer.json.id);
      });

      it.each(Object.entries(ALL))("update with %s in the description", async (kind, text) => {
        const key = await api.create(type, owner(type));
        const answer = await api.call("PATCH", `/${type}-api-keys/${key.id}`, {
          body: { description: text },
        });
        expectNeverServerError(answer);
        if (kind in REFUSED) return expectSchemaError(answer, "body.description", "must not contain");
        if (answer.status !== 200) return expectSchemaError(answer, "body.description");
        const read = await api.call("GET", `/${type}-api-keys/${key.id}`);
        expect(read.json.description).toBe(text);
      });

      it.each(Object.entries(ALL))("list, read and update with %s in the query and path", async (_, text) => {
        const answers = [
          await api.call("GET", `/${type}-api-keys?${ownerField(type)}=${percent(text)}`),
          await api.call("GET", `/${type}-api-keys/${percent(text)}`),
          await api.call("GET", `/${type}-api-keys/${percent(text)}?${ownerField(type)}=${percent(text)}`),
          await api.call("PATCH", `/${type}-api-keys/${percent(text)}`, { body: { revoked: true } }),
          await api.call("GET", `/${type}-api-keys?${percent(text)}=1`),
        ];
        for (const answer of answers) {
          expectNeverServerError(answer);
          // A lone surrogate cannot be percent-encoded as UTF-8: the URL decodes its bytes as U+FFFD.
          if (text.includes("\u0000")) expectSchemaError(answer, "must not contain");
        }
      });

      it.each(Object.entries(ALL))("check with %s as the key or a field name", async (kind, text) => {
        for (const body of [{ api_key: text }, { api_key: `rak_sk_${text}` }, { [text]: "x" }]) {
          const answer = await api.call("POST", `/${type}-api-keys/check`, { body });
          expectNeverServerError(answer);
          if (kind in REFUSED) expectSchemaError(answer, "must not contain");
        }
      });

      it.each(RAW_ESCAPES)("answers raw %s in the query and the path with a 4xx or a 200", async (raw) => {
        const key = await api.create(type, owner(type));
        for (const [method, path] of [
          ["GET", `/${type}-api-keys?${ownerField(type)}=${raw}`],
          ["GET", `/${type}-api-keys/${raw}`],
          ["GET", `/${type}-api-keys/${key.id}?${ownerField(type)}=${raw}`],
          ["PATCH", `/${type}-api-keys/${raw}`],
          ["GET", `/${type}-api-keys?${raw}=${raw}`],
        ] as const) {
          const answer = await api.call(method, path, method === "PATCH" ? { body: { revoked: true } } : {});
          expectNeverServerError(answer);
        }
      });
    });
  }
});

describe("a session whose user id holds NUL or a lone surrogate", () => {
  it.each(Object.entries(REFUSED))("answers 401 UNPARSABLE_ACCESS_TOKEN for %s", async (_, userId) => {
    const { memoryStore } = await import("../../../src/server/memory-store.js");
    const api = makeApi(memoryStore(), { authenticateUser: () => userId });
    const answer = await api.call("GET", "/user-api-keys", { as: "alice" });
    expect(answer.status, answer.text).toBe(401);
    expect(answer.json.code).toBe("UNPARSABLE_ACCESS_TOKEN");
  });
});
