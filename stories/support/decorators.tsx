import type { Decorator } from "@storybook/react-vite";

/**
 * The parts carry no style root of their own (a panel or dialog gives it), so a layout built from them sits
 * inside an element with `data-rak`, as an app would place it; `parameters.theme` picks light or dark.
 */
export const inStyleRoot: Decorator = (Story, { parameters }) => {
  const dark = parameters.theme === "dark";
  return (
    <div
      data-rak=""
      data-theme={dark ? "dark" : "light"}
      style={{ background: "var(--rak-bg)", padding: 16, borderRadius: 8 }}
    >
      <Story />
    </div>
  );
};

/** A dark page behind a panel that has `data-theme="dark"`. */
export const onDarkPage: Decorator = (Story) => (
  <div style={{ background: "#030712", padding: 24 }}>
    <Story />
  </div>
);
