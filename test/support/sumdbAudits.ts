// Owns: test wiring of audits run one after another against one test database and one home, each audit a new
// process's worth of state (its own auditor and clients) reading what the ones before it left in the caches.
// Must never: reach anything but the loopback server it starts, or leave that server running.
import { auditSetup, gosumdbFor, type AuditSetup } from './auditSetup';
import { startSumdbServer, type SumdbServer, type SumdbServerOptions } from './sumdbServer';
import { tempDir } from './sumdbClientSetup';

/** Opens an audit setup on the shared home, hands it to `use`, and closes it whatever `use` does. */
export type AuditInTurn = <T>(use: (setup: AuditSetup) => Promise<T>) => Promise<T>;

/**
 * Starts a test database from `options`, runs `body` with it and an `audit` that opens each setup on one home
 * (a temp dir named after `prefix`), then stops the database.
 */
export async function auditsInOneHome(
  options: SumdbServerOptions,
  prefix: string,
  body: (db: SumdbServer, audit: AuditInTurn) => Promise<void>,
): Promise<void> {
  const db = await startSumdbServer(options);
  const home = tempDir(prefix);
  const audit: AuditInTurn = async (use) => {
    const setup = await auditSetup({ GOSUMDB: gosumdbFor(db) }, { home });
    try {
      return await use(setup);
    } finally {
      await setup.close();
    }
  };
  try {
    await body(db, audit);
  } finally {
    await db.close();
  }
}
