import type { Decorator, Loader, Preview } from "@storybook/react-vite";
import { configure, prettyDOM } from "storybook/test";
import "../src/styles.css";
import { ApiKeysProvider } from "../src/hooks/index.js";
import { createStoryBackend } from "../stories/support/backend.js";
import type { BackendParameters, StoryBackend } from "../stories/support/backend.js";

// A fresh reference server per render, seeded as the story's `parameters.backend` asks.
const withBackend: Loader = async ({ parameters }) => ({
  backend: await createStoryBackend(parameters.backend as BackendParameters | undefined),
});

const withProvider: Decorator = (Story, { loaded }) => {
  const { client, queryClient } = loaded.backend as StoryBackend;
  return (
    <ApiKeysProvider client={client} queryClient={queryClient}>
      <Story />
    </ApiKeysProvider>
  );
};

// A failed query prints the DOM it searched; the first screenful is enough to see why, not 7,000 characters.
configure({
  getElementError: (message, container) => {
    const error = new Error([message, prettyDOM(container, 2000)].filter(Boolean).join("\n\n"));
    error.name = "TestingLibraryElementError";
    return error;
  },
});

const preview: Preview = {
  loaders: [withBackend],
  decorators: [withProvider],
  parameters: {
    layout: "padded",
    // Any axe violation fails the story's test, in the test run and in the Storybook UI.
    a11y: { test: "error" },
  },
  // The parts want a Date; Storybook's date control hands back a number, so the fixed clock stays fixed.
  argTypes: { now: { control: false } },
};

export default preview;
