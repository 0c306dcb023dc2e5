#pragma once

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QString>

#include "core/error.h"
#include "databaselocation.h"

namespace Ops {

//! \brief One named QtSql connection to the store's database, with its schema.
//!
//! Opening runs the pending migrations of the dialect: the `.sql` files under
//! `resources/sql/<dialect>/` (`001.sql`, `002.sql`, …), each in one transaction, gated by
//! `PRAGMA user_version` (SQLite) or the `schema_migrations` table (PostgreSQL, under an
//! advisory lock so instances that start together migrate one after the other).
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    //! Opens (creating if needed) the database at \a location and migrates it.
    [[nodiscard]] Error open(const DatabaseLocation &location);
    void close();
    [[nodiscard]] bool isOpen() const;

    [[nodiscard]] QString connectionName() const { return m_connectionName; }
    [[nodiscard]] const DatabaseLocation &location() const { return m_location; }
    [[nodiscard]] bool isPostgres() const
    {
        return m_location.dialect == DatabaseLocation::Dialect::PostgreSQL;
    }

    //! The connection. On PostgreSQL a lost connection is re-opened here, at most every
    //! 100 ms and never under an open transaction (state changes logged once).
    [[nodiscard]] QSqlDatabase connection() const;

    //! The schema version after migrations; -1 when it cannot be read.
    [[nodiscard]] int schemaVersion() const;
    //! The newest schema version this build knows for \a dialect (its number of migrations).
    [[nodiscard]] static int latestSchemaVersion(DatabaseLocation::Dialect dialect);

    //! NotFound with \a message, or Unavailable when the reason is that the connection is down
    //! (so a client sees 503, not 404).
    [[nodiscard]] Error notFoundError(const QString &message) const;
    //! Runs `SELECT 1`; an empty string when the database answers, else why not.
    [[nodiscard]] QString probe() const;
    //! Times the connection was re-established after it was lost.
    [[nodiscard]] qint64 reconnects() const { return m_reconnects; }

private:
    [[nodiscard]] Error migrateSqlite();
    [[nodiscard]] Error migratePostgres();

    QString m_connectionName;
    DatabaseLocation m_location;
    bool m_opened = false;
    mutable bool m_connectionLost = false;
    mutable qint64 m_reconnects = 0;
    mutable QElapsedTimer m_lastReconnectAttempt;
};

} // namespace Ops
