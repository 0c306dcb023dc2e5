#include "sqlsupport.h"

#include <atomic>

#include <QSqlDriver>
#include <QSqlError>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops::Sql {
namespace {

std::atomic<qint64> s_failedStatements { 0 };

constexpr const char *kInTransactionProperty = "opsboardInTransaction";

void setInTransaction(const QSqlDatabase &db, bool on)
{
    if (db.driver())
        db.driver()->setProperty(kInTransactionProperty, on);
}

} // namespace

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIsoTime(const QVariant &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

void bind(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
}

bool run(QSqlQuery &query, QLatin1StringView what)
{
    if (query.exec())
        return true;
    ++s_failedStatements;
    qCWarning(lcServerDb) << "SQL failed:" << what << query.lastError().text();
    return false;
}

bool runStatement(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql))
        return true;
    ++s_failedStatements;
    qCWarning(lcServerDb) << "SQL failed:" << sql << query.lastError().text();
    return false;
}

qint64 failedStatements()
{
    return s_failedStatements.load();
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driver() && db.driver()->dbmsType() == QSqlDriver::PostgreSQL;
}

Error storageError(const QSqlDatabase &db, const QString &message)
{
    if (!db.isOpen())
        return Error { ErrorKind::Unavailable, u"database unavailable: "_s + message };
    return Error { ErrorKind::Storage, message };
}

QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

QVariant nullDouble()
{
    return QVariant(QMetaType::fromType<double>());
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? nullText() : QVariant(value);
}

QVariant timeOrNull(const QDateTime &value)
{
    return value.isValid() ? QVariant(isoTime(value)) : nullText();
}

QVariant doubleOrNull(const std::optional<double> &value)
{
    return value ? QVariant(*value) : nullDouble();
}

std::optional<double> optionalDouble(const QVariant &value)
{
    bool ok = false;
    const double d = value.toDouble(&ok);
    if (value.isNull() || !ok)
        return std::nullopt;
    return d;
}

std::optional<QString> nextId(
    const QSqlDatabase &db, QLatin1StringView table, QLatin1StringView prefix, int width)
{
    QSqlQuery q(db);
    // Table and prefix are our own constants, never input. PostgreSQL's CAST fails on a
    // non-numeric suffix where SQLite's yields 0, so only numeric ids are considered there.
    const QString sql = isPostgres(db)
        ? u"SELECT COALESCE(MAX(CAST(SUBSTR(id, %1) AS BIGINT)), 0) FROM %2 "
          "WHERE id ~ '^%3-[0-9]+$'"_s
        : u"SELECT COALESCE(MAX(CAST(SUBSTR(id, %1) AS INTEGER)), 0) FROM %2 "
          "WHERE id LIKE '%3-%'"_s;
    if (!runStatement(q, sql.arg(prefix.size() + 2).arg(table, prefix)) || !q.next())
        return std::nullopt;
    return u"%1-%2"_s.arg(prefix).arg(q.value(0).toLongLong() + 1, width, 10, QLatin1Char('0'));
}

Transaction::Transaction(const QSqlDatabase &db, Mode mode, Durability durability)
    : m_db(db)
    , m_durability(durability)
{
    m_active = begin(mode);
    setInTransaction(m_db, m_active);
}

Transaction::~Transaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        runStatement(q, u"ROLLBACK"_s);
        setInTransaction(m_db, false);
        restoreSynchronous();
    }
}

bool Transaction::commit()
{
    QSqlQuery q(m_db);
    if (!runStatement(q, u"COMMIT"_s))
        return false; // the destructor rolls back
    m_active = false;
    setInTransaction(m_db, false);
    restoreSynchronous();
    return true;
}

void Transaction::restoreSynchronous()
{
    if (m_durability != Durability::Relaxed || isPostgres(m_db))
        return; // PostgreSQL: SET LOCAL ended with the transaction
    QSqlQuery q(m_db);
    runStatement(q, u"PRAGMA synchronous = FULL"_s);
}

bool Transaction::isInTransaction(const QSqlDatabase &db)
{
    return db.driver() && db.driver()->property(kInTransactionProperty).toBool();
}

bool Transaction::begin(Mode mode)
{
    QSqlQuery q(m_db);
    if (!isPostgres(m_db)) {
        // Set outside the transaction (SQLite takes it for the connection), back after it. The
        // database is in WAL mode (Database::open()), where NORMAL keeps it consistent.
        if (m_durability == Durability::Relaxed
            && !runStatement(q, u"PRAGMA synchronous = NORMAL"_s))
            return false;
        if (runStatement(q, mode == Mode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s))
            return true;
        restoreSynchronous();
        return false;
    }
    if (mode == Mode::Deferred) {
        // One snapshot for every statement: rows and head are read as of the same moment.
        return runStatement(q, u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s);
    }
    // The PostgreSQL counterpart of BEGIN IMMEDIATE: lock the one event_head row before
    // reading anything. Every writer of every instance queues here, so checks, updates and
    // the seq it takes see all earlier commits, and seqs are handed out in commit order.
    if (!runStatement(q, u"BEGIN"_s))
        return false;
    if (!runStatement(q, u"SELECT seq FROM event_head WHERE id = 1 FOR UPDATE"_s)
        || (m_durability == Durability::Relaxed
            && !runStatement(q, u"SET LOCAL synchronous_commit = off"_s))) {
        runStatement(q, u"ROLLBACK"_s);
        return false;
    }
    return true;
}

void Where::addIn(QLatin1StringView column, const QStringList &list)
{
    if (list.isEmpty())
        return;
    QStringList marks;
    for (const QString &v : list) {
        marks.append(u"?"_s);
        values.append(v);
    }
    clauses.append(u"%1 IN (%2)"_s.arg(column, marks.join(u", "_s)));
}

void Where::add(const QString &clause, const QVariant &value)
{
    clauses.append(clause);
    values.append(value);
}

QString Where::sql() const
{
    return clauses.isEmpty() ? QString() : u" WHERE "_s + clauses.join(u" AND "_s);
}

void Where::bind(QSqlQuery &q) const
{
    for (const QVariant &v : values)
        q.addBindValue(v);
}

} // namespace Ops::Sql
