#include "store.h"

#include "core/logging.h"

#include <array>

#include <QAtomicInt>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QAtomicInt s_connectionCounter;

constexpr auto kOrderColumns
    = "id, customer, region, pickup, dropoff, status, amount_cents, due_at, updated_at, version"_L1;

//! One migration per schema version; index i brings user_version from i to i + 1.
const std::array<QStringList, 1> kMigrations { QStringList {
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
} };

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString newEpoch()
{
    // 64 random bits as 16 hex digits: enough that two databases never share an epoch.
    return u"%1"_s.arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

bool run(QSqlQuery &query, QLatin1StringView what)
{
    if (query.exec())
        return true;
    qCWarning(lcServerDb) << "SQL failed:" << what << query.lastError().text();
    return false;
}

bool runStatement(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql))
        return true;
    qCWarning(lcServerDb) << "SQL failed:" << sql << query.lastError().text();
    return false;
}

Error storageError(const QString &message)
{
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
        QSqlQuery q(m_db);
        m_active = runStatement(q, mode == Mode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    }
    ~Transaction()
    {
        if (m_active) {
            QSqlQuery q(m_db);
            runStatement(q, u"ROLLBACK"_s);
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
        return true;
    }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

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

std::optional<Order> selectOrder(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT %1 FROM orders WHERE id = ?"_s.arg(kOrderColumns));
    q.addBindValue(id);
    if (!run(q, "select order"_L1) || !q.next())
        return std::nullopt;
    return orderFromRow(q);
}

//! The AUTOINCREMENT high-water mark: correct even when the log has been trimmed empty.
std::optional<qint64> selectHeadSeq(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_log'), 0)"_s);
    if (!run(q, "select head"_L1) || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

//! Appends one event inside the caller's transaction; returns the assigned seq.
std::optional<qint64> appendEvent(const QSqlDatabase &db, ChangeEvent &event)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields) "
              "VALUES (?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(event.type);
    q.addBindValue(event.entity);
    q.addBindValue(event.id);
    q.addBindValue(event.version);
    q.addBindValue(isoTime(event.ts));
    q.addBindValue(QString::fromUtf8(QJsonDocument(event.fields).toJson(QJsonDocument::Compact)));
    if (!run(q, "append event"_L1))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = q.lastInsertId().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    event.seq = seq;
    return seq;
}

//! A null QString binds as SQL NULL; the schema wants empty text instead.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

bool insertOrder(const QSqlDatabase &db, const Order &o)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO orders (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kOrderColumns));
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
    return run(q, "insert order"_L1);
}

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

Store::Store(QObject *parent)
    : QObject(parent)
    , m_connectionName(u"ops-store-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{
}

Store::~Store()
{
    close();
}

bool Store::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

void Store::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_epoch.clear();
}

Error Store::open(const QString &path)
{
    close();
    Error error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = storageError(u"cannot open database %1: %2"_s.arg(path, db.lastError().text()));
        } else {
            QSqlQuery q(db);
            // WAL lets readers run beside the single writer; busy_timeout makes a second
            // writer (another process) wait for the lock instead of failing at once.
            if (path != ":memory:"_L1 && !runStatement(q, u"PRAGMA journal_mode = WAL"_s))
                error = storageError(u"cannot enable WAL on %1"_s.arg(path));
            else if (!runStatement(q, u"PRAGMA busy_timeout = 5000"_s))
                error = storageError(u"cannot configure %1"_s.arg(path));
        }
    }
    if (error.ok())
        error = migrate();
    if (error.ok())
        error = loadEpoch();
    if (!error.ok()) {
        close();
        return error;
    }
    qCInfo(lcServerDb) << "opened" << path << "schema" << schemaVersion() << "epoch" << m_epoch;
    return {};
}

int Store::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!runStatement(q, u"PRAGMA user_version"_s) || !q.next())
        return -1;
    return q.value(0).toInt();
}

Error Store::migrate()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const int current = schemaVersion();
    if (current < 0)
        return storageError(u"cannot read the schema version"_s);
    if (current > int(kMigrations.size()))
        return storageError(
            u"database schema %1 is newer than this server (%2)"_s.arg(current).arg(kMigrations.size()));
    for (int version = current; version < int(kMigrations.size()); ++version) {
        Transaction tx(db, Transaction::Mode::Immediate);
        if (!tx.isActive())
            return storageError(u"cannot start migration %1"_s.arg(version + 1));
        QSqlQuery q(db);
        for (const QString &sql : kMigrations[size_t(version)]) {
            if (!runStatement(q, sql))
                return storageError(u"migration %1 failed: %2"_s.arg(version + 1)
                                        .arg(q.lastError().text()));
        }
        // PRAGMA takes no bound parameters; the value is our own integer.
        if (!runStatement(q, u"PRAGMA user_version = %1"_s.arg(version + 1)) || !tx.commit())
            return storageError(u"cannot commit migration %1"_s.arg(version + 1));
        qCInfo(lcServerDb) << "migrated schema to version" << version + 1;
    }
    return {};
}

