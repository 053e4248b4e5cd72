import { people, personByName } from "./people.js";
import type { Person } from "./people.js";

export function SignedInAs({ person, onChange }: { person: Person; onChange: (person: Person) => void }) {
  return (
    <div className="demo-signed-in">
      <label htmlFor="signed-in-as">Signed in as</label>
      <select
        id="signed-in-as"
        value={person.name}
        onChange={(event) => onChange(personByName(event.target.value))}
      >
        {people.map((candidate) => (
          <option key={candidate.name} value={candidate.name}>
            {candidate.displayName} ({candidate.role})
          </option>
        ))}
      </select>
    </div>
  );
}
