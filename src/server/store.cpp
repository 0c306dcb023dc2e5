#include "store.h"

#include <array>
#include <atomic>

#include <QAtomicInt>
#include <QHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>

#include "core/logging.h"
#include "notificationlink.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QAtomicInt s_connectionCounter;

constexpr auto kOrderColumns =
    "id, customer, region, pickup, dropoff, status, amount_cents, due_at, "
    "updated_at, version, driver_id, lat, lon"_L1;

//! One migration per schema version; index i brings user_version from i to i + 1.
const std::array<QStringList, 4> kMigrations {
    QStringList {
        u"CREATE TABLE orders ("
        "  id TEXT PRIMARY KEY NOT NULL,"
        "  customer TEXT NOT NULL,"
        "  region TEXT NOT NULL,"
        "  pickup TEXT NOT NULL,"
        "  dropoff TEXT NOT NULL,"
        "  status TEXT NOT NULL,"
        "  amount_cents INTEGER NOT NULL,"
        "  due_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL,"
        "  version INTEGER NOT NULL)"_s,
        u"CREATE INDEX orders_region ON orders(region)"_s,
        u"CREATE TABLE event_log ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  type TEXT NOT NULL,"
        "  entity TEXT NOT NULL,"
        "  entity_id TEXT NOT NULL,"
        "  version INTEGER NOT NULL,"
        "  ts TEXT NOT NULL,"
        "  fields TEXT NOT NULL DEFAULT '{}')"_s,
        u"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"_s,
    },
    QStringList {
        // Delta reads: the seq of the event that last changed the row (0 = seeded, never changed).
        u"ALTER TABLE orders ADD COLUMN changed_seq INTEGER NOT NULL DEFAULT 0"_s,
        u"CREATE INDEX orders_changed_seq ON orders(changed_seq)"_s,
        // The region an event concerns, so the hub can filter replayed events per user.
        u"ALTER TABLE event_log ADD COLUMN region TEXT NOT NULL DEFAULT ''"_s,
        u"UPDATE event_log SET region = COALESCE((SELECT region FROM orders "
        "  WHERE orders.id = event_log.entity_id), '') WHERE entity = 'order'"_s,
        u"CREATE INDEX event_log_ts ON event_log(ts)"_s,
        u"CREATE TABLE order_history ("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  order_id TEXT NOT NULL,"
        "  seq INTEGER NOT NULL,"
        "  actor TEXT NOT NULL,"
        "  field TEXT NOT NULL,"
        "  from_value TEXT NOT NULL,"
        "  to_value TEXT NOT NULL,"
        "  ts TEXT NOT NULL)"_s,
        u"CREATE INDEX order_history_order ON order_history(order_id, seq)"_s,
        u"CREATE TABLE drivers ("
        "  id TEXT PRIMARY KEY NOT NULL,"
        "  name TEXT NOT NULL,"
        "  region TEXT NOT NULL,"
        "  status TEXT NOT NULL,"
        "  lat REAL NOT NULL,"
        "  lon REAL NOT NULL,"
        "  last_seen_at TEXT NOT NULL,"
        "  version INTEGER NOT NULL)"_s,
        u"CREATE TABLE payments ("
        "  id TEXT PRIMARY KEY NOT NULL,"
        "  order_id TEXT NOT NULL,"
        "  region TEXT NOT NULL,"
        "  amount_cents INTEGER NOT NULL,"
        "  method TEXT NOT NULL,"
        "  status TEXT NOT NULL,"
        "  created_at TEXT NOT NULL,"
        "  version INTEGER NOT NULL)"_s,
        u"CREATE INDEX payments_order ON payments(order_id)"_s,
        u"CREATE TABLE alerts ("
        "  id TEXT PRIMARY KEY NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  severity TEXT NOT NULL,"
        "  subject_id TEXT NOT NULL,"
        "  region TEXT NOT NULL,"
        "  message TEXT NOT NULL,"
        "  raised_at TEXT NOT NULL,"
        "  status TEXT NOT NULL,"
        "  version INTEGER NOT NULL)"_s,
        u"CREATE INDEX alerts_subject ON alerts(kind, subject_id, status)"_s,
    },
    QStringList {
        // Snoozed alerts stay out of the default list until then (NULL: not snoozed).
        u"ALTER TABLE alerts ADD COLUMN snoozed_until TEXT"_s,
        // The activity feed joins each event to its history row.
        u"CREATE INDEX order_history_seq ON order_history(seq)"_s,
    },
    QStringList {
        // An order's driver (NULL: none) and drop-off position (both NULL: unknown). Rows from
        // before keep NULLs.
        u"ALTER TABLE orders ADD COLUMN driver_id TEXT"_s,
        u"ALTER TABLE orders ADD COLUMN lat REAL"_s,
        u"ALTER TABLE orders ADD COLUMN lon REAL"_s,
        u"CREATE INDEX orders_driver ON orders(driver_id)"_s,
    },
};

//! PostgreSQL schema, one migration per version recorded in `schema_migrations`. The same
//! tables as the SQLite schema (PostgreSQL version n holds SQLite's version n + 1; its first
//! migration holds SQLite's first two), plus `event_head`: the one row that hands out seqs (locked
//! by every write transaction, see "Ordering" in docs/protocol.md) and holds the epoch every
//! instance shares. Text columns use the "C" collation so sorting and comparing ISO timestamps
//! behaves exactly as SQLite's BINARY collation, whatever the cluster's locale.
const std::array<QStringList, 3> kPgMigrations {
    QStringList {
        u"CREATE TABLE orders ("
        "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
        "  customer TEXT COLLATE \"C\" NOT NULL,"
        "  region TEXT COLLATE \"C\" NOT NULL,"
        "  pickup TEXT COLLATE \"C\" NOT NULL,"
        "  dropoff TEXT COLLATE \"C\" NOT NULL,"
        "  status TEXT COLLATE \"C\" NOT NULL,"
        "  amount_cents BIGINT NOT NULL,"
        "  due_at TEXT COLLATE \"C\" NOT NULL,"
        "  updated_at TEXT COLLATE \"C\" NOT NULL,"
        "  version BIGINT NOT NULL,"
        "  changed_seq BIGINT NOT NULL DEFAULT 0)"_s,
        u"CREATE INDEX orders_region ON orders(region)"_s,
        u"CREATE INDEX orders_changed_seq ON orders(changed_seq)"_s,
        u"CREATE TABLE event_head ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  seq BIGINT NOT NULL,"
        "  epoch TEXT COLLATE \"C\" NOT NULL)"_s,
        u"INSERT INTO event_head (id, seq, epoch) VALUES (1, 0, '')"_s,
        u"CREATE TABLE event_log ("
        "  seq BIGINT PRIMARY KEY,"
        "  type TEXT COLLATE \"C\" NOT NULL,"
        "  entity TEXT COLLATE \"C\" NOT NULL,"
        "  entity_id TEXT COLLATE \"C\" NOT NULL,"
        "  version BIGINT NOT NULL,"
        "  ts TEXT COLLATE \"C\" NOT NULL,"
        "  fields TEXT NOT NULL DEFAULT '{}',"
        "  region TEXT COLLATE \"C\" NOT NULL DEFAULT '')"_s,
        u"CREATE INDEX event_log_ts ON event_log(ts)"_s,
        u"CREATE TABLE meta (key TEXT COLLATE \"C\" PRIMARY KEY NOT NULL, value TEXT NOT NULL)"_s,
        u"CREATE TABLE order_history ("
        "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        "  order_id TEXT COLLATE \"C\" NOT NULL,"
        "  seq BIGINT NOT NULL,"
        "  actor TEXT NOT NULL,"
        "  field TEXT COLLATE \"C\" NOT NULL,"
        "  from_value TEXT NOT NULL,"
        "  to_value TEXT NOT NULL,"
        "  ts TEXT COLLATE \"C\" NOT NULL)"_s,
        u"CREATE INDEX order_history_order ON order_history(order_id, seq)"_s,
        u"CREATE TABLE drivers ("
        "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
        "  name TEXT NOT NULL,"
        "  region TEXT COLLATE \"C\" NOT NULL,"
        "  status TEXT COLLATE \"C\" NOT NULL,"
        "  lat DOUBLE PRECISION NOT NULL,"
        "  lon DOUBLE PRECISION NOT NULL,"
        "  last_seen_at TEXT COLLATE \"C\" NOT NULL,"
        "  version BIGINT NOT NULL)"_s,
        u"CREATE TABLE payments ("
        "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
        "  order_id TEXT COLLATE \"C\" NOT NULL,"
        "  region TEXT COLLATE \"C\" NOT NULL,"
        "  amount_cents BIGINT NOT NULL,"
        "  method TEXT COLLATE \"C\" NOT NULL,"
        "  status TEXT COLLATE \"C\" NOT NULL,"
        "  created_at TEXT COLLATE \"C\" NOT NULL,"
        "  version BIGINT NOT NULL)"_s,
        u"CREATE INDEX payments_order ON payments(order_id)"_s,
        u"CREATE TABLE alerts ("
        "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
        "  kind TEXT COLLATE \"C\" NOT NULL,"
        "  severity TEXT COLLATE \"C\" NOT NULL,"
        "  subject_id TEXT COLLATE \"C\" NOT NULL,"
        "  region TEXT COLLATE \"C\" NOT NULL,"
        "  message TEXT NOT NULL,"
        "  raised_at TEXT COLLATE \"C\" NOT NULL,"
        "  status TEXT COLLATE \"C\" NOT NULL,"
        "  version BIGINT NOT NULL)"_s,
        u"CREATE INDEX alerts_subject ON alerts(kind, subject_id, status)"_s,
    },
    QStringList {
        // Snoozed alerts stay out of the default list until then (NULL: not snoozed).
        u"ALTER TABLE alerts ADD COLUMN snoozed_until TEXT COLLATE \"C\""_s,
        // The activity feed joins each event to its history row.
        u"CREATE INDEX order_history_seq ON order_history(seq)"_s,
    },
    QStringList {
        // An order's driver (NULL: none) and drop-off position (both NULL: unknown).
        u"ALTER TABLE orders ADD COLUMN driver_id TEXT COLLATE \"C\""_s,
        u"ALTER TABLE orders ADD COLUMN lat DOUBLE PRECISION"_s,
        u"ALTER TABLE orders ADD COLUMN lon DOUBLE PRECISION"_s,
        u"CREATE INDEX orders_driver ON orders(driver_id)"_s,
    },
};

