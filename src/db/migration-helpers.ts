// Portable column types shared by migrations.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * Timestamps are stored as fixed-width ISO-8601 UTC text ("2026-11-26T14:05:00.000Z") on both dialects:
 * they sort correctly as text, compare with parameters as text, and read back identically everywhere.
 */
export function timestamp(): 'text' {
  return 'text';
}

/** For the few column definitions that must differ (identity columns). */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An integer primary key the database numbers: an identity column on PostgreSQL, AUTOINCREMENT on SQLite. */
export function serialKey(db: Kysely<unknown>): (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const postgres = isPostgres(db);
  return (column) => (postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement());
}
