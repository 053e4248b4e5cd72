import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { WhoamiSuccess } from "./server/whoami.js";
import { WHOAMI_PATH } from "./server/whoami.js";
import type { Note, NotesRefusal } from "./server/notes.js";
import { NOTES_PATH } from "./server/notes.js";
import { announceKeysChanged } from "./keys-changed.js";
import { personById, teamNames } from "./people.js";
import type { LeakReportAnswer } from "./server/leak-report.js";
import { DEMO_LEAK_URL, LEAK_REPORT_PATH } from "./server/leak-report.js";

type HeaderStyle = "authorization" | "x-api-key";

/** The sample API's endpoints; the notes ones need the key to hold a scope. */
const ENDPOINTS = {
  whoami: { method: "GET", path: WHOAMI_PATH, label: WHOAMI_PATH, needs: "any working key" },
  readNotes: { method: "GET", path: NOTES_PATH, label: `GET ${NOTES_PATH}`, needs: "notes:read" },
  writeNote: { method: "POST", path: NOTES_PATH, label: `POST ${NOTES_PATH}`, needs: "notes:write" },
} as const;
type Endpoint = keyof typeof ENDPOINTS;

type Answer = WhoamiSuccess | NotesRefusal | { notes: Note[] } | { note: Note };

type Outcome =
  | { state: "idle" }
  | { state: "pending" }
  | { state: "done"; status: number; body: Answer | null; text: string }
  | { state: "failed"; message: string };

function headerFor(style: HeaderStyle, key: string): [string, string] {
  return style === "authorization" ? ["Authorization", `Bearer ${key}`] : ["x-api-key", key];
}

function describe(outcome: Outcome): string {
  if (outcome.state === "idle") return "";
  if (outcome.state === "pending") return "Calling…";
  if (outcome.state === "failed") return `The call failed: ${outcome.message}`;
  const { status, body } = outcome;
  if (body && "owner" in body) {
    const owner =
      body.owner.type === "user"
        ? `user ${personById(body.owner.userId)?.displayName ?? body.owner.userId} (${body.owner.userId})`
        : `team ${teamNames[body.owner.teamId] ?? body.owner.teamId} (${body.owner.teamId})`;
    return `${status}: this key belongs to ${owner}, “${body.key.description}”.`;
  }
  if (body && "notes" in body) return `${status}: the key may read notes (${body.notes.length} so far).`;
  if (body && "note" in body) return `${status}: the key may write notes; saved “${body.note.text}”.`;
  if (body && "reason" in body) return `${status}: refused (${body.reason}). ${body.message}`;
  return `${status}: ${outcome.text}`;
}