//! Serialises schema migrations of several instances starting at once (any constant works;
//! this one spells "opsb").
constexpr qint64 kMigrationLockKey = 0x6f707362;

constexpr auto kDriverColumns = "id, name, region, status, lat, lon, last_seen_at, version"_L1;
constexpr auto kPaymentColumns =
    "id, order_id, region, amount_cents, method, status, created_at, version"_L1;
constexpr auto kAlertColumns =
    "id, kind, severity, subject_id, region, message, raised_at, status, version, snoozed_until"_L1;

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString newEpoch()
{
    // 64 random bits as 16 hex digits: enough that two databases never share an epoch.
    return u"%1"_s.arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

std::atomic<qint64> s_databaseErrors { 0 };

bool run(QSqlQuery &query, QLatin1StringView what)
{
    if (query.exec())
        return true;
    ++s_databaseErrors;
    qCWarning(lcServerDb) << "SQL failed:" << what << query.lastError().text();
    return false;
}

bool runStatement(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql))
        return true;
    ++s_databaseErrors;
    qCWarning(lcServerDb) << "SQL failed:" << sql << query.lastError().text();
    return false;
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driver() && db.driver()->dbmsType() == QSqlDriver::PostgreSQL;
}

//! A failure of \a db: Unavailable (503) when the connection itself is gone (PostgreSQL
//! restarted or unreachable), Storage (500) otherwise.
Error storageError(const QSqlDatabase &db, const QString &message)
{
    if (!db.isOpen())
        return Error { ErrorKind::Unavailable, u"database unavailable: "_s + message };
    return Error { ErrorKind::Storage, message };
}

//! Commits explicitly; rolls back if it goes out of scope uncommitted.
class Transaction
{
public:
    enum class Mode {
        Deferred,
        Immediate,
    };

    Transaction(const QSqlDatabase &db, Mode mode)
        : m_db(db)
    {
        m_active = begin(mode);
        setInTransaction(m_db, m_active);
    }
    ~Transaction()
    {
        if (m_active) {
            QSqlQuery q(m_db);
            runStatement(q, u"ROLLBACK"_s);
            setInTransaction(m_db, false);
        }
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    [[nodiscard]] bool isActive() const { return m_active; }
    [[nodiscard]] bool commit()
    {
        QSqlQuery q(m_db);
        if (!runStatement(q, u"COMMIT"_s))
            return false; // the destructor rolls back
        m_active = false;
        setInTransaction(m_db, false);
        return true;
    }

    //! True while a Transaction is open on \a db: a lost connection must then fail the
    //! transaction, never be re-opened under it (the rest would run outside any transaction).
    [[nodiscard]] static bool isInTransaction(const QSqlDatabase &db)
    {
        return db.driver() && db.driver()->property(kProperty).toBool();
    }

private:
    static constexpr const char *kProperty = "opsboardInTransaction";

    static void setInTransaction(const QSqlDatabase &db, bool on)
    {
        if (db.driver())
            db.driver()->setProperty(kProperty, on);
    }

    bool begin(Mode mode)
    {
        QSqlQuery q(m_db);
        if (!isPostgres(m_db))
            return runStatement(q, mode == Mode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
        if (mode == Mode::Deferred) {
            // One snapshot for every statement: rows and head are read as of the same moment.
            return runStatement(q, u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s);
        }
        // The PostgreSQL counterpart of BEGIN IMMEDIATE: lock the one event_head row before
        // reading anything. Every writer of every instance queues here, so checks, updates and
        // the seq it takes see all earlier commits, and seqs are handed out in commit order.
        if (!runStatement(q, u"BEGIN"_s))
            return false;
        if (!runStatement(q, u"SELECT seq FROM event_head WHERE id = 1 FOR UPDATE"_s)) {
            runStatement(q, u"ROLLBACK"_s);
            return false;
        }
        return true;
    }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

//! The drop-off position of order \a id from its `lat`/`lon` columns: none when both are NULL;
//! none either, with the reason logged, when only one is set or a value is not a number in
//! range (the order itself stays readable).
std::optional<GeoPoint> positionFromRow(const QVariant &lat, const QVariant &lon, const QString &id)
{
    if (lat.isNull() && lon.isNull())
        return std::nullopt;
    bool latOk = false;
    bool lonOk = false;
    const GeoPoint at { lat.toDouble(&latOk), lon.toDouble(&lonOk) };
    if (lat.isNull() || lon.isNull()) {
        qCWarning(lcServerDb) << "orders row" << id << "has only one of lat/lon; no position";
        return std::nullopt;
    }
    if (!latOk || !lonOk || !(at.lat >= -90 && at.lat <= 90 && at.lon >= -180 && at.lon <= 180)) {
        qCWarning(lcServerDb) << "orders row" << id << "has an invalid lat/lon; no position";
        return std::nullopt;
    }
    return at;
}

//! Validates one `orders` row; a bad row is logged and skipped by the caller.
std::optional<Order> orderFromRow(const QSqlQuery &q)
{
    Order o;
    o.id = q.value(0).toString();
    o.customer = q.value(1).toString();
    o.region = q.value(2).toString();
    o.pickup = q.value(3).toString();
    o.dropoff = q.value(4).toString();
    const auto status = orderStatusFromString(q.value(5).toString());
    bool amountOk = false;
    o.amountCents = q.value(6).toLongLong(&amountOk);
    o.dueAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    o.updatedAt = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs);
    bool versionOk = false;
    o.version = q.value(9).toLongLong(&versionOk);
    if (o.id.isEmpty() || o.customer.isEmpty() || o.region.isEmpty() || !status || !amountOk
        || !o.dueAt.isValid() || !o.updatedAt.isValid() || !versionOk || o.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid orders row" << o.id;
        return std::nullopt;
    }
    o.status = *status;
    o.driverId = q.value(10).isNull() ? QString() : q.value(10).toString();
    o.dropoffAt = positionFromRow(q.value(11), q.value(12), o.id);
    return o;
}

std::optional<ChangeEvent> eventFromRow(const QSqlQuery &q, const QString &epoch)
{
    ChangeEvent e;
    bool seqOk = false;
    bool versionOk = false;
    e.seq = q.value(0).toLongLong(&seqOk);
    e.epoch = epoch;
    e.type = q.value(1).toString();
    e.entity = q.value(2).toString();
    e.id = q.value(3).toString();
    e.version = q.value(4).toLongLong(&versionOk);
    e.ts = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    QJsonParseError parseError;
    const QJsonDocument fields = QJsonDocument::fromJson(q.value(6).toByteArray(), &parseError);
    if (!seqOk || e.seq < 1 || !versionOk || e.type.isEmpty() || e.entity.isEmpty()
        || e.id.isEmpty() || !e.ts.isValid() || parseError.error != QJsonParseError::NoError
        || !fields.isObject()) {
        qCWarning(lcServerDb) << "skipping invalid event_log row" << e.seq;
        return std::nullopt;
    }
    e.fields = fields.object();
    return e;
}

std::optional<Driver> driverFromRow(const QSqlQuery &q)
{
    Driver d;
    d.id = q.value(0).toString();
    d.name = q.value(1).toString();
    d.region = q.value(2).toString();
    const auto status = driverStatusFromString(q.value(3).toString());
    bool latOk = false;
    bool lonOk = false;
    bool versionOk = false;
    d.lat = q.value(4).toDouble(&latOk);
    d.lon = q.value(5).toDouble(&lonOk);
    d.lastSeenAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
    d.version = q.value(7).toLongLong(&versionOk);
    if (d.id.isEmpty() || d.region.isEmpty() || !status || !latOk || !lonOk
        || !d.lastSeenAt.isValid() || !versionOk || d.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid drivers row" << d.id;
        return std::nullopt;
    }
    d.status = *status;
    return d;
}

std::optional<Payment> paymentFromRow(const QSqlQuery &q)
{
    Payment p;
    p.id = q.value(0).toString();
    p.orderId = q.value(1).toString();
    p.region = q.value(2).toString();
    bool amountOk = false;
    bool versionOk = false;
    p.amountCents = q.value(3).toLongLong(&amountOk);
    p.method = q.value(4).toString();
    p.status = q.value(5).toString();
    p.createdAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
    p.version = q.value(7).toLongLong(&versionOk);
    if (p.id.isEmpty() || p.orderId.isEmpty() || !amountOk || !p.createdAt.isValid() || !versionOk
        || p.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid payments row" << p.id;
        return std::nullopt;
    }
    return p;
}

std::optional<Alert> alertFromRow(const QSqlQuery &q)
{
    Alert a;
    a.id = q.value(0).toString();
    a.kind = q.value(1).toString();
    a.severity = q.value(2).toString();
    a.subjectId = q.value(3).toString();
    a.region = q.value(4).toString();
    a.message = q.value(5).toString();
    a.raisedAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
    a.status = q.value(7).toString();
    bool versionOk = false;
    a.version = q.value(8).toLongLong(&versionOk);
    if (!q.value(9).isNull())
        a.snoozedUntil = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
    if (a.id.isEmpty() || a.kind.isEmpty() || a.status.isEmpty() || !a.raisedAt.isValid()
        || !versionOk || a.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid alerts row" << a.id;
        return std::nullopt;
    }
    return a;
}

//! A WHERE clause built from optional parts, with its bound values in order.
struct Where
{
    QStringList clauses;
    QVariantList values;

    void addIn(QLatin1StringView column, const QStringList &list)
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
    void add(const QString &clause, const QVariant &value)
    {
        clauses.append(clause);
        values.append(value);
    }
    [[nodiscard]] QString sql() const
    {
        return clauses.isEmpty() ? QString() : u" WHERE "_s + clauses.join(u" AND "_s);
    }
    void bind(QSqlQuery &q) const
    {
        for (const QVariant &v : values)
            q.addBindValue(v);
    }
};

std::optional<Order> selectOrder(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT %1 FROM orders WHERE id = ?"_s.arg(kOrderColumns));
    q.addBindValue(id);
    if (!run(q, "select order"_L1) || !q.next())
        return std::nullopt;
    return orderFromRow(q);
}

//! The epoch and the last assigned seq, both from the database, so every instance on one
//! database agrees. SQLite: the AUTOINCREMENT high-water mark; PostgreSQL: the event_head row.
//! Either is correct even when the log has been trimmed empty.
std::optional<StreamPosition> selectHead(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (isPostgres(db)) {
        q.prepare(u"SELECT epoch, seq FROM event_head WHERE id = 1"_s);
    } else {
        q.prepare(u"SELECT (SELECT value FROM meta WHERE key = 'epoch'), "
                  "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_log'), 0)"_s);
    }
    if (!run(q, "select head"_L1) || !q.next())
        return std::nullopt;
    return StreamPosition { q.value(0).toString(), q.value(1).toLongLong() };
}

//! Reads the rows of one listing and the event-log head in the same read transaction, so the
//! position says exactly which changes the rows include. A row that fails validation is skipped.
template<typename T>
StoreListing<T> listWithPosition(const QSqlDatabase &db, QLatin1StringView table,
    QLatin1StringView columns, const Where &where, QLatin1StringView what,
    std::optional<T> (*fromRow)(const QSqlQuery &))
{
    StoreListing<T> result;
    Transaction tx(db, Transaction::Mode::Deferred);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM %2%3 ORDER BY id"_s.arg(columns, table, where.sql()));
    where.bind(q);
    if (!tx.isActive() || !run(q, what)) {
        result.error = storageError(db, u"cannot list %1"_s.arg(table));
        return result;
    }
    while (q.next()) {
        if (auto row = fromRow(q))
            result.items.append(std::move(*row));
    }
    q.finish();
    const auto head = selectHead(db);
    if (!head || !tx.commit()) {
        result.items.clear();
        result.error = storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    result.position = *head;
    return result;
}

//! SQLite: appends one event; AUTOINCREMENT assigns the seq under the write lock.
std::optional<qint64> appendEventSqlite(
    const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields, region) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(event.type);
    q.addBindValue(event.entity);
    q.addBindValue(event.id);
    q.addBindValue(event.version);
    q.addBindValue(isoTime(event.ts));
    q.addBindValue(QString::fromUtf8(QJsonDocument(event.fields).toJson(QJsonDocument::Compact)));
    q.addBindValue(region.isNull() ? u""_s : region);
    if (!run(q, "append event"_L1))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = q.lastInsertId().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    event.seq = seq;
    return seq;
}

//! PostgreSQL: takes the next seq from the event_head row (locked by the caller's write
//! transaction, so no other transaction can take a seq until this one commits or rolls back),
//! appends the event and queues a NOTIFY, which PostgreSQL delivers only when it commits.
std::optional<qint64> appendEventPg(
    const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    QSqlQuery head(db);
    head.prepare(u"UPDATE event_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, epoch"_s);
    if (!run(head, "next seq"_L1) || !head.next())
        return std::nullopt;
    const qint64 seq = head.value(0).toLongLong();
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO event_log (seq, type, entity, entity_id, version, ts, fields, region) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(seq);
    q.addBindValue(event.type);
    q.addBindValue(event.entity);
    q.addBindValue(event.id);
    q.addBindValue(event.version);
    q.addBindValue(isoTime(event.ts));
    q.addBindValue(QString::fromUtf8(QJsonDocument(event.fields).toJson(QJsonDocument::Compact)));
    q.addBindValue(region.isNull() ? u""_s : region);
    if (!run(q, "append event"_L1))
        return std::nullopt;
    // The payload is only a hint: listeners read the log from their own cursor.
    QSqlQuery notify(db);
    notify.prepare(u"SELECT pg_notify(?, ?)"_s);
    notify.addBindValue(Store::NotificationChannel.toString());
    notify.addBindValue(QString::number(seq));
    if (!run(notify, "notify"_L1))
        return std::nullopt;
    event.seq = seq;
    event.epoch = head.value(1).toString();
    return seq;
}

//! Appends one event inside the caller's write transaction; returns the assigned seq.
std::optional<qint64> appendEvent(const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    return isPostgres(db) ? appendEventPg(db, event, region) : appendEventSqlite(db, event, region);
}

//! A null QString binds as SQL NULL; the schema wants empty text instead.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

//! A typed SQL NULL (PostgreSQL wants the type even of a NULL parameter).
QVariant nullDouble()
{
    return QVariant(QMetaType::fromType<double>());
}

//! `driver_id`: NULL for no driver.
QVariant driverValue(const QString &driverId)
{
    return driverId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(driverId);
}

bool insertOrder(const QSqlDatabase &db, const Order &o, qint64 changedSeq = 0)
{
    QSqlQuery q(db);
    q.prepare(
        u"INSERT INTO orders (%1, changed_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)"_s.arg(kOrderColumns));
    q.addBindValue(o.id);
    q.addBindValue(o.customer);
    q.addBindValue(o.region);
    q.addBindValue(text(o.pickup));
    q.addBindValue(text(o.dropoff));
    q.addBindValue(toString(o.status));
    q.addBindValue(o.amountCents);
    q.addBindValue(isoTime(o.dueAt));
    q.addBindValue(isoTime(o.updatedAt));
    q.addBindValue(o.version);
    q.addBindValue(driverValue(o.driverId));
    q.addBindValue(o.dropoffAt ? QVariant(o.dropoffAt->lat) : nullDouble());
    q.addBindValue(o.dropoffAt ? QVariant(o.dropoffAt->lon) : nullDouble());
    q.addBindValue(changedSeq);
    return run(q, "insert order"_L1);
}

bool insertHistory(const QSqlDatabase &db, const OrderHistoryEntry &e)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO order_history (order_id, seq, actor, field, from_value, to_value, ts) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(e.orderId);
    q.addBindValue(e.seq);
    q.addBindValue(text(e.actor));
    q.addBindValue(e.field);
    q.addBindValue(text(e.from));
    q.addBindValue(text(e.to));
    q.addBindValue(isoTime(e.ts));
    return run(q, "insert history"_L1);
}

//! Next id "<prefix>-nnnnn" of \a table, inside the caller's write transaction.
std::optional<QString> nextId(
    const QSqlDatabase &db, QLatin1StringView table, QLatin1StringView prefix)
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
    return u"%1-%2"_s.arg(prefix).arg(q.value(0).toLongLong() + 1, 5, 10, QLatin1Char('0'));
}

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

