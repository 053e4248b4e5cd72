import { useState } from "react";

/** `value` / `defaultValue` / `onChange`, as Radix parts take them. */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T) => void] {
  const [own, setOwn] = useState(defaultValue);
  const controlled = value !== undefined;
  return [
    controlled ? value : own,
    (next: T) => {
      if (!controlled) setOwn(next);
      onChange?.(next);
    },
  ];
}
