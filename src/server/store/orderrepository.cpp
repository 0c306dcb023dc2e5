#include "orderrepository.h"

#include <QHash>
#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "eventlog.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kOrderColumns =
    "id, customer, region, pickup, dropoff, status, amount_cents, due_at, "
    "updated_at, version, driver_id, lat, lon, pickup_lat, pickup_lon, eta_at, eta_estimate"_L1;

//! The final statuses, as SQL.
constexpr auto kFinalStatuses = "('delivered', 'cancelled', 'failed')"_L1;

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
    o.dueAt = Sql::fromIsoTime(q.value(7));
    o.updatedAt = Sql::fromIsoTime(q.value(8));
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
    o.pickupAt = positionFromRow(q.value(13), q.value(14), o.id);
    // An ETA that does not read is no ETA (the order itself stays readable).
    o.etaAt = q.value(15).isNull() ? QDateTime() : Sql::fromIsoTime(q.value(15));
    o.etaEstimate = o.etaAt.isValid() && q.value(16).toInt() != 0;
    return o;
}

//! `eta_estimate`: 1 or 0 with an ETA, NULL without.
QVariant etaEstimateValue(const Order &o)
{
    return o.hasEta() ? QVariant(o.etaEstimate ? 1 : 0) : QVariant(QMetaType::fromType<int>());
}

bool insertOrder(const QSqlDatabase &db, const Order &o, qint64 changedSeq)
{
    QSqlQuery q(db);
    q.prepare(
        u"INSERT INTO orders (%1, changed_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)"_s.arg(kOrderColumns));
    Sql::bind(q,
        { o.id, o.customer, o.region, Sql::text(o.pickup), Sql::text(o.dropoff), toString(o.status),
            o.amountCents, Sql::isoTime(o.dueAt), Sql::isoTime(o.updatedAt), o.version,
            Sql::textOrNull(o.driverId),
            o.dropoffAt ? QVariant(o.dropoffAt->lat) : Sql::nullDouble(),
            o.dropoffAt ? QVariant(o.dropoffAt->lon) : Sql::nullDouble(),
            o.pickupAt ? QVariant(o.pickupAt->lat) : Sql::nullDouble(),
            o.pickupAt ? QVariant(o.pickupAt->lon) : Sql::nullDouble(), Sql::timeOrNull(o.etaAt),
            etaEstimateValue(o), changedSeq });
    return Sql::run(q, "insert order"_L1);
}

bool insertHistory(const QSqlDatabase &db, const OrderHistoryEntry &e)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO order_history (order_id, seq, actor, field, from_value, to_value, ts) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    Sql::bind(q,
        { e.orderId, e.seq, Sql::text(e.actor), e.field, Sql::text(e.from), Sql::text(e.to),
            Sql::isoTime(e.ts) });
    return Sql::run(q, "insert history"_L1);
}

//! Reads the orders \a where selects (ordered by \a orderBy, paged by \a page) and the head, in
//! one read transaction.
OrderList readOrders(const QSqlDatabase &db, const Sql::Where &where, const QString &orderBy,
    const QString &page, bool count)
{
    OrderList result;
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    if (!tx.isActive()) {
        result.error = Sql::storageError(db, u"database not open"_s);
        return result;
    }
    if (count) {
        QSqlQuery q(db);
        q.prepare(u"SELECT COUNT(*) FROM orders"_s + where.sql());
        where.bind(q);
        if (!Sql::run(q, "count orders"_L1) || !q.next()) {
            result.error = Sql::storageError(db, u"cannot count orders"_s);
            return result;
        }
        result.total = q.value(0).toLongLong();
    }
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT %1 FROM orders%2 ORDER BY %3%4"_s.arg(
            kOrderColumns, where.sql(), orderBy, page));
        where.bind(q);
        if (!Sql::run(q, "list orders"_L1)) {
            result.error = Sql::storageError(db, u"cannot list orders"_s);
            return result;
        }
        while (q.next()) {
            if (auto o = orderFromRow(q))
                result.orders.append(std::move(*o));
        }
    }
    const auto head = EventLog::readHead(db);
    if (!head || !tx.commit()) {
        result.error = Sql::storageError(db, u"cannot read the event-log head"_s);
        result.orders.clear();
        return result;
    }
    if (!count)
        result.total = result.orders.size();
    result.position = *head;
    return result;
}

} // namespace