Error DatabaseLocation::parse(const QString &text, DatabaseLocation *out)
{
    DatabaseLocation location;
    if (!text.startsWith("postgresql://"_L1) && !text.startsWith("postgres://"_L1)) {
        if (text.isEmpty())
            return Error { ErrorKind::BadRequest, u"empty database path"_s };
        location.path = text;
        *out = location;
        return {};
    }
    const QUrl url(text, QUrl::StrictMode);
    // Never echo the input: it may carry a password.
    const auto bad = [](const QString &why) {
        return Error { ErrorKind::BadRequest, u"bad PostgreSQL URL: %1"_s.arg(why) };
    };
    if (!url.isValid())
        return bad(u"expected postgresql://user[:password]@host[:port]/dbname"_s);
    location.dialect = Dialect::PostgreSQL;
    location.host = url.host(QUrl::FullyDecoded);
    if (location.host.isEmpty())
        return bad(u"no host"_s);
    location.port = url.port(5432);
    if (location.port < 1 || location.port > 65535)
        return bad(u"port must be 1 to 65535"_s);
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    if (location.password.isEmpty())
        location.password = qEnvironmentVariable("PGPASSWORD");
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.isEmpty() || location.database.contains(u'/'))
        return bad(u"expected exactly one database name after the host, e.g. /opsboard"_s);
    if (url.hasFragment())
        return bad(u"unexpected #fragment"_s);
    // Only options that are safe to pass through; each value is one libpq word.
    static const QStringList allowed { u"sslmode"_s, u"connect_timeout"_s, u"application_name"_s,
        u"sslrootcert"_s };
    QStringList options;
    bool hasTimeout = false;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key))
            return bad(u"unsupported option '%1' (allowed: %2)"_s.arg(
                key.left(32), allowed.join(u", "_s)));
        if (value.isEmpty() || value.contains(u' ') || value.contains(u';')
            || value.contains(u'\''))
            return bad(u"bad value for option '%1'"_s.arg(key));
        options.append(key + u'=' + value);
        hasTimeout = hasTimeout || key == "connect_timeout"_L1;
    }
    // An unreachable host must not hang start-up (or a reconnect) for the TCP timeout.
    if (!hasTimeout)
        options.append(u"connect_timeout=5"_s);
    if (!query.hasQueryItem(u"application_name"_s))
        options.append(u"application_name=opsboard-server"_s);
    location.options = options.join(u';');
    *out = location;
    return {};
}

QString DatabaseLocation::displayName() const
{
    if (dialect == Dialect::SQLite)
        return path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user);
    url.setHost(host);
    url.setPort(port);
    url.setPath(u'/' + database);
    return url.toString(QUrl::RemovePassword);
}

Store::Store(QObject *parent)
    : QObject(parent)
    , m_connectionName(u"ops-store-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{
    connect(&m_poll, &QTimer::timeout, this, &Store::catchUp);
    m_poll.setInterval(std::chrono::seconds(1));
}

Store::~Store()
{
    close();
}

bool Store::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && m_opened;
}

void Store::close()
{
    m_poll.stop();
    m_link.reset();
    m_opened = false;
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_epoch.clear();
}

QSqlDatabase Store::database() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!m_opened || !isPostgres() || db.isOpen() || Transaction::isInTransaction(db))
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
        ++m_databaseReconnects;
        qCInfo(lcServerDb) << "database connection restored to" << m_location.displayName();
    }
    return db;
}

Error Store::open(const QString &location)
{
    DatabaseLocation parsed;
    if (const Error e = DatabaseLocation::parse(location, &parsed); !e.ok())
        return e;
    return open(parsed);
}