Error Store::loadEpoch()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(u"cannot read meta"_s);
    QSqlQuery q(db);
    q.prepare(u"SELECT value FROM meta WHERE key = 'epoch'"_s);
    if (!run(q, "select epoch"_L1))
        return storageError(u"cannot read the epoch"_s);
    if (q.next() && !q.value(0).toString().isEmpty()) {
        m_epoch = q.value(0).toString();
        q.finish();
        return tx.commit() ? Error {} : storageError(u"cannot read the epoch"_s);
    }
    q.finish();
    const QString epoch = newEpoch();
    q.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?)"_s);
    q.addBindValue(epoch);
    if (!run(q, "insert epoch"_L1) || !tx.commit())
        return storageError(u"cannot store the epoch"_s);
    m_epoch = epoch;
    return {};
}

Error Store::resetLog()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(u"database not open"_s);
    const QString epoch = newEpoch();
    QSqlQuery q(db);
    if (!runStatement(q, u"DELETE FROM event_log"_s)
        || !runStatement(q, u"DELETE FROM sqlite_sequence WHERE name = 'event_log'"_s))
        return storageError(u"cannot reset the event log"_s);
    q.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?)"_s);
    q.addBindValue(epoch);
    if (!run(q, "new epoch"_L1) || !tx.commit())
        return storageError(u"cannot reset the event log"_s);
    m_epoch = epoch;
    qCInfo(lcServerDb) << "event log reset, new epoch" << m_epoch;
    return {};
}

qint64 Store::orderCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
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
    static const std::array kStreets { u"High St"_s, u"Station Rd"_s, u"Park Ave"_s,
        u"Church Ln"_s, u"Victoria Rd"_s, u"Elm Grove"_s, u"Market Sq"_s, u"Harbour Way"_s,
        u"Kings Rd"_s, u"Meadow Cl"_s };
    // Mostly open work, some done: a believable snapshot of a day.
    static const std::array kStatuses { OrderStatus::New, OrderStatus::New, OrderStatus::New,
        OrderStatus::Assigned, OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
        OrderStatus::InTransit, OrderStatus::Delivered, OrderStatus::Cancelled };

    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return storageError(u"database not open"_s);
    {
        QSqlQuery q(db);
        if (!runStatement(q, u"SELECT COUNT(*) FROM orders"_s) || !q.next())
            return storageError(u"cannot count orders"_s);
        if (q.value(0).toLongLong() > 0)
            return {};
    }
    QRandomGenerator rng(seed);
    // Anchored to the start of today (UTC), so the same seed gives the same day plan.
    const QDateTime dayStart(QDate::currentDate(), QTime(0, 0), Qt::UTC);
    for (int i = 1; i <= count; ++i) {
        const int region = int(rng.bounded(quint32(kRegions.size())));
        Order o;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        o.customer = kCustomers[rng.bounded(quint32(kCustomers.size()))];
        o.region = kRegions[size_t(region)];
        o.pickup = kDepots[size_t(region)];
        o.dropoff = u"%1 %2"_s.arg(1 + rng.bounded(200)).arg(
            kStreets[rng.bounded(quint32(kStreets.size()))]);
        o.status = kStatuses[rng.bounded(quint32(kStatuses.size()))];
        o.amountCents = 500 + qint64(rng.bounded(25000));
        // Due between 07:00 and 21:00, on 5-minute steps.
        o.dueAt = dayStart.addSecs(7 * 3600 + qint64(rng.bounded(14 * 12)) * 300);
        o.updatedAt = dayStart;
        o.version = 1;
        if (!insertOrder(db, o))
            return storageError(u"cannot insert demo order %1"_s.arg(o.id));
    }
    if (!tx.commit())
        return storageError(u"cannot commit demo orders"_s);
    qCInfo(lcServerDb) << "seeded" << count << "demo orders";
    return {};
}

Store::OrderList Store::listOrders() const
{
    OrderList result;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // One read transaction: the rows and the head are the same snapshot.
    Transaction tx(db, Transaction::Mode::Deferred);
    if (!tx.isActive()) {
        result.error = storageError(u"database not open"_s);
        return result;
    }
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT %1 FROM orders ORDER BY id"_s.arg(kOrderColumns));
        if (!run(q, "list orders"_L1)) {
            result.error = storageError(u"cannot list orders"_s);
            return result;
        }
        while (q.next()) {
            if (auto o = orderFromRow(q))
                result.orders.append(std::move(*o));
        }
    }
    const auto seq = selectHeadSeq(db);
    if (!seq || !tx.commit()) {
        result.error = storageError(u"cannot read the event-log head"_s);
        result.orders.clear();
        return result;
    }
    result.position = StreamPosition { m_epoch, *seq };
    return result;
}

