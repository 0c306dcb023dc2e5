#include "database.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

#include "core/logging.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QAtomicInt s_connectionCounter;

//! Serialises schema migrations of several instances starting at once (any constant works;
//! this one spells "opsb").
constexpr qint64 kMigrationLockKey = 0x6f707362;

QString dialectFolder(DatabaseLocation::Dialect dialect)
{
    return dialect == DatabaseLocation::Dialect::PostgreSQL ? u":/sql/postgresql"_s
                                                            : u":/sql/sqlite"_s;
}

//! The statements of migration \a version (1-based): its file split at the `;` that ends a
//! line, with `--` comment lines dropped. Our own files: no `;` ends a line inside a literal.
QStringList migrationStatements(DatabaseLocation::Dialect dialect, int version)
{
    QFile file(u"%1/%2.sql"_s.arg(dialectFolder(dialect)).arg(version, 3, 10, QLatin1Char('0')));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList statements;
    QString current;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith("--"_L1))
            continue;
        current += (current.isEmpty() ? QString() : u" "_s) + trimmed;
        if (trimmed.endsWith(u';')) {
            current.chop(1);
            statements.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        statements.append(current);
    return statements;
}

} // namespace

Database::Database()
    : m_connectionName(u"ops-store-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{ }

Database::~Database()
{
    close();
}

int Database::latestSchemaVersion(DatabaseLocation::Dialect dialect)
{
    return int(QDir(dialectFolder(dialect), u"*.sql"_s).count());
}

bool Database::isOpen() const
{
    return m_opened && QSqlDatabase::contains(m_connectionName);
}

void Database::close()
{
    m_opened = false;
    Sql::forgetStatements(m_connectionName); // before the connection they were prepared on
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!m_opened || !isPostgres() || db.isOpen() || Sql::Transaction::isInTransaction(db))
        return db;
    // The connection is gone (server restarted, backend killed). Re-open it, at most every
    // 100 ms, so a burst of requests while the server is down does not hammer it.
    if (!m_connectionLost) {
        m_connectionLost = true;
        qCWarning(lcServerDb) << "database connection to" << m_location.displayName()
                              << "lost; requests answer 503 until it is back";
    }
    if (m_lastReconnectAttempt.isValid() && m_lastReconnectAttempt.elapsed() < 100)
        return db;
    m_lastReconnectAttempt.start();
    if (db.open()) {
        m_connectionLost = false;
        ++m_reconnects;
        qCInfo(lcServerDb) << "database connection restored to" << m_location.displayName();
    }
    return db;
}

Error Database::open(const DatabaseLocation &location)
{
    close();
    m_location = location;
    const QString name = location.displayName();
    Error error;
    if (location.dialect == DatabaseLocation::Dialect::SQLite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(location.path);
        if (!db.open()) {
            error = Sql::storageError(
                db, u"cannot open database %1: %2"_s.arg(name, db.lastError().text()));
        } else {
            QSqlQuery q(db);
            // WAL lets readers run beside the single writer; busy_timeout makes a second
            // writer (another process) wait for the lock instead of failing at once.
            if (!Sql::runStatement(q, u"PRAGMA journal_mode = WAL"_s))
                error = Sql::storageError(db, u"cannot enable WAL on %1"_s.arg(name));
            // FULL (SQLite's own default, said here because Durability::Relaxed transactions
            // come back to it): a commit has reached the disk when it returns.
            else if (!Sql::runStatement(q, u"PRAGMA synchronous = FULL"_s)
                || !Sql::runStatement(q, u"PRAGMA busy_timeout = 5000"_s))
                error = Sql::storageError(db, u"cannot configure %1"_s.arg(name));
        }
    } else if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        error = Error { ErrorKind::Storage,
            u"cannot use %1: the Qt PostgreSQL driver QPSQL is not installed (Debian: "
            "libqt6sql6-psql)"_s.arg(name) };
    } else {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setUserName(location.user);
        db.setPassword(location.password);
        db.setDatabaseName(location.database);
        db.setConnectOptions(location.options);
        if (!db.open()) {
            error = Error { ErrorKind::Unavailable,
                u"cannot connect to PostgreSQL at %1: %2"_s.arg(
                    name, db.lastError().text().trimmed()) };
        }
    }
    m_opened = error.ok();
    if (error.ok())
        error = isPostgres() ? migratePostgres() : migrateSqlite();
    if (!error.ok())
        close();
    return error;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    const bool ok = isPostgres()
        ? Sql::runStatement(q, u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s)
        : Sql::runStatement(q, u"PRAGMA user_version"_s);
    if (!ok || !q.next())
        return -1;
    return q.value(0).toInt();
}

