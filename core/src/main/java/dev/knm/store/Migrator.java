package dev.knm.store;

import org.flywaydb.core.Flyway;

/**
 * Runs Flyway. Kept in its own class so that Flyway is loaded only when the schema is behind: a
 * current store never touches it.
 */
final class Migrator {
  private Migrator() {}

  static void migrate(StoreLocation location) {
    Flyway.configure(Migrator.class.getClassLoader())
        .dataSource(location.jdbcUrl(), location.user(), location.password())
        .locations(location.dialect().migrationLocation())
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }
}
