import { errors } from "./errors.js";

// In a `u` regular expression a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Why a string cannot be stored as it is, or `null`. PostgreSQL refuses U+0000 in text (the request used to end
 * in a 500) and stores a lone surrogate as U+FFFD, so a later read would differ from what create answered.
 */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain U+0000 (NUL)";
  if (LONE_SURROGATE.test(value))
    return "must not contain a lone surrogate (U+D800 to U+DFFF without its pair)";
  return null;
}

function refuse(problems: string[]): void {
  if (problems.length === 0) return;
  const message = `Request validation failed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`;
  throw errors.schema(message);
}

/** Refuses a parsed JSON body holding such a string anywhere, as a value or a property name. */
export function guardJsonText(body: unknown): void {
  const problems: string[] = [];
  // A loop rather than recursion: a 64 KB body can nest deeper than the stack.
  const pending: [unknown, string][] = [[body, "body"]];
  while (pending.length > 0 && problems.length < 10) {
    const [value, path] = pending.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) problems.push(`${path} ${problem}`);
    } else if (typeof value === "object" && value !== null) {
      for (const [name, item] of Object.entries(value)) {
        const problem = textProblem(name);
        // The name itself is not repeated: it is what cannot be shown faithfully.
        if (problem) problems.push(`a property name in ${path} ${problem}`);
        else pending.push([item, Array.isArray(value) ? `${path}[${name}]` : `${path}.${name}`]);
      }
    }
  }
  refuse(problems);
}

/** Refuses such a string in the path (after percent-decoding) or in a query parameter's name or value. */
export function guardUrlText(url: URL): void {
  const problems: string[] = [];
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      problems.push("the path must be valid percent-encoded UTF-8");
      break;
    }
    const problem = textProblem(decoded);
    if (problem) problems.push(`the path ${problem}`);
  }
  for (const [name, value] of url.searchParams) {
    const nameProblem = textProblem(name);
    if (nameProblem) problems.push(`a query parameter name ${nameProblem}`);
    const valueProblem = nameProblem ? null : textProblem(value);
    if (valueProblem) problems.push(`query.${name} ${valueProblem}`);
  }
  refuse(problems);
}