Error Database::notFoundError(const QString &message) const
{
    if (m_opened && !connection().isOpen())
        return Error { ErrorKind::Unavailable, u"database unavailable"_s };
    return Error { ErrorKind::NotFound, message };
}

QString Database::probe() const
{
    const QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!db.isOpen() || !q.exec(u"SELECT 1"_s) || !q.next()) {
        const QString why = db.isOpen() ? q.lastError().text().trimmed() : QString();
        return why.isEmpty() ? u"not connected"_s : why;
    }
    return {};
}

Error Database::migrateSqlite()
{
    const QSqlDatabase db = connection();
    const int latest = latestSchemaVersion(m_location.dialect);
    const int current = schemaVersion();
    if (current < 0)
        return Sql::storageError(db, u"cannot read the schema version"_s);
    if (current > latest)
        return Sql::storageError(
            db, u"database schema %1 is newer than this server (%2)"_s.arg(current).arg(latest));
    for (int version = current + 1; version <= latest; ++version) {
        Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
        if (!tx.isActive())
            return Sql::storageError(db, u"cannot start migration %1"_s.arg(version));
        QSqlQuery q(db);
        const QStringList statements = migrationStatements(m_location.dialect, version);
        if (statements.isEmpty())
            return Sql::storageError(db, u"migration %1 is missing or empty"_s.arg(version));
        for (const QString &sql : statements) {
            if (!Sql::runStatement(q, sql))
                return Sql::storageError(
                    db, u"migration %1 failed: %2"_s.arg(version).arg(q.lastError().text()));
        }
        // PRAGMA takes no bound parameters; the value is our own integer.
        if (!Sql::runStatement(q, u"PRAGMA user_version = %1"_s.arg(version)) || !tx.commit())
            return Sql::storageError(db, u"cannot commit migration %1"_s.arg(version));
        qCInfo(lcServerDb) << "migrated schema to version" << version;
    }
    return {};
}

Error Database::migratePostgres()
{
    const QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!Sql::runStatement(q, u"BEGIN"_s))
        return Sql::storageError(db, u"cannot start the migrations"_s);
    // DDL is transactional in PostgreSQL: the whole upgrade commits or nothing does. The
    // advisory lock makes instances that start together migrate one after the other.
    const auto fail = [&](const QString &message) {
        const Error error = Sql::storageError(db, message);
        Sql::runStatement(q, u"ROLLBACK"_s);
        return error;
    };
    if (!Sql::runStatement(q, u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kMigrationLockKey))
        || !Sql::runStatement(q, u"SELECT to_regclass('schema_migrations') IS NULL"_s) || !q.next())
        return fail(u"cannot read the schema version"_s);
    if (q.value(0).toBool()
        && !Sql::runStatement(q,
            u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
            "applied_at TEXT NOT NULL)"_s))
        return fail(u"cannot create schema_migrations"_s);
    if (!Sql::runStatement(q, u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s)
        || !q.next())
        return fail(u"cannot read the schema version"_s);
    const int current = q.value(0).toInt();
    const int latest = latestSchemaVersion(m_location.dialect);
    if (current > latest)
        return fail(
            u"database schema %1 is newer than this server (%2)"_s.arg(current).arg(latest));
    for (int version = current + 1; version <= latest; ++version) {
        const QStringList statements = migrationStatements(m_location.dialect, version);
        if (statements.isEmpty())
            return fail(u"migration %1 is missing or empty"_s.arg(version));
        for (const QString &sql : statements) {
            if (!Sql::runStatement(q, sql))
                return fail(u"migration %1 failed: %2"_s.arg(version).arg(q.lastError().text()));
        }
        QSqlQuery record(db);
        record.prepare(u"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"_s);
        Sql::bind(record, { version, Sql::isoTime(Sql::nowUtc()) });
        if (!Sql::run(record, "record migration"_L1))
            return fail(u"cannot record migration %1"_s.arg(version));
        qCInfo(lcServerDb) << "migrated PostgreSQL schema to version" << version;
    }
    if (!Sql::runStatement(q, u"COMMIT"_s))
        return fail(u"cannot commit the migrations"_s);
    return {};
}

} // namespace Ops
