// Servers a test suite starts as it goes, closed together after the suite (mocha's `after`, registered where this
// is called inside a `describe`). Test tooling only.

export interface Closable {
  close(): Promise<void>;
}

/** A keeper for this suite: `keep(server)` returns the server and has it closed after the suite. */
export function closedAfterSuite(): <T extends Closable>(server: T) => T {
  const servers: Closable[] = [];
  after(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return (server) => {
    servers.push(server);
    return server;
  };
}