std::optional<Order> RowTraits<Order>::select(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT %1 FROM orders WHERE id = ?"_s.arg(kOrderColumns));
    q.addBindValue(id);
    if (!Sql::run(q, "select order"_L1) || !q.next())
        return std::nullopt;
    return orderFromRow(q);
}

QJsonObject RowTraits<Order>::changedFields(const Order &current, const Order &next)
{
    QJsonObject fields { { "updatedAt"_L1, Sql::isoTime(next.updatedAt) } };
    if (next.status != current.status)
        fields.insert("status"_L1, toString(next.status));
    if (next.driverId != current.driverId)
        fields.insert("driverId"_L1,
            next.driverId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(next.driverId));
    if (next.etaAt != current.etaAt || next.hasEta() != current.hasEta()
        || next.etaEstimate != current.etaEstimate) {
        // Both, always together: the cached row takes them as one.
        const QJsonObject row = next.toJson();
        fields.insert("etaAt"_L1, row.value("etaAt"_L1));
        fields.insert("etaEstimate"_L1, row.value("etaEstimate"_L1));
    }
    return fields;
}

bool RowTraits<Order>::onlyDerivedChangesSince(
    const QSqlDatabase &db, const Order &current, qint64 version)
{
    if (version < 1 || version > current.version)
        return false;
    // The last change a person or the lifecycle made left a history row (status, driver,
    // created); derived writes (ETAs) leave none. Seeded rows (history seq 0 or none) were
    // version 1.
    QSqlQuery last(db);
    last.prepare(u"SELECT MAX(seq) FROM order_history WHERE order_id = ?"_s);
    last.addBindValue(current.id);
    if (!Sql::run(last, "last order change"_L1) || !last.next())
        return false;
    const qint64 seq = last.value(0).isNull() ? 0 : last.value(0).toLongLong();
    if (seq <= 0)
        return true;
    QSqlQuery event(db);
    event.prepare(u"SELECT version FROM event_log WHERE seq = ?"_s);
    event.addBindValue(seq);
    if (!Sql::run(event, "version of a change"_L1) || !event.next())
        return false; // trimmed: cannot tell, so it is a conflict as before
    return version >= event.value(0).toLongLong();
}

bool RowTraits<Order>::update(const QSqlDatabase &db, const Order &current, const Order &next,
    const ChangeEvent &event, const QString &actor)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE orders SET status = ?, driver_id = ?, updated_at = ?, version = ?, "
              "changed_seq = ?, eta_at = ?, eta_estimate = ? WHERE id = ? AND version = ?"_s);
    Sql::bind(q,
        { toString(next.status), Sql::textOrNull(next.driverId), Sql::isoTime(next.updatedAt),
            next.version, event.seq, Sql::timeOrNull(next.etaAt), etaEstimateValue(next), next.id,
            current.version });
    if (!Sql::run(q, "update order"_L1) || q.numRowsAffected() != 1)
        return false;
    // The status row first: the activity feed shows the first row of a seq.
    if (next.status != current.status
        && !insertHistory(db,
            OrderHistoryEntry { event.seq, next.id, actor, u"status"_s, toString(current.status),
                toString(next.status), next.updatedAt }))
        return false;
    if (next.driverId != current.driverId
        && !insertHistory(db,
            OrderHistoryEntry { event.seq, next.id, actor, u"driver"_s, current.driverId,
                next.driverId, next.updatedAt }))
        return false;
    qCDebug(lcServerDb) << "order" << next.id << "->" << toString(next.status) << "driver"
                        << next.driverId << "v" << next.version << "seq" << event.seq << "by"
                        << actor;
    return true;
}

OrderRepository::OrderRepository(StoreContext &context)
    : m_context(context)
{ }

OrderList OrderRepository::list() const
{
    return readOrders(m_context.database.connection(), {}, u"id"_s, {}, false);
}

std::optional<Order> OrderRepository::get(const QString &id) const
{
    return RowTraits<Order>::select(m_context.database.connection(), id);
}