export function TryYourKey() {
  const id = useId();
  const [key, setKey] = useState("");
  const [style, setStyle] = useState<HeaderStyle>("authorization");
  const [endpoint, setEndpoint] = useState<Endpoint>("whoami");
  const target = ENDPOINTS[endpoint];
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });
  const [copied, setCopied] = useState("");
  const [leak, setLeak] = useState("");

  const trimmed = key.trim();
  const [headerName, headerValue] = headerFor(style, trimmed || "$API_KEY");
  const body = target.method === "POST" ? ` -H "content-type: application/json" -d '{"text":"Hello"}'` : "";
  const method = target.method === "GET" ? "" : `-X ${target.method} `; // GET is curl's own default
  const curl = `curl ${method}-H "${headerName}: ${headerValue}"${body} ${location.origin}${target.path}`;

  const call = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome({ state: "pending" });
    try {
      const headers: Record<string, string> = {};
      if (trimmed) {
        const [name, value] = headerFor(style, trimmed);
        headers[name] = value;
      }
      const init: RequestInit = { method: target.method, headers };
      if (target.method === "POST") {
        headers["content-type"] = "application/json";
        init.body = JSON.stringify({ text: `A note from Try your key, ${new Date().toLocaleTimeString()}` });
      }
      const response = await fetch(target.path, init);
      const text = await response.text();
      let body: Answer | null = null;
      try {
        body = JSON.parse(text) as Answer;
      } catch {
        // Not JSON: the summary shows the text as it came.
      }
      setOutcome({ state: "done", status: response.status, body, text });
    } catch (error) {
      setOutcome({ state: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  };

  // Plays GitHub's secret scanning: the demo server signs a report of this key and posts it to the key service.
  const reportLeak = async () => {
    setLeak("Reporting…");
    try {
      const response = await fetch(LEAK_REPORT_PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ api_key: trimmed }),
      });
      const result = (await response.json()) as LeakReportAnswer;
      if (result.label === "true_positive") announceKeysChanged();
      setLeak(
        result.label === "true_positive"
          ? `Reported as found at ${DEMO_LEAK_URL}: the key service says it is one of its keys (true_positive) and has revoked it; its row says why.`
          : result.label === "false_positive"
            ? "Reported: the key service says it is not one of its keys (false_positive)."
            : `The report was refused (${result.status}).`,
      );
    } catch (error) {
      setLeak(`The report failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const copyCurl = async () => {
    try {
      await navigator.clipboard.writeText(curl);
      setCopied("Copied the curl command.");
    } catch {
      const code = document.getElementById(`${id}-curl`);
      if (code) getSelection()?.selectAllChildren(code);
      setCopied("Could not copy; the command is selected, copy it with your keyboard.");
    }
  };

  const ok = outcome.state === "done" && outcome.status === 200;
  return (
    <section className="demo-section demo-try" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Try your key</h2>
      <p className="demo-hint">
        Call the sample API with a key. Only the key goes along, not your session; the API asks the key
        service whose key it is and, for the notes, whether the key holds the scope the call needs.
      </p>
      <form className="demo-try__form" onSubmit={call}>
        <div className="demo-field">
          <label htmlFor={`${id}-key`}>API key</label>
          <input
            id={`${id}-key`}
            className="demo-mono"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="rak_sk_…"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </div>
        <div className="demo-field">
          <label htmlFor={`${id}-endpoint`}>Endpoint</label>
          <select
            id={`${id}-endpoint`}
            value={endpoint}
            onChange={(event) => setEndpoint(event.target.value as Endpoint)}
          >
            {(Object.keys(ENDPOINTS) as Endpoint[]).map((name) => (
              <option key={name} value={name}>
                {ENDPOINTS[name].label} (needs {ENDPOINTS[name].needs})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="demo-field">
          <legend>Send it in</legend>
          <label>
            <input
              type="radio"
              name={`${id}-style`}
              checked={style === "authorization"}
              onChange={() => setStyle("authorization")}
            />{" "}
            Authorization: Bearer
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-style`}
              checked={style === "x-api-key"}
              onChange={() => setStyle("x-api-key")}
            />{" "}
            x-api-key
          </label>
        </fieldset>
        <button type="submit" className="demo-button" disabled={outcome.state === "pending"}>
          Call {target.label}
        </button>
        <button
          type="button"
          className="demo-button demo-button--quiet"
          disabled={!trimmed || leak === "Reporting…"}
          onClick={reportLeak}
        >
          Report as found on GitHub
        </button>
        <p role="status" data-testid="leak-summary">
          {leak}
        </p>
      </form>

      <div
        className="demo-result"
        data-state={outcome.state === "done" ? (ok ? "ok" : "refused") : outcome.state}
      >
        <h3 id={`${id}-answer`}>Answer</h3>
        <p role="status" data-testid="whoami-summary">
          {describe(outcome) || "Nothing called yet."}
        </p>
        {outcome.state === "done" && (
          <pre className="demo-mono" tabIndex={0}>
            {outcome.text}
          </pre>
        )}
      </div>

      <h3>From a terminal</h3>
      <div className="demo-curl">
        <code id={`${id}-curl`} className="demo-mono" data-testid="whoami-curl">
          {curl}
        </code>
        <button type="button" className="demo-button demo-button--quiet" onClick={copyCurl}>
          Copy curl command
        </button>
      </div>
      <p className="demo-visually-hidden" role="status">
        {copied}
      </p>
    </section>
  );
}