Error Store::open(const DatabaseLocation &location)
{
    close();
    m_location = location;
    const QString name = location.displayName();
    Error error;
    if (location.dialect == DatabaseLocation::Dialect::SQLite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(location.path);
        if (!db.open()) {
            error =
                storageError(db, u"cannot open database %1: %2"_s.arg(name, db.lastError().text()));
        } else {
            QSqlQuery q(db);
            // WAL lets readers run beside the single writer; busy_timeout makes a second
            // writer (another process) wait for the lock instead of failing at once.
            if (location.path != ":memory:"_L1 && !runStatement(q, u"PRAGMA journal_mode = WAL"_s))
                error = storageError(db, u"cannot enable WAL on %1"_s.arg(name));
            else if (!runStatement(q, u"PRAGMA busy_timeout = 5000"_s))
                error = storageError(db, u"cannot configure %1"_s.arg(name));
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
        error = migrate();
    if (error.ok())
        error = loadEpoch();
    if (error.ok() && isPostgres()) {
        // Only what is committed from now on is this instance's to deliver: sessions start at
        // the head or replay from the log themselves.
        const auto head = selectHead(database());
        if (!head)
            error = storageError(database(), u"cannot read the event-log head"_s);
        else
            m_cursor = head->seq;
    }
    if (!error.ok()) {
        close();
        return error;
    }
    if (isPostgres()) {
        m_link = std::make_unique<NotificationLink>(
            m_connectionName, m_connectionName + u"-listen"_s, NotificationChannel.toString());
        connect(
            m_link.get(), &NotificationLink::notified, this, &Store::catchUp, Qt::QueuedConnection);
        connect(m_link.get(), &NotificationLink::upChanged, this, &Store::notificationLinkChanged);
        m_link->start();
        m_poll.start();
    }
    qCInfo(lcServerDb) << "opened" << name << "schema" << schemaVersion() << "epoch" << m_epoch;
    return {};
}

void Store::setFeedIntervals(std::chrono::milliseconds poll, std::chrono::milliseconds linkCheck)
{
    m_poll.setInterval(poll);
    if (m_link)
        m_link->setCheckInterval(linkCheck);
}

bool Store::isNotificationLinkUp() const
{
    return m_link && m_link->isUp();
}

qint64 Store::databaseErrors()
{
    return s_databaseErrors.load();
}

qint64 Store::notificationReconnects() const
{
    return m_link ? m_link->reconnects() : 0;
}

Error Store::notFoundError(const QString &message) const
{
    if (m_opened && !database().isOpen())
        return Error { ErrorKind::Unavailable, u"database unavailable"_s };
    return Error { ErrorKind::NotFound, message };
}

Store::Readiness Store::readiness() const
{
    Readiness r;
    const QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!db.isOpen() || !q.exec(u"SELECT 1"_s) || !q.next()) {
        r.databaseError = db.isOpen() ? q.lastError().text().trimmed() : u"not connected"_s;
        if (r.databaseError.isEmpty())
            r.databaseError = u"not connected"_s;
    } else {
        r.database = true;
    }
    if (isPostgres())
        r.notifications = isNotificationLinkUp();
    return r;
}

void Store::catchUp()
{
    if (!isPostgres() || !m_opened)
        return;
    if (m_catchingUp) {
        // A write made by a handler of eventLogged(): read again once this pass is done.
        m_catchUpAgain = true;
        return;
    }
    // While the database is down there is nothing to read; database() keeps trying to
    // reconnect (and the link re-reads the log once it is back).
    if (!database().isOpen())
        return;
    m_catchingUp = true;
    do {
        m_catchUpAgain = false;
        const auto head = selectHead(database());
        if (!head)
            break; // the safety poll or the link's reconnect comes back
        if (head->epoch != m_epoch) {
            qCInfo(lcServerDb) << "event log reset elsewhere; new epoch" << head->epoch;
            m_epoch = head->epoch;
            m_cursor = 0;
            Q_EMIT logReset(m_epoch);
        }
        while (m_cursor < head->seq) {
            const QList<LoggedEvent> batch = loggedEventsAfter(m_cursor, 500);
            if (batch.isEmpty()) {
                // Trimmed away before this instance read it (or unreadable): nobody here can
                // be sent it any more; sessions that need it get events_expired on resume.
                if (oldestSeq() > m_cursor + 1)
                    m_cursor = std::min(head->seq, oldestSeq() - 1);
                break;
            }
            for (const LoggedEvent &logged : batch) {
                m_cursor = logged.event.seq;
                ++m_eventsRead;
                Q_EMIT eventLogged(logged.event, logged.region);
            }
        }
    } while (m_catchUpAgain);
    m_catchingUp = false;
}

int Store::schemaVersion() const
{
    QSqlQuery q(database());
    const bool ok = isPostgres()
        ? runStatement(q, u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s)
        : runStatement(q, u"PRAGMA user_version"_s);
    if (!ok || !q.next())
        return -1;
    return q.value(0).toInt();
}

Error Store::migrate()
{
    if (isPostgres())
        return migratePostgres();
    const QSqlDatabase db = database();
    const int current = schemaVersion();
    if (current < 0)
        return storageError(db, u"cannot read the schema version"_s);
    if (current > int(kMigrations.size()))
        return storageError(db,
            u"database schema %1 is newer than this server (%2)"_s.arg(current).arg(
                kMigrations.size()));
    for (int version = current; version < int(kMigrations.size()); ++version) {
        Transaction tx(db, Transaction::Mode::Immediate);
        if (!tx.isActive())
            return storageError(db, u"cannot start migration %1"_s.arg(version + 1));
        QSqlQuery q(db);
        for (const QString &sql : kMigrations[size_t(version)]) {
            if (!runStatement(q, sql))
                return storageError(
                    db, u"migration %1 failed: %2"_s.arg(version + 1).arg(q.lastError().text()));
        }
        // PRAGMA takes no bound parameters; the value is our own integer.
        if (!runStatement(q, u"PRAGMA user_version = %1"_s.arg(version + 1)) || !tx.commit())
            return storageError(db, u"cannot commit migration %1"_s.arg(version + 1));
        qCInfo(lcServerDb) << "migrated schema to version" << version + 1;
    }
    return {};
}

Error Store::migratePostgres()
{
    const QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!runStatement(q, u"BEGIN"_s))
        return storageError(db, u"cannot start the migrations"_s);
    // DDL is transactional in PostgreSQL: the whole upgrade commits or nothing does. The
    // advisory lock makes instances that start together migrate one after the other.
    const auto fail = [&](const QString &message) {
        const Error error = storageError(db, message);
        runStatement(q, u"ROLLBACK"_s);
        return error;
    };
    if (!runStatement(q, u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kMigrationLockKey))
        || !runStatement(q, u"SELECT to_regclass('schema_migrations') IS NULL"_s) || !q.next())
        return fail(u"cannot read the schema version"_s);
    if (q.value(0).toBool()
        && !runStatement(q,
            u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
            "applied_at TEXT NOT NULL)"_s))
        return fail(u"cannot create schema_migrations"_s);
    if (!runStatement(q, u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
        return fail(u"cannot read the schema version"_s);
    const int current = q.value(0).toInt();
    if (current > int(kPgMigrations.size()))
        return fail(u"database schema %1 is newer than this server (%2)"_s.arg(current).arg(
            kPgMigrations.size()));
    for (int version = current; version < int(kPgMigrations.size()); ++version) {
        for (const QString &sql : kPgMigrations[size_t(version)]) {
            if (!runStatement(q, sql))
                return fail(
                    u"migration %1 failed: %2"_s.arg(version + 1).arg(q.lastError().text()));
        }
        QSqlQuery record(db);
        record.prepare(u"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"_s);
        record.addBindValue(version + 1);
        record.addBindValue(isoTime(nowUtc()));
        if (!run(record, "record migration"_L1))
            return fail(u"cannot record migration %1"_s.arg(version + 1));
        qCInfo(lcServerDb) << "migrated PostgreSQL schema to version" << version + 1;
    }
    if (!runStatement(q, u"COMMIT"_s))
        return fail(u"cannot commit the migrations"_s);
    return {};
}

Error Store::loadEpoch()
{
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(db, u"cannot read meta"_s);
    QSqlQuery q(db);
    q.prepare(isPostgres() ? u"SELECT epoch FROM event_head WHERE id = 1"_s
                           : u"SELECT value FROM meta WHERE key = 'epoch'"_s);
    if (!run(q, "select epoch"_L1))
        return storageError(db, u"cannot read the epoch"_s);
    if (q.next() && !q.value(0).toString().isEmpty()) {
        m_epoch = q.value(0).toString();
        q.finish();
        return tx.commit() ? Error {} : storageError(db, u"cannot read the epoch"_s);
    }
    q.finish();
    const QString epoch = newEpoch();
    q.prepare(isPostgres() ? u"UPDATE event_head SET epoch = ? WHERE id = 1"_s
                           : u"INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?)"_s);
    q.addBindValue(epoch);
    if (!run(q, "insert epoch"_L1) || !tx.commit())
        return storageError(db, u"cannot store the epoch"_s);
    m_epoch = epoch;
    return {};
}

Error Store::resetLog()
{
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(db, u"database not open"_s);
    const QString epoch = newEpoch();
    QSqlQuery q(db);
    // changed_seq values of the old epoch would read as "changed after" any new seq.
    if (!runStatement(q, u"DELETE FROM event_log"_s)
        || !runStatement(q,
            isPostgres() ? u"UPDATE event_head SET seq = 0 WHERE id = 1"_s
                         : u"DELETE FROM sqlite_sequence WHERE name = 'event_log'"_s)
        || !runStatement(q, u"UPDATE orders SET changed_seq = 0"_s))
        return storageError(db, u"cannot reset the event log"_s);
    q.prepare(isPostgres() ? u"UPDATE event_head SET epoch = ? WHERE id = 1"_s
                           : u"INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?)"_s);
    q.addBindValue(epoch);
    if (!run(q, "new epoch"_L1) || !tx.commit())
        return storageError(db, u"cannot reset the event log"_s);
    m_epoch = epoch;
    m_cursor = 0;
    qCInfo(lcServerDb) << "event log reset, new epoch" << m_epoch;
    return {};
}

qint64 Store::orderCount() const
{
    QSqlQuery q(database());
    if (!runStatement(q, u"SELECT COUNT(*) FROM orders"_s) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

Error Store::seedDemo(int count, quint32 seed)
{
    static const std::array kCustomers { u"Acme Bakery"_s, u"Northwind Traders"_s,
        u"Blue Harbor Café"_s, u"Greenleaf Pharmacy"_s, u"Riverside Florist"_s,
        u"Summit Hardware"_s, u"Maple & Co."_s, u"Corner Books"_s, u"Lumen Electronics"_s,
        u"Fresh Fields Grocer"_s, u"Oak Street Clinic"_s, u"Brightside Dental"_s,
        u"Harbor Fish Market"_s, u"Pioneer Print Shop"_s, u"Silverline Tailors"_s,
        u"Golden Crust Pizza"_s, u"Metro Office Supply"_s, u"Sunrise Daycare"_s };
    static const std::array kRegions { u"north"_s, u"south"_s, u"east"_s, u"west"_s };
    static const std::array kDepots { u"North Depot, 12 Ridge Rd"_s, u"South Hub, 4 Quay St"_s,
        u"East Warehouse, 88 Mill Ln"_s, u"West Yard, 230 Canal Ave"_s };
    static const std::array kStreets { u"High St"_s, u"Station Rd"_s, u"Park Ave"_s, u"Church Ln"_s,
        u"Victoria Rd"_s, u"Elm Grove"_s, u"Market Sq"_s, u"Harbour Way"_s, u"Kings Rd"_s,
        u"Meadow Cl"_s };
    // Mostly open work, some done: a believable snapshot of a day.
    static const std::array kStatuses { OrderStatus::New, OrderStatus::New, OrderStatus::New,
        OrderStatus::Assigned, OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
        OrderStatus::InTransit, OrderStatus::Delivered, OrderStatus::Cancelled };

    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(db, u"database not open"_s);
    {
        QSqlQuery q(db);
        if (!runStatement(q, u"SELECT COUNT(*) FROM orders"_s) || !q.next())
            return storageError(db, u"cannot count orders"_s);
        if (q.value(0).toLongLong() > 0)
            return {};
    }
    QRandomGenerator rng(seed);
    // Positions come from their own stream, so the other fields of a seed stay as they were.
    QRandomGenerator geo(seed ^ 0x9e0da7a5U);
    // Anchored to the start of today (UTC), so the same seed gives the same day plan.
    const QDateTime dayStart(QDate::currentDate(), QTime(0, 0), Qt::UTC);
    for (int i = 1; i <= count; ++i) {
        const int region = int(rng.bounded(quint32(kRegions.size())));
        Order o;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        o.customer = kCustomers[rng.bounded(quint32(kCustomers.size()))];
        o.region = kRegions[size_t(region)];
        o.pickup = kDepots[size_t(region)];
        o.dropoff = u"%1 %2"_s.arg(1 + rng.bounded(200))
                        .arg(kStreets[rng.bounded(quint32(kStreets.size()))]);
        o.status = kStatuses[rng.bounded(quint32(kStatuses.size()))];
        o.amountCents = 500 + qint64(rng.bounded(25000));
        // Due between 07:00 and 21:00, on 5-minute steps.
        o.dueAt = dayStart.addSecs(7 * 3600 + qint64(rng.bounded(14 * 12)) * 300);
        o.updatedAt = dayStart;
        o.version = 1;
        o.dropoffAt = demoPositionNear(o.region, geo);
        if (!insertOrder(db, o))
            return storageError(db, u"cannot insert demo order %1"_s.arg(o.id));
    }
    if (!tx.commit())
        return storageError(db, u"cannot commit demo orders"_s);
    qCInfo(lcServerDb) << "seeded" << count << "demo orders";
    return {};
}

Store::OrderList Store::listOrders() const
{
    OrderList result;
    const QSqlDatabase db = database();
    // One read transaction: the rows and the head are the same snapshot.
    Transaction tx(db, Transaction::Mode::Deferred);
    if (!tx.isActive()) {
        result.error = storageError(db, u"database not open"_s);
        return result;
    }
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT %1 FROM orders ORDER BY id"_s.arg(kOrderColumns));
        if (!run(q, "list orders"_L1)) {
            result.error = storageError(db, u"cannot list orders"_s);
            return result;
        }
        while (q.next()) {
            if (auto o = orderFromRow(q))
                result.orders.append(std::move(*o));
        }
    }
    const auto head = selectHead(db);
    if (!head || !tx.commit()) {
        result.error = storageError(db, u"cannot read the event-log head"_s);
        result.orders.clear();
        return result;
    }
    result.position = *head;
    return result;
}

std::optional<Order> Store::order(const QString &id) const
{
    return selectOrder(database(), id);
}

Store::WriteResult Store::updateOrderStatus(
    const QString &id, OrderStatus to, std::optional<qint64> expectedVersion, const QString &actor)
{
    return updateOrder(id, OrderChange { to, std::nullopt }, expectedVersion, actor);
}

Store::WriteResult Store::updateOrder(const QString &id, const OrderChange &change,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    WriteResult result;
    if (!change.status && !change.driverId) {
        result.error = Error { ErrorKind::BadRequest,
            u"nothing to change: give 'status' or "
            "'driverId'"_s };
        return result;
    }
    const QSqlDatabase db = database();
    // IMMEDIATE takes the write lock before the read: no other writer can slip in between
    // the version check and the update, and seq is assigned in commit order.
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    const auto current = selectOrder(db, id);
    if (!current) {
        result.error = Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(id) };
        return result;
    }
    if (expectedVersion && *expectedVersion != current->version) {
        result.error = Error { ErrorKind::Conflict,
            u"order %1 is at version %2, not %3"_s.arg(id)
                .arg(current->version)
                .arg(*expectedVersion) };
        result.order = current;
        return result;
    }
    const auto reject = [&](const QString &message) {
        result.error = Error { ErrorKind::BadRequest, message };
        result.order = current;
        return result;
    };
    const OrderStatus to = change.status.value_or(current->status);
    if (change.status && !canTransition(current->status, to)) {
        return reject(
            u"order %1 cannot go from %2 to %3"_s.arg(id, toString(current->status), toString(to)));
    }
    QString driverId = change.driverId.value_or(current->driverId);
    if (change.driverId) {
        if (isFinal(current->status) || isFinal(to)) {
            return reject(u"'driverId': order %1 is %2; only an open order may change driver"_s.arg(
                id, toString(isFinal(current->status) ? current->status : to)));
        }
        if (change.status && to == OrderStatus::New && !driverId.isEmpty())
            return reject(u"'driverId': an order going back to new has no driver"_s);
        if (!driverId.isEmpty()) {
            QSqlQuery q(db);
            q.prepare(u"SELECT COUNT(*) FROM drivers WHERE id = ?"_s);
            q.addBindValue(driverId);
            if (!run(q, "find driver"_L1) || !q.next()) {
                result.error = storageError(db, u"cannot look up driver %1"_s.arg(driverId));
                return result;
            }
            if (q.value(0).toLongLong() == 0)
                return reject(u"'driverId': driver %1 not found"_s.arg(driverId.left(64)));
        }
        if (!change.status && driverId == current->driverId) {
            return reject(current->driverId.isEmpty()
                    ? u"order %1 has no driver already"_s.arg(id)
                    : u"order %1 has driver %2 already"_s.arg(id, current->driverId));
        }
    }
    // Back to new: nobody is on it any more.
    if (change.status && to == OrderStatus::New)
        driverId.clear();
    const bool statusChanged = to != current->status;
    const bool driverChanged = driverId != current->driverId;

    Order updated = *current;
    updated.status = to;
    updated.driverId = driverId;
    updated.version = current->version + 1;
    updated.updatedAt = nowUtc();
    // Everything the write changed rides on the event, so a client can patch the row it holds
    // instead of fetching it (the other fields of an order never change after it is created).
    QJsonObject fields { { "updatedAt"_L1, isoTime(updated.updatedAt) } };
    if (statusChanged)
        fields.insert("status"_L1, toString(to));
    if (driverChanged)
        fields.insert("driverId"_L1,
            driverId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(driverId));
    // The event first: its seq is the row's changed_seq and the audit rows' seq.
    ChangeEvent event { 0, m_epoch, u"order.updated"_s, u"order"_s, id, updated.version,
        updated.updatedAt, fields };
    if (!appendEvent(db, event, current->region)) {
        result.error = storageError(db, u"cannot record the change of order %1"_s.arg(id));
        return result;
    }
    {
        QSqlQuery q(db);
        q.prepare(u"UPDATE orders SET status = ?, driver_id = ?, updated_at = ?, version = ?, "
                  "changed_seq = ? WHERE id = ? AND version = ?"_s);
        q.addBindValue(toString(updated.status));
        q.addBindValue(driverValue(updated.driverId));
        q.addBindValue(isoTime(updated.updatedAt));
        q.addBindValue(updated.version);
        q.addBindValue(event.seq);
        q.addBindValue(id);
        q.addBindValue(current->version);
        if (!run(q, "update order"_L1) || q.numRowsAffected() != 1) {
            result.error = storageError(db, u"cannot update order %1"_s.arg(id));
            return result;
        }
    }
    // The status row first: the activity feed shows the first row of a seq.
    const bool historyOk =
        (!statusChanged
            || insertHistory(db,
                OrderHistoryEntry { event.seq, id, actor, u"status"_s, toString(current->status),
                    toString(to), updated.updatedAt }))
        && (!driverChanged
            || insertHistory(db,
                OrderHistoryEntry { event.seq, id, actor, u"driver"_s, current->driverId, driverId,
                    updated.updatedAt }));
    if (!historyOk || !tx.commit()) {
        result.error = storageError(db, u"cannot record the change of order %1"_s.arg(id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << id << "->" << toString(to) << "driver" << driverId << "v"
                        << updated.version << "seq" << event.seq << "by" << actor;
    result.order = updated;
    result.event = event;
    announce(event, updated.region);
    return result;
}

Store::WriteResult Store::createOrder(const Order &draft, const QString &actor)
{
    WriteResult result;
    if (draft.customer.isEmpty() || draft.region.isEmpty() || !draft.dueAt.isValid()) {
        result.error =
            Error { ErrorKind::BadRequest, u"an order needs customer, region and dueAt"_s };
        return result;
    }
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    Order o = draft;
    if (o.id.isEmpty()) {
        const auto id = nextId(db, "orders"_L1, "ORD"_L1);
        if (!id) {
            result.error = storageError(db, u"cannot allocate an order id"_s);
            return result;
        }
        o.id = *id;
    } else if (selectOrder(db, o.id)) {
        result.error = Error { ErrorKind::Conflict, u"order %1 already exists"_s.arg(o.id) };
        return result;
    }
    o.version = 1;
    o.updatedAt = nowUtc();
    ChangeEvent event { 0, m_epoch, u"order.created"_s, u"order"_s, o.id, o.version, o.updatedAt,
        {} };
    if (!appendEvent(db, event, o.region)) {
        result.error = storageError(db, u"cannot record the creation of order %1"_s.arg(o.id));
        return result;
    }
    if (!insertOrder(db, o, event.seq)) {
        result.error = storageError(db, u"cannot insert order %1"_s.arg(o.id));
        return result;
    }
    if (!insertHistory(db,
            OrderHistoryEntry {
                event.seq, o.id, actor, u"created"_s, {}, toString(o.status), o.updatedAt })
        || !tx.commit()) {
        result.error = storageError(db, u"cannot record the creation of order %1"_s.arg(o.id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << o.id << "created, seq" << event.seq << "by" << actor;
    result.order = o;
    result.event = event;
    announce(event, o.region);
    return result;
}

StreamPosition Store::head() const
{
    const auto head = selectHead(database());
    return head ? *head : StreamPosition { m_epoch, 0 };
}

QList<ChangeEvent> Store::eventsAfter(qint64 seq, int limit) const
{
    QList<ChangeEvent> events;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(u"SELECT seq, type, entity, entity_id, version, ts, fields FROM event_log "
              "WHERE seq > ? ORDER BY seq LIMIT ?"_s);
    q.addBindValue(seq);
    q.addBindValue(limit);
    if (!run(q, "events after"_L1))
        return events;
    while (q.next()) {
        if (auto e = eventFromRow(q, m_epoch))
            events.append(std::move(*e));
    }
    return events;
}

qint64 Store::oldestSeq() const
{
    const QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!runStatement(q, u"SELECT MIN(seq) FROM event_log"_s) || !q.next())
        return 0;
    if (q.value(0).isNull()) {
        const auto head = selectHead(db);
        return (head ? head->seq : 0) + 1;
    }
    return q.value(0).toLongLong();
}

qint64 Store::trimLog(int keepLast)
{
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    const auto head = selectHead(db);
    if (!head)
        return -1;
    const auto headSeq = std::optional<qint64>(head->seq);
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM event_log WHERE seq <= ?"_s);
    q.addBindValue(*headSeq - qMax(0, keepLast));
    if (!run(q, "trim log"_L1))
        return -1;
    const qint64 deleted = q.numRowsAffected();
    if (!tx.commit())
        return -1;
    if (deleted > 0)
        qCInfo(lcServerDb) << "trimmed" << deleted << "events from the log";
    return deleted;
}

void Store::announce(const ChangeEvent &event, const QString &region)
{
    Q_EMIT eventAppended(event);
    if (!isPostgres()) {
        Q_EMIT eventLogged(event, region);
        return;
    }
    // One path for every event: this write reaches the hub the way other instances' writes
    // do, read back from the log after the cursor (with anything committed before it).
    catchUp();
}

Store::OrderList Store::queryOrders(const OrderQuery &query) const
{
    static const QHash<QString, QLatin1StringView> sortColumns {
        { u"id"_s, "id"_L1 },
        { u"dueAt"_s, "due_at"_L1 },
        { u"updatedAt"_s, "updated_at"_L1 },
        { u"amountCents"_s, "amount_cents"_L1 },
        { u"status"_s, "status"_L1 },
        { u"customer"_s, "customer"_L1 },
        { u"region"_s, "region"_L1 },
        // No driver sorts first on both dialects (their NULL orders differ).
        { u"driverId"_s, "COALESCE(driver_id, '')"_L1 },
    };
    OrderList result;
    const auto column = sortColumns.constFind(query.sort);
    if (column == sortColumns.constEnd()) {
        result.error = Error { ErrorKind::BadRequest, u"cannot sort by '%1'"_s.arg(query.sort) };
        return result;
    }
    Where where;
    where.addIn("region"_L1, query.visibleRegions);
    if (query.changedAfter) {
        where.add(u"changed_seq > ?"_s, *query.changedAfter);
    } else {
        where.addIn("region"_L1, query.regions);
        where.addIn("status"_L1, query.statuses);
        where.addIn("driver_id"_L1, query.drivers);
    }
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Deferred);
    if (!tx.isActive()) {
        result.error = storageError(db, u"database not open"_s);
        return result;
    }
    {
        QSqlQuery q(db);
        q.prepare(u"SELECT COUNT(*) FROM orders"_s + where.sql());
        where.bind(q);
        if (!run(q, "count orders"_L1) || !q.next()) {
            result.error = storageError(db, u"cannot count orders"_s);
            return result;
        }
        result.total = q.value(0).toLongLong();
    }
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // The column comes from the whitelist above; id breaks ties so pages are stable.
        QString sql = u"SELECT %1 FROM orders%2 ORDER BY %3 %4, id %4"_s.arg(
            kOrderColumns, where.sql(), *column, query.descending ? u"DESC"_s : u"ASC"_s);
        if (query.limit >= 0 || query.offset > 0) {
            // SQLite spells "no limit" LIMIT -1, PostgreSQL LIMIT ALL.
            const QString limit = query.limit >= 0 ? QString::number(query.limit)
                : isPostgres()                     ? u"ALL"_s
                                                   : u"-1"_s;
            sql += u" LIMIT %1 OFFSET %2"_s.arg(limit).arg(qMax(0, query.offset));
        }
        q.prepare(sql);
        where.bind(q);
        if (!run(q, "query orders"_L1)) {
            result.error = storageError(db, u"cannot list orders"_s);
            return result;
        }
        while (q.next()) {
            if (auto o = orderFromRow(q))
                result.orders.append(std::move(*o));
        }
    }
    const auto head = selectHead(db);
    if (!head || !tx.commit()) {
        result.error = storageError(db, u"cannot read the event-log head"_s);
        result.orders.clear();
        return result;
    }
    result.position = *head;
    return result;
}

QList<OrderHistoryEntry> Store::orderHistory(const QString &id) const
{
    QList<OrderHistoryEntry> entries;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(u"SELECT seq, actor, field, from_value, to_value, ts FROM order_history "
              "WHERE order_id = ? ORDER BY seq, id"_s);
    q.addBindValue(id);
    if (!run(q, "order history"_L1))
        return entries;
    while (q.next()) {
        OrderHistoryEntry e { q.value(0).toLongLong(), id, q.value(1).toString(),
            q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
            QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs) };
        if (e.field.isEmpty() || !e.ts.isValid()) {
            qCWarning(lcServerDb) << "skipping invalid order_history row of" << id;
            continue;
        }
        entries.append(std::move(e));
    }
    return entries;
}

std::optional<GeoPoint> Store::demoRegionCentre(const QString &region)
{
    // Region centres of the demo city.
    static const QHash<QString, GeoPoint> kCentres {
        { u"north"_s, { 51.545, -0.125 } },
        { u"south"_s, { 51.465, -0.110 } },
        { u"east"_s, { 51.515, -0.045 } },
        { u"west"_s, { 51.510, -0.205 } },
    };
    const auto it = kCentres.constFind(region);
    if (it == kCentres.constEnd())
        return std::nullopt;
    return *it;
}

GeoPoint Store::demoPositionNear(const QString &region, QRandomGenerator &rng)
{
    const GeoPoint centre = demoRegionCentre(region).value_or(GeoPoint { 51.51, -0.12 });
    // About 1.6 km by 1.7 km around the centre.
    const double lat = centre.lat + (rng.generateDouble() - 0.5) * 0.03;
    const double lon = centre.lon + (rng.generateDouble() - 0.5) * 0.05;
    return GeoPoint { lat, lon };
}

Error Store::seedDemoDrivers(int count, quint32 seed)
{
    static const std::array kFirst { u"Ava"_s, u"Ben"_s, u"Chloe"_s, u"Dev"_s, u"Elif"_s, u"Finn"_s,
        u"Grace"_s, u"Hugo"_s, u"Ines"_s, u"Jonah"_s, u"Kira"_s, u"Liam"_s, u"Maya"_s, u"Noah"_s,
        u"Omar"_s, u"Priya"_s };
    static const std::array kLast { u"Adams"_s, u"Baker"_s, u"Costa"_s, u"Dumont"_s, u"Evans"_s,
        u"Fischer"_s, u"Garcia"_s, u"Hughes"_s, u"Ivanova"_s, u"Kowalski"_s };
    static const std::array kRegions { u"north"_s, u"south"_s, u"east"_s, u"west"_s };

    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(db, u"database not open"_s);
    {
        QSqlQuery q(db);
        if (!runStatement(q, u"SELECT COUNT(*) FROM drivers"_s) || !q.next())
            return storageError(db, u"cannot count drivers"_s);
        if (q.value(0).toLongLong() > 0)
            return {};
    }
    QRandomGenerator rng(seed ^ 0x5eedd21eU);
    const QDateTime now = nowUtc();
    QHash<QString, QStringList> online; // region → driver ids
    QHash<QString, QStringList> offline;
    for (int i = 1; i <= count; ++i) {
        const auto region = size_t((i - 1) % int(kRegions.size()));
        Driver d;
        d.id = u"DRV-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
        d.name = kFirst[rng.bounded(quint32(kFirst.size()))] + u' '
            + kLast[rng.bounded(quint32(kLast.size()))];
        d.region = kRegions[region];
        d.status = rng.bounded(10) < 2 ? DriverStatus::Offline : DriverStatus::Idle;
        const GeoPoint at = demoPositionNear(d.region, rng);
        d.lat = at.lat;
        d.lon = at.lon;
        d.lastSeenAt = now;
        d.version = 1;
        QSqlQuery q(db);
        q.prepare(
            u"INSERT INTO drivers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kDriverColumns));
        q.addBindValue(d.id);
        q.addBindValue(d.name);
        q.addBindValue(d.region);
        q.addBindValue(toString(d.status));
        q.addBindValue(d.lat);
        q.addBindValue(d.lon);
        q.addBindValue(isoTime(d.lastSeenAt));
        q.addBindValue(d.version);
        if (!run(q, "insert driver"_L1))
            return storageError(db, u"cannot insert demo driver %1"_s.arg(d.id));
        (d.isOnline() ? online : offline)[d.region].append(d.id);
    }
    // The demo orders already past "new" get a driver of their region (an online one when there
    // is one), and whoever carries a picked-up or in-transit order is en route: the first
    // picture is as consistent as the ones the simulator makes later.
    QList<std::pair<QString, QString>> assignments; // order id, driver id
    QSet<QString> carrying;
    {
        QSqlQuery q(db);
        if (!runStatement(q,
                u"SELECT id, region, status FROM orders WHERE driver_id IS NULL AND status IN "
                "('assigned', 'picked_up', 'in_transit', 'delivered') ORDER BY id"_s))
            return storageError(db, u"cannot read demo orders"_s);
        while (q.next()) {
            const QString region = q.value(1).toString();
            const QStringList &pool =
                online.value(region).isEmpty() ? offline[region] : online[region];
            if (pool.isEmpty())
                continue;
            const QString driverId = pool.at(qsizetype(rng.bounded(quint32(pool.size()))));
            assignments.append({ q.value(0).toString(), driverId });
            const QString status = q.value(2).toString();
            if ((status == "picked_up"_L1 || status == "in_transit"_L1)
                && online.value(region).contains(driverId))
                carrying.insert(driverId);
        }
    }
    for (const auto &[orderId, driverId] : std::as_const(assignments)) {
        QSqlQuery q(db);
        q.prepare(u"UPDATE orders SET driver_id = ? WHERE id = ?"_s);
        q.addBindValue(driverId);
        q.addBindValue(orderId);
        if (!run(q, "assign demo driver"_L1))
            return storageError(db, u"cannot give demo order %1 a driver"_s.arg(orderId));
    }
    for (const QString &driverId : std::as_const(carrying)) {
        QSqlQuery q(db);
        q.prepare(u"UPDATE drivers SET status = ? WHERE id = ?"_s);
        q.addBindValue(toString(DriverStatus::EnRoute));
        q.addBindValue(driverId);
        if (!run(q, "demo driver en route"_L1))
            return storageError(db, u"cannot set demo driver %1 en route"_s.arg(driverId));
    }
    if (!tx.commit())
        return storageError(db, u"cannot commit demo drivers"_s);
    return {};
}

StoreListing<Driver> Store::listDrivers(
    const QStringList &visibleRegions, const QStringList &statuses) const
{
    Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    return listWithPosition<Driver>(
        database(), "drivers"_L1, kDriverColumns, where, "list drivers"_L1, &driverFromRow);
}

std::optional<Driver> Store::driver(const QString &id) const
{
    QSqlQuery q(database());
    q.prepare(u"SELECT %1 FROM drivers WHERE id = ?"_s.arg(kDriverColumns));
    q.addBindValue(id);
    if (!run(q, "select driver"_L1) || !q.next())
        return std::nullopt;
    return driverFromRow(q);
}

StoreWrite<Driver> Store::updateDriver(const Driver &update, const QString &actor)
{
    return updateDrivers({ update }, actor).constFirst();
}

QList<StoreWrite<Driver>> Store::updateDrivers(const QList<Driver> &updates, const QString &actor)
{
    QList<StoreWrite<Driver>> results(updates.size());
    const auto failAll = [&results](const Error &error) {
        for (StoreWrite<Driver> &r : results)
            r = StoreWrite<Driver> { error, std::nullopt, std::nullopt };
        return results;
    };
    if (updates.isEmpty())
        return results;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return failAll(storageError(db, u"cannot start a write transaction"_s));
    for (qsizetype i = 0; i < updates.size(); ++i) {
        const Driver &update = updates.at(i);
        StoreWrite<Driver> &result = results[i];
        const auto current = driver(update.id);
        if (!current) {
            result.error = Error { ErrorKind::NotFound, u"driver %1 not found"_s.arg(update.id) };
            continue;
        }
        Driver d = *current;
        d.status = update.status;
        d.lat = update.lat;
        d.lon = update.lon;
        d.lastSeenAt = update.lastSeenAt.isValid() ? update.lastSeenAt : nowUtc();
        d.version = current->version + 1;
        ChangeEvent event { 0, m_epoch, u"driver.updated"_s, u"driver"_s, d.id, d.version, nowUtc(),
            d.liveFields() };
        QSqlQuery q(db);
        q.prepare(u"UPDATE drivers SET status = ?, lat = ?, lon = ?, last_seen_at = ?, "
                  "version = ? WHERE id = ? AND version = ?"_s);
        q.addBindValue(toString(d.status));
        q.addBindValue(d.lat);
        q.addBindValue(d.lon);
        q.addBindValue(isoTime(d.lastSeenAt));
        q.addBindValue(d.version);
        q.addBindValue(d.id);
        q.addBindValue(current->version);
        if (!run(q, "update driver"_L1) || q.numRowsAffected() != 1
            || !appendEvent(db, event, d.region)) {
            // The transaction is rolled back: none of the batch happened.
            return failAll(storageError(db, u"cannot update driver %1"_s.arg(d.id)));
        }
        result.item = d;
        result.event = event;
    }
    if (!tx.commit())
        return failAll(storageError(db, u"cannot update drivers"_s));
    // Announced after the commit, in seq order.
    for (const StoreWrite<Driver> &result : std::as_const(results)) {
        if (!result.event)
            continue;
        qCDebug(lcServerDb) << "driver" << result.item->id << "v" << result.item->version << "seq"
                            << result.event->seq << "by" << actor;
        announce(*result.event, result.item->region);
    }
    return results;
}

StoreWrite<Payment> Store::createPayment(
    const QString &orderId, const QString &method, const QString &status, const QString &actor)
{
    StoreWrite<Payment> result;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    const auto order = selectOrder(db, orderId);
    if (!order) {
        result.error = Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(orderId) };
        return result;
    }
    const auto id = nextId(db, "payments"_L1, "PAY"_L1);
    if (!id) {
        result.error = storageError(db, u"cannot allocate a payment id"_s);
        return result;
    }
    Payment p { *id, orderId, order->region, order->amountCents, method, status, nowUtc(), 1 };
    ChangeEvent event { 0, m_epoch, u"payment.created"_s, u"payment"_s, p.id, p.version,
        p.createdAt, {} };
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO payments (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kPaymentColumns));
    q.addBindValue(p.id);
    q.addBindValue(p.orderId);
    q.addBindValue(p.region);
    q.addBindValue(p.amountCents);
    q.addBindValue(p.method);
    q.addBindValue(p.status);
    q.addBindValue(isoTime(p.createdAt));
    q.addBindValue(p.version);
    if (!run(q, "insert payment"_L1) || !appendEvent(db, event, p.region) || !tx.commit()) {
        result.error = storageError(db, u"cannot record a payment for %1"_s.arg(orderId));
        return result;
    }
    qCDebug(lcServerDb) << "payment" << p.id << "for" << orderId << "by" << actor;
    result.item = p;
    result.event = event;
    announce(event, p.region);
    return result;
}

StoreListing<Payment> Store::listPayments(
    const QStringList &visibleRegions, const QString &orderId) const
{
    Where where;
    where.addIn("region"_L1, visibleRegions);
    if (!orderId.isEmpty())
        where.add(u"order_id = ?"_s, orderId);
    return listWithPosition<Payment>(
        database(), "payments"_L1, kPaymentColumns, where, "list payments"_L1, &paymentFromRow);
}

std::optional<Alert> Store::alert(const QString &id) const
{
    QSqlQuery q(database());
    q.prepare(u"SELECT %1 FROM alerts WHERE id = ?"_s.arg(kAlertColumns));
    q.addBindValue(id);
    if (!run(q, "select alert"_L1) || !q.next())
        return std::nullopt;
    return alertFromRow(q);
}

StoreWrite<Alert> Store::raiseAlert(const Alert &draft, const QString &actor)
{
    StoreWrite<Alert> result;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    {
        QSqlQuery q(db);
        q.prepare(u"SELECT COUNT(*) FROM alerts WHERE kind = ? AND subject_id = ? "
                  "AND status != 'resolved'"_s);
        q.addBindValue(draft.kind);
        q.addBindValue(draft.subjectId);
        if (!run(q, "find alert"_L1) || !q.next()) {
            result.error = storageError(db, u"cannot look up alerts"_s);
            return result;
        }
        if (q.value(0).toLongLong() > 0) {
            result.error = Error { ErrorKind::Conflict,
                u"an unresolved %1 alert for %2 exists"_s.arg(draft.kind, draft.subjectId) };
            return result;
        }
    }
    const auto id = nextId(db, "alerts"_L1, "ALT"_L1);
    if (!id) {
        result.error = storageError(db, u"cannot allocate an alert id"_s);
        return result;
    }
    Alert a = draft;
    a.id = *id;
    a.status = u"open"_s;
    a.raisedAt = nowUtc();
    a.version = 1;
    ChangeEvent event { 0, m_epoch, u"alert.raised"_s, u"alert"_s, a.id, a.version, a.raisedAt,
        {} };
    QSqlQuery q(db);
    q.prepare(
        u"INSERT INTO alerts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"_s.arg(kAlertColumns));
    q.addBindValue(a.id);
    q.addBindValue(a.kind);
    q.addBindValue(a.severity);
    q.addBindValue(a.subjectId);
    q.addBindValue(a.region);
    q.addBindValue(text(a.message));
    q.addBindValue(isoTime(a.raisedAt));
    q.addBindValue(a.status);
    q.addBindValue(a.version);
    if (!run(q, "insert alert"_L1) || !appendEvent(db, event, a.region) || !tx.commit()) {
        result.error = storageError(db, u"cannot raise an alert for %1"_s.arg(a.subjectId));
        return result;
    }
    qCDebug(lcServerDb) << "alert" << a.id << a.kind << a.subjectId << "by" << actor;
    result.item = a;
    result.event = event;
    announce(event, a.region);
    return result;
}

StoreWrite<Alert> Store::updateAlertStatus(const QString &id, const QString &to,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    StoreWrite<Alert> result;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    const auto current = alert(id);
    if (!current) {
        result.error = Error { ErrorKind::NotFound, u"alert %1 not found"_s.arg(id) };
        return result;
    }
    if (expectedVersion && *expectedVersion != current->version) {
        result.error = Error { ErrorKind::Conflict,
            u"alert %1 is at version %2, not %3"_s.arg(id)
                .arg(current->version)
                .arg(*expectedVersion) };
        result.item = current;
        return result;
    }
    if (!Alert::canTransition(current->status, to)) {
        result.error = Error { ErrorKind::BadRequest,
            u"alert %1 cannot go from %2 to %3"_s.arg(id, current->status, to) };
        result.item = current;
        return result;
    }
    Alert a = *current;
    a.status = to;
    a.version = current->version + 1;
    ChangeEvent event { 0, m_epoch, u"alert.updated"_s, u"alert"_s, a.id, a.version, nowUtc(), {} };
    QSqlQuery q(db);
    q.prepare(u"UPDATE alerts SET status = ?, version = ? WHERE id = ? AND version = ?"_s);
    q.addBindValue(a.status);
    q.addBindValue(a.version);
    q.addBindValue(a.id);
    q.addBindValue(current->version);
    if (!run(q, "update alert"_L1) || q.numRowsAffected() != 1 || !appendEvent(db, event, a.region)
        || !tx.commit()) {
        result.error = storageError(db, u"cannot update alert %1"_s.arg(id));
        return result;
    }
    qCDebug(lcServerDb) << "alert" << id << "->" << to << "by" << actor;
    result.item = a;
    result.event = event;
    announce(event, a.region);
    return result;
}

StoreWrite<Alert> Store::snoozeAlert(const QString &id, const QDateTime &until,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    StoreWrite<Alert> result;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(db, u"cannot start a write transaction"_s);
        return result;
    }
    const auto current = alert(id);
    if (!current) {
        result.error = Error { ErrorKind::NotFound, u"alert %1 not found"_s.arg(id) };
        return result;
    }
    if (expectedVersion && *expectedVersion != current->version) {
        result.error = Error { ErrorKind::Conflict,
            u"alert %1 is at version %2, not %3"_s.arg(id)
                .arg(current->version)
                .arg(*expectedVersion) };
        result.item = current;
        return result;
    }
    if (current->status == "resolved"_L1) {
        result.error = Error { ErrorKind::BadRequest,
            u"alert %1 is resolved and cannot be snoozed"_s.arg(id) };
        result.item = current;
        return result;
    }
    if (!until.isValid() && !current->snoozedUntil.isValid()) {
        result.error = Error { ErrorKind::BadRequest, u"alert %1 is not snoozed"_s.arg(id) };
        result.item = current;
        return result;
    }
    Alert a = *current;
    a.snoozedUntil = until.isValid() ? until.toUTC() : QDateTime();
    a.version = current->version + 1;
    ChangeEvent event { 0, m_epoch, u"alert.updated"_s, u"alert"_s, a.id, a.version, nowUtc(), {} };
    QSqlQuery q(db);
    q.prepare(u"UPDATE alerts SET snoozed_until = ?, version = ? WHERE id = ? AND version = ?"_s);
    q.addBindValue(a.snoozedUntil.isValid() ? QVariant(isoTime(a.snoozedUntil))
                                            : QVariant(QMetaType(QMetaType::QString))); // NULL
    q.addBindValue(a.version);
    q.addBindValue(a.id);
    q.addBindValue(current->version);
    if (!run(q, "snooze alert"_L1) || q.numRowsAffected() != 1 || !appendEvent(db, event, a.region)
        || !tx.commit()) {
        result.error = storageError(db, u"cannot snooze alert %1"_s.arg(id));
        return result;
    }
    qCDebug(lcServerDb) << "alert" << id << "snoozed until" << a.snoozedUntil << "by" << actor;
    result.item = a;
    result.event = event;
    announce(event, a.region);
    return result;
}

StoreListing<Alert> Store::listAlerts(
    const QStringList &visibleRegions, const QStringList &statuses, const QDateTime &awakeAt) const
{
    Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    if (awakeAt.isValid())
        where.add(u"(snoozed_until IS NULL OR snoozed_until <= ?)"_s, isoTime(awakeAt));
    return listWithPosition<Alert>(
        database(), "alerts"_L1, kAlertColumns, where, "list alerts"_L1, &alertFromRow);
}

Kpis Store::kpis(const QStringList &visibleRegions, const QDateTime &now) const
{
    const QString today = isoTime(QDateTime(now.toUTC().date(), QTime(0, 0), Qt::UTC));
    const QString nowText = isoTime(now);
    const QSqlDatabase db = database();
    const auto scalar = [&](const QString &table, const QString &condition,
                            const QVariantList &values, const QString &expr = u"COUNT(*)"_s) {
        Where where;
        where.addIn("region"_L1, visibleRegions);
        where.clauses.append(condition);
        where.values += values;
        QSqlQuery q(db);
        q.prepare(u"SELECT COALESCE(%1, 0) FROM %2%3"_s.arg(expr, table, where.sql()));
        where.bind(q);
        if (!run(q, "kpi"_L1) || !q.next())
            return qint64(0);
        return q.value(0).toLongLong();
    };
    const QString open = u"status IN ('new', 'assigned', 'picked_up', 'in_transit')"_s;
    Kpis k;
    Transaction tx(db, Transaction::Mode::Deferred);
    k.openOrders = scalar(u"orders"_s, open, {});
    k.inTransit = scalar(u"orders"_s, u"status IN ('picked_up', 'in_transit')"_s, {});
    k.deliveredToday =
        scalar(u"orders"_s, u"status = 'delivered' AND updated_at >= ?"_s, { today });
    k.late = scalar(u"orders"_s, open + u" AND due_at < ?"_s, { nowText });
    const qint64 onTime = scalar(u"orders"_s,
        u"status = 'delivered' AND updated_at >= ? AND updated_at <= due_at"_s, { today });
    if (k.deliveredToday > 0)
        k.onTimePercent = qRound(1000.0 * double(onTime) / double(k.deliveredToday)) / 10.0;
    k.driversOnline = scalar(u"drivers"_s, u"status != 'offline'"_s, {});
    k.paymentsToday =
        scalar(u"payments"_s, u"status = 'captured' AND created_at >= ?"_s, { today });
    k.paymentsTodayCents = scalar(u"payments"_s, u"status = 'captured' AND created_at >= ?"_s,
        { today }, u"SUM(amount_cents)"_s);
    k.openAlerts = scalar(u"alerts"_s, u"status != 'resolved'"_s, {});
    (void)tx.commit();
    return k;
}

StoreListing<QJsonObject> Store::recentEvents(
    const QStringList &visibleRegions, const QStringList &entities, int limit) const
{
    StoreListing<QJsonObject> result;
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Deferred);
    Where where;
    where.addIn("e.region"_L1, visibleRegions);
    where.addIn("e.entity"_L1, entities);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT e.seq, e.type, e.entity, e.entity_id, e.version, e.ts, e.region,"
              " h.actor, h.field, h.from_value, h.to_value, p.order_id, a.message, a.subject_id"
              " FROM event_log e"
              // One change may write several history rows (status and driver): the first.
              " LEFT JOIN order_history h ON e.entity = 'order' AND h.id ="
              "  (SELECT MIN(id) FROM order_history WHERE seq = e.seq)"
              " LEFT JOIN payments p ON e.entity = 'payment' AND p.id = e.entity_id"
              " LEFT JOIN alerts a ON e.entity = 'alert' AND a.id = e.entity_id"
              "%1 ORDER BY e.seq DESC LIMIT ?"_s.arg(where.sql()));
    where.bind(q);
    q.addBindValue(limit);
    if (!tx.isActive() || !run(q, "recent events"_L1)) {
        result.error = storageError(db, u"cannot read the event log"_s);
        return result;
    }
    while (q.next()) {
        QJsonObject e {
            { "seq"_L1, q.value(0).toLongLong() },
            { "type"_L1, q.value(1).toString() },
            { "entity"_L1, q.value(2).toString() },
            { "id"_L1, q.value(3).toString() },
            { "version"_L1, q.value(4).toLongLong() },
            { "ts"_L1, q.value(5).toString() },
            { "region"_L1, q.value(6).toString() },
        };
        const auto optional = [&q, &e](int column, QLatin1StringView name) {
            if (!q.value(column).isNull())
                e.insert(name, q.value(column).toString());
        };
        optional(7, "actor"_L1);
        optional(8, "field"_L1);
        optional(9, "from"_L1);
        optional(10, "to"_L1);
        optional(11, "orderId"_L1);
        optional(12, "message"_L1);
        optional(13, "subjectId"_L1);
        result.items.append(e);
    }
    q.finish();
    const auto head = selectHead(db);
    if (!head || !tx.commit()) {
        result.items.clear();
        result.error = storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    result.position = *head;
    return result;
}