qint64 OrderRepository::count() const
{
    QSqlQuery q(m_context.database.connection());
    if (!Sql::runStatement(q, u"SELECT COUNT(*) FROM orders"_s) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

OrderList OrderRepository::query(const OrderQuery &query) const
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
    const auto column = sortColumns.constFind(query.sort);
    if (column == sortColumns.constEnd()) {
        OrderList result;
        result.error = Error { ErrorKind::BadRequest, u"cannot sort by '%1'"_s.arg(query.sort) };
        return result;
    }
    Sql::Where where;
    where.addIn("region"_L1, query.visibleRegions);
    if (query.changedAfter) {
        where.add(u"changed_seq > ?"_s, *query.changedAfter);
    } else {
        where.addIn("region"_L1, query.regions);
        where.addIn("status"_L1, query.statuses);
        where.addIn("driver_id"_L1, query.drivers);
        if (query.finishedSince.isValid())
            where.add(u"(status NOT IN %1 OR updated_at >= ?)"_s.arg(kFinalStatuses),
                Sql::isoTime(query.finishedSince));
    }
    // The column comes from the whitelist above; id breaks ties so pages are stable.
    const QString direction = query.descending ? u"DESC"_s : u"ASC"_s;
    const QString orderBy = u"%1 %2, id %2"_s.arg(*column, direction);
    QString page;
    if (query.limit >= 0 || query.offset > 0) {
        // SQLite spells "no limit" LIMIT -1, PostgreSQL LIMIT ALL.
        const QString limit = query.limit >= 0 ? QString::number(query.limit)
            : m_context.database.isPostgres()  ? u"ALL"_s
                                               : u"-1"_s;
        page = u" LIMIT %1 OFFSET %2"_s.arg(limit).arg(qMax(0, query.offset));
    }
    return readOrders(m_context.database.connection(), where, orderBy, page, true);
}

QList<OrderHistoryEntry> OrderRepository::history(const QString &id) const
{
    QList<OrderHistoryEntry> entries;
    QSqlQuery q(m_context.database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT seq, actor, field, from_value, to_value, ts FROM order_history "
              "WHERE order_id = ? ORDER BY seq, ts, id"_s);
    q.addBindValue(id);
    if (!Sql::run(q, "order history"_L1))
        return entries;
    while (q.next()) {
        OrderHistoryEntry e { q.value(0).toLongLong(), id, q.value(1).toString(),
            q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
            Sql::fromIsoTime(q.value(5)) };
        if (e.field.isEmpty() || !e.ts.isValid()) {
            qCWarning(lcServerDb) << "skipping invalid order_history row of" << id;
            continue;
        }
        entries.append(std::move(e));
    }
    return entries;
}

std::optional<QList<Order>> OrderRepository::openOrdersOf(const QStringList &driverIds) const
{
    QList<Order> orders;
    if (driverIds.isEmpty())
        return orders;
    Sql::Where where;
    where.addIn("driver_id"_L1, driverIds);
    where.clauses.append(u"status NOT IN %1"_s.arg(kFinalStatuses));
    QSqlQuery q(m_context.database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM orders%2 ORDER BY id"_s.arg(kOrderColumns, where.sql()));
    where.bind(q);
    if (!Sql::run(q, "open orders of drivers"_L1))
        return std::nullopt;
    while (q.next()) {
        if (auto o = orderFromRow(q))
            orders.append(std::move(*o));
    }
    return orders;
}

std::optional<QStringList> OrderRepository::driversWithOpenOrders() const
{
    QSqlQuery q(m_context.database.connection());
    q.setForwardOnly(true);
    if (!Sql::runStatement(q,
            u"SELECT DISTINCT driver_id FROM orders WHERE driver_id IS NOT NULL AND status NOT IN "
            "%1 ORDER BY driver_id"_s.arg(kFinalStatuses)))
        return std::nullopt;
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

std::optional<QStringList> OrderRepository::finishedBetween(
    const QStringList &visibleRegions, const QDateTime &from, const QDateTime &to) const
{
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    where.clauses.append(u"status IN %1"_s.arg(kFinalStatuses));
    where.add(u"updated_at >= ?"_s, Sql::isoTime(from));
    where.add(u"updated_at < ?"_s, Sql::isoTime(to));
    QSqlQuery q(m_context.database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT id FROM orders%1 ORDER BY id"_s.arg(where.sql()));
    where.bind(q);
    if (!Sql::run(q, "finished orders"_L1))
        return std::nullopt;
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

QList<StoreWrite<Order>> OrderRepository::update(
    const QList<VersionedChange<Order>> &changes, const QString &actor)
{
    return versionedWriteBatch<Order>(m_context, changes, actor);
}

StoreWrite<Order> OrderRepository::update(const QString &id, std::optional<qint64> expectedVersion,
    const QString &actor, const RowDecision<Order> &decide)
{
    return versionedWrite<Order>(m_context, id, expectedVersion, actor, decide);
}

StoreWrite<Order> OrderRepository::updateSteps(const QString &id,
    std::optional<qint64> expectedVersion, const QString &actor,
    const QList<RowDecision<Order>> &steps, const QList<OrderAnnotation> &annotations)
{
    StoreWrite<Order> result;
    WriteTransaction tx(m_context);
    if (!tx.isActive()) {
        result.error = tx.failure(u"cannot start a write transaction"_s);
        return result;
    }
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const StoreWrite<Order> step = versionedWriteIn<Order>(
            tx, id, i == 0 ? expectedVersion : std::nullopt, actor, steps.at(i));
        if (!step.ok()) {
            // Rolled back: a later step's `item` would be a row that was never committed.
            return i == 0 ? step : StoreWrite<Order> { step.error, std::nullopt, std::nullopt };
        }
        result = step;
    }
    if (!result.ok() || !result.event)
        return result;
    for (const OrderAnnotation &note : annotations) {
        if (!insertHistory(tx.connection(),
                OrderHistoryEntry { result.event->seq, id, actor, note.field, {}, note.value,
                    result.item->updatedAt })) {
            return { tx.failure(u"cannot record the %1 of order %2"_s.arg(note.field, id)),
                std::nullopt, std::nullopt };
        }
    }
    if (!tx.commit())
        return { tx.failure(u"cannot commit the change of order %1"_s.arg(id)), std::nullopt,
            std::nullopt };
    return result;
}

std::optional<QStringList> OrderRepository::openOrderIdsOf(const QString &driverId) const
{
    QSqlQuery q(m_context.database.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT id FROM orders WHERE driver_id = ? AND status IN (?, ?, ?) ORDER BY id"_s);
    Sql::bind(q,
        { driverId, toString(OrderStatus::Assigned), toString(OrderStatus::PickedUp),
            toString(OrderStatus::InTransit) });
    if (!Sql::run(q, "open orders of a driver"_L1))
        return std::nullopt;
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

StoreWrite<Order> OrderRepository::create(const Order &draft, const QString &actor)
{
    StoreWrite<Order> result;
    WriteTransaction tx(m_context);
    if (!tx.isActive()) {
        result.error = tx.failure(u"cannot start a write transaction"_s);
        return result;
    }
    Order o = draft;
    if (o.id.isEmpty()) {
        const auto id = Sql::nextId(tx.connection(), "orders"_L1, "ORD"_L1);
        if (!id) {
            result.error = tx.failure(u"cannot allocate an order id"_s);
            return result;
        }
        o.id = *id;
    } else if (RowTraits<Order>::select(tx.connection(), o.id)) {
        result.error = Error { ErrorKind::Conflict, u"order %1 already exists"_s.arg(o.id) };
        return result;
    }
    o.version = 1;
    o.updatedAt = Sql::nowUtc();
    ChangeEvent event { 0, {}, u"order.created"_s, u"order"_s, o.id, o.version, o.updatedAt, {} };
    if (!tx.append(event, o.region) || !insertOrder(tx.connection(), o, event.seq)
        || !insertHistory(tx.connection(),
            OrderHistoryEntry {
                event.seq, o.id, actor, u"created"_s, {}, toString(o.status), o.updatedAt })
        || !tx.commit()) {
        result.error = tx.failure(u"cannot record the creation of order %1"_s.arg(o.id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << o.id << "created, seq" << event.seq << "by" << actor;
    result.item = o;
    result.event = event;
    return result;
}

bool OrderRepository::insertInitial(const QSqlDatabase &db, const QList<Order> &orders)
{
    for (const Order &o : orders) {
        if (!insertOrder(db, o, 0))
            return false;
    }
    return true;
}

bool OrderRepository::insertInitialHistory(
    const QSqlDatabase &db, const QList<OrderHistoryEntry> &entries)
{
    for (const OrderHistoryEntry &e : entries) {
        if (!insertHistory(db, e))
            return false;
    }
    return true;
}

} // namespace Ops