std::optional<Order> Store::order(const QString &id) const
{
    return selectOrder(QSqlDatabase::database(m_connectionName, false), id);
}

Store::WriteResult Store::updateOrderStatus(const QString &id, OrderStatus to,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    WriteResult result;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // IMMEDIATE takes the write lock before the read: no other writer can slip in between
    // the version check and the update, and seq is assigned in commit order.
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(u"cannot start a write transaction"_s);
        return result;
    }
    const auto current = selectOrder(db, id);
    if (!current) {
        result.error = Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(id) };
        return result;
    }
    if (expectedVersion && *expectedVersion != current->version) {
        result.error = Error { ErrorKind::Conflict,
            u"order %1 is at version %2, not %3"_s.arg(id).arg(current->version).arg(*expectedVersion) };
        result.order = current;
        return result;
    }
    if (!canTransition(current->status, to)) {
        result.error = Error { ErrorKind::BadRequest,
            u"order %1 cannot go from %2 to %3"_s.arg(id, toString(current->status), toString(to)) };
        result.order = current;
        return result;
    }
    Order updated = *current;
    updated.status = to;
    updated.version = current->version + 1;
    updated.updatedAt = nowUtc();
    {
        QSqlQuery q(db);
        q.prepare(u"UPDATE orders SET status = ?, updated_at = ?, version = ? "
                  "WHERE id = ? AND version = ?"_s);
        q.addBindValue(toString(updated.status));
        q.addBindValue(isoTime(updated.updatedAt));
        q.addBindValue(updated.version);
        q.addBindValue(id);
        q.addBindValue(current->version);
        if (!run(q, "update order"_L1) || q.numRowsAffected() != 1) {
            result.error = storageError(u"cannot update order %1"_s.arg(id));
            return result;
        }
    }
    ChangeEvent event { 0, m_epoch, u"order.updated"_s, u"order"_s, id, updated.version,
        updated.updatedAt, {} };
    if (!appendEvent(db, event) || !tx.commit()) {
        result.error = storageError(u"cannot record the change of order %1"_s.arg(id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << id << "->" << toString(to) << "v" << updated.version
                        << "seq" << event.seq << "by" << actor;
    result.order = updated;
    result.event = event;
    Q_EMIT eventAppended(event);
    return result;
}

Store::WriteResult Store::createOrder(const Order &draft, const QString &actor)
{
    WriteResult result;
    if (draft.customer.isEmpty() || draft.region.isEmpty() || !draft.dueAt.isValid()) {
        result.error = Error { ErrorKind::BadRequest, u"an order needs customer, region and dueAt"_s };
        return result;
    }
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive()) {
        result.error = storageError(u"cannot start a write transaction"_s);
        return result;
    }
    Order o = draft;
    if (o.id.isEmpty()) {
        QSqlQuery q(db);
        if (!runStatement(q,
                u"SELECT COALESCE(MAX(CAST(SUBSTR(id, 5) AS INTEGER)), 0) FROM orders "
                "WHERE id LIKE 'ORD-%'"_s)
            || !q.next()) {
            result.error = storageError(u"cannot allocate an order id"_s);
            return result;
        }
        o.id = u"ORD-%1"_s.arg(q.value(0).toLongLong() + 1, 5, 10, QLatin1Char('0'));
    } else if (selectOrder(db, o.id)) {
        result.error = Error { ErrorKind::Conflict, u"order %1 already exists"_s.arg(o.id) };
        return result;
    }
    o.version = 1;
    o.updatedAt = nowUtc();
    if (!insertOrder(db, o)) {
        result.error = storageError(u"cannot insert order %1"_s.arg(o.id));
        return result;
    }
    ChangeEvent event { 0, m_epoch, u"order.created"_s, u"order"_s, o.id, o.version, o.updatedAt, {} };
    if (!appendEvent(db, event) || !tx.commit()) {
        result.error = storageError(u"cannot record the creation of order %1"_s.arg(o.id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << o.id << "created, seq" << event.seq << "by" << actor;
    result.order = o;
    result.event = event;
    Q_EMIT eventAppended(event);
    return result;
}

StreamPosition Store::head() const
{
    const auto seq = selectHeadSeq(QSqlDatabase::database(m_connectionName, false));
    return StreamPosition { m_epoch, seq.value_or(0) };
}

QList<ChangeEvent> Store::eventsAfter(qint64 seq, int limit) const
{
    QList<ChangeEvent> events;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
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
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!runStatement(q, u"SELECT MIN(seq) FROM event_log"_s) || !q.next())
        return 0;
    if (q.value(0).isNull())
        return selectHeadSeq(db).value_or(0) + 1;
    return q.value(0).toLongLong();
}

qint64 Store::trimLog(int keepLast)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Transaction tx(db, Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    const auto headSeq = selectHeadSeq(db);
    if (!headSeq)
        return -1;
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

} // namespace Ops