StoreListing<QJsonObject> Store::kpiTimeline(
    const QStringList &visibleRegions, const QDateTime &now, int intervalSeconds) const
{
    StoreListing<QJsonObject> result;
    const QDateTime midnight(now.toUTC().date(), QTime(0, 0), Qt::UTC);
    const qint64 buckets = midnight.secsTo(now) / intervalSeconds + 1;
    QList<qint64> created(buckets, 0);
    QList<qint64> delivered(buckets, 0);
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Deferred);
    Where where;
    where.addIn("o.region"_L1, visibleRegions);
    where.add(u"h.ts >= ?"_s, isoTime(midnight));
    where.clauses.append(
        u"(h.field = 'created' OR (h.field = 'status' AND h.to_value = 'delivered'))"_s);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT h.ts, h.field FROM order_history h JOIN orders o ON o.id = h.order_id%1"_s.arg(
            where.sql()));
    where.bind(q);
    if (!tx.isActive() || !run(q, "kpi timeline"_L1)) {
        result.error = storageError(db, u"cannot read the order history"_s);
        return result;
    }
    while (q.next()) {
        const QDateTime ts = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
        const qint64 bucket = ts.isValid() ? midnight.secsTo(ts) / intervalSeconds : -1;
        if (bucket < 0 || bucket >= buckets)
            continue;
        (q.value(1).toString() == "created"_L1 ? created : delivered)[bucket] += 1;
    }
    q.finish();
    const auto head = selectHead(db);
    if (!head || !tx.commit()) {
        result.error = storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    for (qint64 i = 0; i < buckets; ++i) {
        result.items.append(QJsonObject {
            { "start"_L1, isoTime(midnight.addSecs(i * intervalSeconds)) },
            { "created"_L1, created.at(i) },
            { "delivered"_L1, delivered.at(i) },
        });
    }
    result.position = *head;
    return result;
}

