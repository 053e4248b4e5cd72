// Try your key sits outside each person's session; after a change to keys made elsewhere (a leak report), it
// tells the session to read its keys again, as an app would after a webhook or a push.
const EVENT = "demo:keys-changed";

export const announceKeysChanged = () => window.dispatchEvent(new Event(EVENT));

export function onKeysChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
