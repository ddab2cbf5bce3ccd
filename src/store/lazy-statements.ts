import type Database from 'better-sqlite3';

type Db = Database.Database;

/**
 * A connection whose `prepare` compiles a statement on its first use instead of at once. StoreQueries prepares
 * ~30 statements for every opened store, and a read command uses a third of them: compiling all of them was
 * ~1.5 ms of each command (issue 15). The statement behaves as better-sqlite3's for what StoreQueries calls on it
 * (`get`, `all`, `raw`, `source`); anything else is an error rather than a silent difference.
 *
 * Hand-written rather than a Proxy over the library's class: four members, each forwarded explicitly, so that a
 * statement that does not compile still fails on first use with SQLite's own message.
 */
export function lazilyPreparing(db: Db): Pick<Db, 'prepare'> {
  return {
    prepare: ((source: string) => new LazyStatement(db, source)) as unknown as Db['prepare'],
  };
}

class LazyStatement {
  private statement: Database.Statement | undefined;
  private rawRows = false;

  constructor(
    private readonly db: Db,
    readonly source: string,
  ) {}

  raw(toggle = true): this {
    this.rawRows = toggle;
    this.statement?.raw(toggle);
    return this;
  }

  get(...params: unknown[]): unknown {
    return this.compiled().get(...params);
  }

  all(...params: unknown[]): unknown[] {
    return this.compiled().all(...params);
  }

  private compiled(): Database.Statement {
    if (this.statement === undefined) {
      const statement = this.db.prepare(this.source);
      // raw(false) throws on a statement that returns no data; only a statement asked for raw rows is switched.
      if (this.rawRows) statement.raw(true);
      this.statement = statement;
    }
    return this.statement;
  }
}
