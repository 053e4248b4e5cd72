import { useId, useRef } from "react";
import type { Ref } from "react";
import type { ApiKeyOwner, ApiKeyScope } from "../client/index.js";
import type { UseGrantableScopesResult } from "../hooks/index.js";
import { useApiKeyExtensions, useGrantableScopes } from "../hooks/index.js";
import type { ApiKeysUi } from "./ui-context.js";

/** `notes:read` → ["notes", "read"]: scopes are grouped by the part before the colon. */
const split = (id: string) => [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)] as const;

function groupBy<T>(items: readonly T[], id: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const [group] = split(id(item));
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  return [...groups];
}

/** Where the server announces `scopes`: the grantable list, fetched only once `on` (a dialog opened). */
export function useScopes(owner: ApiKeyOwner): [boolean, UseGrantableScopesResult] {
  // The list is the panel's to keep fresh: a dialog opening reads it as it is.
  const on = useApiKeyExtensions(owner, { refetchOnMount: false }).data?.includes("scopes") ?? false;
  return [on, useGrantableScopes(owner, { enabled: on })];
}

export interface ScopeChecklistProps {
  ui: ApiKeysUi;
  query: UseGrantableScopesResult;
  /** Offered instead of the whole grantable list (a key being narrowed offers only what it has). */
  only?: readonly string[];
  value: readonly string[];
  onValueChange: (value: string[]) => void;
  /** Set after a submit attempt, to say that nothing is checked. */
  showErrors: boolean;
}

/** The grantable scopes in a fieldset per group, each group with a tri-state "All"; loading and error too. */
export function ScopeChecklist({ ui, query, only, value, onValueChange, showErrors }: ScopeChecklistProps) {
  const m = ui.messages;
  const id = useId();
  if (!query.data) {
    return query.isError ? (
      // As the key table's error: the reason, and Retry (reopening the dialog asks again too).
      <div role="alert" data-slot="form-error">
        <p>{m.scopesFailed(query.error.message)}</p>
        {/* Asking again shows the loading state (a query without data drops its error when it refetches). */}
        <button type="button" data-slot="button" onClick={() => void query.refetch()}>
          {m.retry}
        </button>
      </div>
    ) : (
      <p role="status">{m.scopesLoading}</p>
    );
  }
  const { items } = query.data;
  const scopes = only
    ? only.map((s): ApiKeyScope => items.find((g) => g.id === s) ?? { id: s, label: s })
    : items;
  const set = (ids: string[], on: boolean) =>
    onValueChange(scopes.map((s) => s.id).filter((s) => (ids.includes(s) ? on : value.includes(s))));

  return (
    <div data-slot="scope-checklist">
      {groupBy(scopes, (s) => s.id).map(([group, items]) => {
        const ids = items.map((s) => s.id);
        const count = ids.filter((s) => value.includes(s)).length;
        const mixed = count > 0 && count < ids.length;
        return (
          <fieldset key={group} data-slot="scope-group">
            <legend data-slot="label">{group}</legend>
            <label data-slot="scope-option">
              <input
                type="checkbox"
                checked={count === ids.length}
                // Some checked: "mixed" to assistive technology, a dash on screen.
                ref={(input) => {
                  if (input) input.indeterminate = mixed;
                }}
                onChange={(event) => set(ids, event.target.checked)}
              />
              {m.selectAll}
            </label>
            {items.map((scope) => (
              <div key={scope.id} data-slot="scope-option">
                <input
                  type="checkbox"
                  id={id + scope.id}
                  checked={value.includes(scope.id)}
                  aria-describedby={scope.description ? `${id + scope.id}-hint` : undefined}
                  onChange={(event) => set([scope.id], event.target.checked)}
                />
                <label htmlFor={id + scope.id}>{scope.label}</label>
                {scope.description ? (
                  <span id={`${id + scope.id}-hint`} data-slot="hint">
                    {scope.description}
                  </span>
                ) : null}
              </div>
            ))}
          </fieldset>
        );
      })}
      {showErrors && !value.length ? (
        <p role="alert" data-slot="field-error">
          {m.scopesRequired}
        </p>
      ) : null}
    </div>
  );
}

export interface ScopeChoiceProps {
  ui: ApiKeysUi;
  /** From `useScopes(owner)`. */
  scopes: ReturnType<typeof useScopes>;
  /** `null`: full access; a list: only these. */
  value: string[] | null;
  onValueChange: (value: string[] | null) => void;
  showErrors: boolean;
  /** The "Only these" choice, focused when it was submitted with nothing checked. */
  inputRef: Ref<HTMLInputElement>;
}

/**
 * "What can this key do?": Full access, or Only these. Full access is disabled, with the reason, where the
 * server says this caller may not make such a key. Nothing at all where the server has no `scopes`.
 */
export function ScopeChoice({
  ui,
  scopes: [on, query],
  value,
  onValueChange,
  showErrors,
  inputRef,
}: ScopeChoiceProps) {
  const m = ui.messages;
  const id = useId();
  // What was checked comes back when Only these is picked again.
  const last = useRef<string[]>([]);
  if (!on) return null;
  const denied = query.data?.fullAccess === false;
  const radio = (only: boolean) => (
    <div data-slot="scope-option">
      <input
        type="radio"
        id={id + only}
        name={id}
        ref={only ? inputRef : undefined}
        checked={only === !!value}
        // Disabled, Full access is skipped by the keyboard: Only these carries the reason too.
        disabled={denied && !only}
        aria-describedby={denied ? id : undefined}
        onChange={() => onValueChange(only ? last.current : null)}
      />
      <label htmlFor={id + only}>{only ? m.onlyThese : m.fullAccess}</label>
      {denied && !only ? (
        <span id={id} data-slot="hint">
          {m.fullAccessDenied}
        </span>
      ) : null}
    </div>
  );
  return (
    <fieldset data-slot="scope-choice" data-state={value ? "only" : "full"}>
      <legend data-slot="label">{m.scopesLabel}</legend>
      {radio(false)}
      {radio(true)}
      {value ? (
        <ScopeChecklist
          ui={ui}
          query={query}
          value={value}
          onValueChange={(next) => onValueChange((last.current = next))}
          showErrors={showErrors}
        />
      ) : null}
    </fieldset>
  );
}

/** A key's scopes in short ("notes: read, write"), every id in the title; "Full access" without any. */
export function ScopeSummary({ ui, scopes }: { ui: ApiKeysUi; scopes: readonly string[] | undefined }) {
  return scopes ? (
    // Focusable so the whole list in the title can be reached without a mouse (the stylesheet shows it).
    <span data-slot="scopes" title={scopes.join(", ")} tabIndex={0}>
      {groupBy(scopes, (s) => s)
        .map(([group, ids]) => `${group}: ${ids.map((s) => split(s)[1]).join(", ")}`)
        .join("; ")}
    </span>
  ) : (
    <span data-slot="scopes">{ui.messages.fullAccess}</span>
  );
}
