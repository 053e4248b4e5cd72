import { sampleTeams, sampleUsers } from "../src/server/sample.js";
import type { SampleUser } from "../src/server/sample.js";

export type PersonName = keyof typeof sampleUsers;

export interface Person {
  name: PersonName;
  displayName: string;
  /** What makes this person worth signing in as. */
  role: string;
  user: SampleUser;
}

// The three sample users cover the three cases a panel has to handle.
export const people: readonly Person[] = [
  { name: "alice", displayName: "Alice", role: "keys of her own, no team", user: sampleUsers.alice },
  { name: "bob", displayName: "Bob", role: "in Acme, may not manage its keys", user: sampleUsers.bob },
  { name: "carol", displayName: "Carol", role: "manages keys in Acme and Globex", user: sampleUsers.carol },
];

export const teamNames: Record<string, string> = {
  [sampleTeams.acme]: "Acme",
  [sampleTeams.globex]: "Globex",
};

export function personByName(name: string | null): Person {
  return people.find((person) => person.name === name) ?? people[0]!;
}

export function personById(userId: string): Person | undefined {
  return people.find((person) => person.user.id === userId);
}
