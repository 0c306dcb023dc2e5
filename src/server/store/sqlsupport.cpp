#include "sqlsupport.h"

#include <atomic>
#include <memory>

#include <QHash>
#include <QSqlDriver>
#include <QSqlError>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops::Sql {
namespace {

std::atomic<qint64> s_failedStatements { 0 };
std::atomic<qint64> s_preparedStatements { 0 };

constexpr const char *kInTransactionProperty = "opsboardInTransaction";

void setInTransaction(const QSqlDatabase &db, bool on)
{
    if (db.driver())
        db.driver()->setProperty(kInTransactionProperty, on);
}

//! Most texts one connection keeps; the store's fixed statements are far fewer. Texts built
//! with a variable number of placeholders beyond that get their own query.
constexpr qsizetype kMaxKeptStatements = 256;

} // namespace

struct Statement::Kept
{
    QSqlQuery query;
    Reading reading = Reading::Buffered;
    bool inUse = false;
};

namespace {

//! Kept statements of this thread: connection name → SQL text → statement. QSqlDatabase
//! connections belong to the thread that opened them, so one thread never sees another's.
using KeptStatements = QHash<QString, QHash<QString, std::shared_ptr<Statement::Kept>>>;

KeptStatements &keptStatementsOfThisThread()
{
    thread_local KeptStatements kept;
    return kept;
}

} // namespace

Statement::Statement(const QSqlDatabase &db, const QString &sql, Reading reading)
{
    const bool forwardOnly = reading == Reading::ForwardOnly;
    // SQLite only. QPSQL prepares with a round trip and frees with another (DEALLOCATE), which
    // after a lost connection fails with a warning per statement; PostgreSQL keeps the old way.
    if (!isPostgres(db)) {
        auto &texts = keptStatementsOfThisThread()[db.connectionName()];
        if (const auto it = texts.constFind(sql); it != texts.cend()) {
            if (!it.value()->inUse && it.value()->reading == reading) {
                m_kept = it.value();
                m_kept->inUse = true;
                m_query = &m_kept->query;
                return;
            }
        } else if (texts.size() < kMaxKeptStatements && db.isOpen()) {
            auto kept = std::make_shared<Kept>(Kept { QSqlQuery(db), reading });
            kept->query.setForwardOnly(forwardOnly);
            ++s_preparedStatements;
            if (kept->query.prepare(sql)) {
                kept->inUse = true;
                m_kept = kept;
                m_query = &m_kept->query;
                texts.insert(sql, std::move(kept));
                return;
            }
        }
    }
    m_own.emplace(db);
    m_own->setForwardOnly(forwardOnly);
    ++s_preparedStatements;
    m_own->prepare(sql);
    m_query = &*m_own;
}

Statement::~Statement()
{
    if (!m_kept)
        return;
    m_kept->query.finish();
    m_kept->inUse = false;
}

void forgetStatements(const QString &connectionName)
{
    keptStatementsOfThisThread().remove(connectionName);
}

qint64 preparedStatements()
{
    return s_preparedStatements.load();
}

qsizetype keptStatements(const QString &connectionName)
{
    return keptStatementsOfThisThread().value(connectionName).size();
}

bool execute(const QSqlDatabase &db, const QString &sql)
{
    if (isPostgres(db)) {
        // QPSQL prepares through SQL PREPARE, which takes no transaction control: run as text.
        QSqlQuery q(db);
        return runStatement(q, sql);
    }
    Statement statement(db, sql);
    if (statement->exec())
        return true;
    ++s_failedStatements;
    qCWarning(lcServerDb) << "SQL failed:" << sql << statement->lastError().text();
    return false;
}

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
        execute(m_db, u"ROLLBACK"_s);
        setInTransaction(m_db, false);
        restoreSynchronous();
    }
}

bool Transaction::commit()
{
    if (!execute(m_db, u"COMMIT"_s))
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
    execute(m_db, u"PRAGMA synchronous = FULL"_s);
}

bool Transaction::isInTransaction(const QSqlDatabase &db)
{
    return db.driver() && db.driver()->property(kInTransactionProperty).toBool();
}

bool Transaction::begin(Mode mode)
{
    if (!isPostgres(m_db)) {
        // Set outside the transaction (SQLite takes it for the connection), back after it. The
        // database is in WAL mode (Database::open()), where NORMAL keeps it consistent.
        if (m_durability == Durability::Relaxed && !execute(m_db, u"PRAGMA synchronous = NORMAL"_s))
            return false;
        if (execute(m_db, mode == Mode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s))
            return true;
        restoreSynchronous();
        return false;
    }
    QSqlQuery q(m_db);
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