QList<Store::LoggedEvent> Store::loggedEventsAfter(qint64 seq, int limit) const
{
    QList<LoggedEvent> events;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(u"SELECT seq, type, entity, entity_id, version, ts, fields, region FROM event_log "
              "WHERE seq > ? ORDER BY seq LIMIT ?"_s);
    q.addBindValue(seq);
    q.addBindValue(limit);
    if (!run(q, "logged events after"_L1))
        return events;
    while (q.next()) {
        if (auto e = eventFromRow(q, m_epoch))
            events.append(LoggedEvent { std::move(*e), q.value(7).toString() });
    }
    return events;
}

qint64 Store::trimLogOlderThan(const QDateTime &cutoff)
{
    const QSqlDatabase db = database();
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    QSqlQuery q(db);
    // By seq, not ts alone: the retained log must stay contiguous even if clocks stepped back.
    q.prepare(u"DELETE FROM event_log WHERE seq <= "
              "(SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE ts < ?)"_s);
    q.addBindValue(isoTime(cutoff));
    if (!run(q, "trim log by age"_L1))
        return -1;
    const qint64 deleted = q.numRowsAffected();
    if (!tx.commit())
        return -1;
    if (deleted > 0)
        qCInfo(lcServerDb) << "trimmed" << deleted << "events older than" << isoTime(cutoff);
    return deleted;
}

} // namespace Ops
