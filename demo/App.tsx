import { useState } from "react";
import { SignedInAs } from "./SignedInAs.js";
import { Session } from "./Session.js";
import { TryYourKey } from "./TryYourKey.js";
import { personByName } from "./people.js";
import type { Person } from "./people.js";

const PARAM = "as";

export function App() {
  const [person, setPerson] = useState(() => personByName(new URL(location.href).searchParams.get(PARAM)));

  const signInAs = (next: Person) => {
    const url = new URL(location.href);
    url.searchParams.set(PARAM, next.name);
    history.replaceState(null, "", url);
    setPerson(next);
  };

  return (
    <>
      <header className="demo-header">
        <div className="demo-header__inner">
          <div>
            <h1>react-api-keys demo</h1>
            <p className="demo-lede">
              Make a key as a signed-in user, then call the sample API with it: the API asks the key service
              who the key belongs to.
            </p>
          </div>
          <SignedInAs person={person} onChange={signInAs} />
        </div>
      </header>
      <main className="demo-main">
        {/* A new session per person: its own client and query cache, so one person's keys never show for another. */}
        <Session key={person.name} person={person} />
        <TryYourKey />
      </main>
      <footer className="demo-footer">
        <p>
          The key service is the library's reference server (<code>/api/v1</code>) on embedded PostgreSQL,
          which <code>npm run dev</code> keeps in <code>.data/demo</code>. The sample API (
          <code>/demo/whoami</code>) checks keys with the server client.
        </p>
      </footer>
    </>
  );
}
