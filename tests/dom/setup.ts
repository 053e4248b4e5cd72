import { cleanup } from "@testing-library/react";
import { format } from "node:util";
import { afterEach } from "vitest";

// React reports misuse (a ref on a function component, a missing key, a hydration mismatch, an update
// outside act) through console.error and console.warn; any such line fails the test that caused it. A test
// that expects one mocks the console itself.
const logged: string[] = [];
for (const level of ["error", "warn"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    logged.push(`console.${level}: ${format(...args)}`);
    original(...args);
  };
}

afterEach(() => {
  cleanup();
  const lines = logged.splice(0);
  if (lines.length > 0) throw new Error(`The test logged:\n${lines.join("\n")}`);
});

// jsdom lacks a few layout and pointer APIs that Radix reaches for; these stand in with no behaviour.
if (typeof window !== "undefined") {
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  window.matchMedia ??= (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
  const element = window.Element.prototype;
  element.hasPointerCapture ??= () => false;
  element.setPointerCapture ??= () => {};
  element.releasePointerCapture ??= () => {};
  element.scrollIntoView ??= () => {};
  // user-event walks radio groups by name through CSS.escape, which jsdom does not provide.
  const css = ((window as { CSS?: Partial<typeof CSS> }).CSS ??= {});
  css.escape ??= (value: string) => value.replace(/[^a-zA-Z0-9_-]/g, (char) => `\\${char}`);
}
