#include "orderrepository.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "eventlog.h"
#include "historyrows.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kOrderColumns =
    "id, customer, region, pickup, dropoff, status, amount_cents, due_at, "
    "updated_at, version, driver_id, lat, lon, contact_name, contact_phone, notes, pickup_lat, "
    "pickup_lon, window_start, external_ref, eta_at, eta_estimate"_L1;
constexpr int kOrderColumnCount = 22;

//! The final statuses, as SQL.
constexpr auto kFinalStatuses = "('delivered', 'cancelled', 'failed')"_L1;

//! A position of order \a id from its \a what columns: none when both are NULL; none either,
//! with the reason logged, when only one is set or a value is not a number in range (the order
//! itself stays readable).
std::optional<GeoPoint> positionFromRow(
    const QVariant &lat, const QVariant &lon, const QString &id, const char *what)
{
    if (lat.isNull() && lon.isNull())
        return std::nullopt;
    bool latOk = false;
    bool lonOk = false;
    const GeoPoint at { lat.toDouble(&latOk), lon.toDouble(&lonOk) };
    if (lat.isNull() || lon.isNull()) {
        qCWarning(lcServerDb) << "orders row" << id << "has only one of" << what << "; no position";
        return std::nullopt;
    }
    if (!latOk || !lonOk || !(at.lat >= -90 && at.lat <= 90 && at.lon >= -180 && at.lon <= 180)) {
        qCWarning(lcServerDb) << "orders row" << id << "has an invalid" << what << "; no position";
        return std::nullopt;
    }
    return at;
}

//! Validates one `orders` row; a bad row is logged and skipped by the caller.
std::optional<Order> orderFromRow(const QSqlQuery &q)
{
    Sql::RowReader row(q);
    Order o;
    o.id = row.text();
    o.customer = row.text();
    o.region = row.text();
    o.pickup = row.text();
    o.dropoff = row.text();
    const auto status = orderStatusFromString(row.text());
    bool amountOk = false;
    o.amountCents = row.next().toLongLong(&amountOk);
    o.dueAt = row.time();
    o.updatedAt = row.time();
    bool versionOk = false;
    o.version = row.next().toLongLong(&versionOk);
    if (o.id.isEmpty() || o.customer.isEmpty() || o.region.isEmpty() || !status || !amountOk
        || !o.dueAt.isValid() || !o.updatedAt.isValid() || !versionOk || o.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid orders row" << o.id;
        return std::nullopt;
    }
    o.status = *status;
    const QVariant driverId = row.next();
    o.driverId = driverId.isNull() ? QString() : driverId.toString();
    const QVariant lat = row.next();
    const QVariant lon = row.next();
    o.dropoffAt = positionFromRow(lat, lon, o.id, "lat/lon");
    o.contactName = row.text();
    o.contactPhone = row.text();
    o.notes = row.text();
    const QVariant pickupLat = row.next();
    const QVariant pickupLon = row.next();
    o.pickupAt = positionFromRow(pickupLat, pickupLon, o.id, "pickupLat/pickupLon");
    if (const QVariant windowStart = row.next(); !windowStart.isNull()) {
        o.windowStart = Sql::fromIsoTime(windowStart);
        if (!o.windowStart.isValid())
            qCWarning(lcServerDb) << "orders row" << o.id << "has an invalid window start";
    }
    const QVariant externalRef = row.next();
    o.externalRef = externalRef.isNull() ? QString() : externalRef.toString();
    // An ETA that does not read is no ETA (the order itself stays readable).
    const QVariant etaAt = row.next();
    const QVariant etaEstimate = row.next();
    o.etaAt = etaAt.isNull() ? QDateTime() : Sql::fromIsoTime(etaAt);
    o.etaEstimate = o.etaAt.isValid() && etaEstimate.toInt() != 0;
    return o;
}

//! `eta_estimate`: 1 or 0 with an ETA, NULL without.
QVariant etaEstimateValue(const Order &o)
{
    return o.hasEta() ? QVariant(o.etaEstimate ? 1 : 0) : QVariant(QMetaType::fromType<int>());
}

//! The values of every column of kOrderColumns for \a o, then \a changedSeq.
void bindOrder(QSqlQuery &q, const Order &o, qint64 changedSeq)
{
    const QList<QVariant> values { o.id, o.customer, o.region, Sql::text(o.pickup),
        Sql::text(o.dropoff), toString(o.status), o.amountCents, Sql::isoTime(o.dueAt),
        Sql::isoTime(o.updatedAt), o.version, Sql::textOrNull(o.driverId),
        o.dropoffAt ? QVariant(o.dropoffAt->lat) : Sql::nullDouble(),
        o.dropoffAt ? QVariant(o.dropoffAt->lon) : Sql::nullDouble(), Sql::text(o.contactName),
        Sql::text(o.contactPhone), Sql::text(o.notes),
        o.pickupAt ? QVariant(o.pickupAt->lat) : Sql::nullDouble(),
        o.pickupAt ? QVariant(o.pickupAt->lon) : Sql::nullDouble(), Sql::timeOrNull(o.windowStart),
        Sql::textOrNull(o.externalRef), Sql::timeOrNull(o.etaAt), etaEstimateValue(o), changedSeq };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
}

QString insertOrderSql()
{
    QString placeholders;
    for (int i = 0; i <= kOrderColumnCount; ++i)
        placeholders += i == 0 ? u"?"_s : u", ?"_s;
    return u"INSERT INTO orders (%1, changed_seq) VALUES (%2)"_s.arg(kOrderColumns, placeholders);
}

bool insertOrder(const QSqlDatabase &db, const Order &o, qint64 changedSeq)
{
    Sql::Statement statement(db, insertOrderSql());
    QSqlQuery &q = *statement;
    bindOrder(q, o, changedSeq);
    return Sql::run(q, "insert order"_L1);
}

constexpr auto kInsertHistory =
    "INSERT INTO order_history (order_id, seq, actor, field, from_value, to_value, ts, reason) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_L1;

void bindHistory(QSqlQuery &q, const OrderHistoryEntry &e)
{
    const QList<QVariant> values { e.orderId, e.seq, Sql::text(e.actor), e.field, Sql::text(e.from),
        Sql::text(e.to), Sql::isoTime(e.ts), Sql::text(e.reason) };
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
}

bool insertHistory(const QSqlDatabase &db, const OrderHistoryEntry &e)
{
    Sql::Statement statement(db, kInsertHistory);
    QSqlQuery &q = *statement;
    bindHistory(q, e);
    return Sql::run(q, "insert history"_L1);
}

QString positionText(const std::optional<GeoPoint> &at)
{
    return at ? u"%1,%2"_s.arg(at->lat, 0, 'g', 10).arg(at->lon, 0, 'g', 10) : QString();
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? Sql::isoTime(t) : QString();
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

QByteArray compactJson(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace

std::optional<Order> RowTraits<Order>::select(const QSqlDatabase &db, const QString &id)
{
    return Sql::selectOne(db, u"SELECT %1 FROM orders WHERE id = ?"_s.arg(kOrderColumns), { id },
        "select order"_L1, orderFromRow);
}

QList<OrderFieldChange> RowTraits<Order>::changes(const Order &current, const Order &next)
{
    QList<OrderFieldChange> out;
    const auto text = [&out](QLatin1StringView field, const QString &from, const QString &to) {
        if (from != to)
            out.append({ field, from, to });
    };
    text("status"_L1, toString(current.status), toString(next.status));
    text("driver"_L1, current.driverId, next.driverId);
    text("pickup"_L1, current.pickup, next.pickup);
    text("pickupPosition"_L1, positionText(current.pickupAt), positionText(next.pickupAt));
    text("dropoff"_L1, current.dropoff, next.dropoff);
    text("dropoffPosition"_L1, positionText(current.dropoffAt), positionText(next.dropoffAt));
    text("dueAt"_L1, timeText(current.dueAt), timeText(next.dueAt));
    text("windowStart"_L1, timeText(current.windowStart), timeText(next.windowStart));
    text("contactName"_L1, current.contactName, next.contactName);
    text("contactPhone"_L1, current.contactPhone, next.contactPhone);
    text("notes"_L1, current.notes, next.notes);
    text("amountCents"_L1, QString::number(current.amountCents), QString::number(next.amountCents));
    return out;
}

QJsonObject RowTraits<Order>::changedFields(const Order &current, const Order &next)
{
    QJsonObject fields { { "updatedAt"_L1, Sql::isoTime(next.updatedAt) } };
    const QJsonObject before = current.toJson();
    const QJsonObject after = next.toJson();
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (it.key() != "version"_L1 && it.key() != "updatedAt"_L1 && before.value(it.key()) != *it)
            fields.insert(it.key(), *it);
    }
    // A position that went away: its keys are absent from the row, null in the event.
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            fields.insert(it.key(), QJsonValue(QJsonValue::Null));
    }
    if (next.etaAt != current.etaAt || next.hasEta() != current.hasEta()
        || next.etaEstimate != current.etaEstimate) {
        // Both, always together: the cached row takes them as one.
        fields.insert("etaAt"_L1, after.value("etaAt"_L1));
        fields.insert("etaEstimate"_L1, after.value("etaEstimate"_L1));
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
    Sql::Statement lastStatement(db, u"SELECT MAX(seq) FROM order_history WHERE order_id = ?"_s);
    QSqlQuery &last = *lastStatement;
    last.addBindValue(current.id);
    if (!Sql::run(last, "last order change"_L1) || !last.next())
        return false;
    const qint64 seq = last.value(0).isNull() ? 0 : last.value(0).toLongLong();
    if (seq <= 0)
        return true;
    Sql::Statement eventStatement(db, u"SELECT version FROM event_log WHERE seq = ?"_s);
    QSqlQuery &event = *eventStatement;
    event.addBindValue(seq);
    if (!Sql::run(event, "version of a change"_L1) || !event.next())
        return false; // trimmed: cannot tell, so it is a conflict as before
    return version >= event.value(0).toLongLong();
}

bool RowTraits<Order>::update(const QSqlDatabase &db, const Order &current, const Order &next,
    const ChangeEvent &event, const WriteBy &by)
{
    Sql::Statement statement(db,
        u"UPDATE orders SET status = ?, driver_id = ?, updated_at = ?, version = ?, "
        "changed_seq = ?, pickup = ?, dropoff = ?, lat = ?, lon = ?, pickup_lat = ?, "
        "pickup_lon = ?, due_at = ?, window_start = ?, contact_name = ?, contact_phone = ?, "
        "notes = ?, amount_cents = ?, eta_at = ?, eta_estimate = ? WHERE id = ? AND version = ?"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { toString(next.status), Sql::textOrNull(next.driverId), Sql::isoTime(next.updatedAt),
            next.version, event.seq, Sql::text(next.pickup), Sql::text(next.dropoff),
            next.dropoffAt ? QVariant(next.dropoffAt->lat) : Sql::nullDouble(),
            next.dropoffAt ? QVariant(next.dropoffAt->lon) : Sql::nullDouble(),
            next.pickupAt ? QVariant(next.pickupAt->lat) : Sql::nullDouble(),
            next.pickupAt ? QVariant(next.pickupAt->lon) : Sql::nullDouble(),
            Sql::isoTime(next.dueAt), Sql::timeOrNull(next.windowStart),
            Sql::text(next.contactName), Sql::text(next.contactPhone), Sql::text(next.notes),
            next.amountCents, Sql::timeOrNull(next.etaAt), etaEstimateValue(next), next.id,
            current.version });
    if (!Sql::run(q, "update order"_L1) || q.numRowsAffected() != 1)
        return false;
    Sql::Statement historyStatement(db, kInsertHistory);
    QSqlQuery &history = *historyStatement;
    for (const OrderFieldChange &change : changes(current, next)) {
        bindHistory(history,
            OrderHistoryEntry { event.seq, next.id, by.actor, change.historyField, change.from,
                change.to, next.updatedAt, by.reason });
        if (!Sql::run(history, "insert history"_L1))
            return false;
    }
    qCDebug(lcServerDb) << "order" << next.id << "->" << toString(next.status) << "driver"
                        << next.driverId << "v" << next.version << "seq" << event.seq << "by"
                        << by.actor;
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
    return Sql::readHistory<OrderHistoryEntry>(m_context.database.connection(),
        u"SELECT seq, actor, field, from_value, to_value, ts, reason FROM order_history "
        "WHERE order_id = ? ORDER BY seq, ts, id"_s,
        id, "order history"_L1);
}

std::optional<QList<Order>> OrderRepository::openOrdersOf(const QStringList &driverIds) const
{
    QList<Order> orders;
    if (driverIds.isEmpty())
        return orders;
    Sql::Where where;
    where.addIn("driver_id"_L1, driverIds);
    where.clauses.append(u"status NOT IN %1"_s.arg(kFinalStatuses));
    // Kept per number of drivers: the ETA engine asks this for a driver or a few at a time.
    Sql::Statement statement(m_context.database.connection(),
        u"SELECT %1 FROM orders%2 ORDER BY id"_s.arg(kOrderColumns, where.sql()),
        Sql::Statement::Reading::ForwardOnly);
    QSqlQuery &q = *statement;
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
    return versionedWriteBatch<Order>(m_context, changes, WriteBy { actor });
}

bool OrderRepository::idsByExternalRefIn(
    const QSqlDatabase &db, const QStringList &refs, QHash<QString, QString> *out)
{
    // In chunks: SQLite allows 999 bound values in old builds, and a statement per ref would
    // cost a round trip each on PostgreSQL.
    constexpr qsizetype kChunk = 500;
    for (qsizetype from = 0; from < refs.size(); from += kChunk) {
        const QStringList chunk = refs.mid(from, kChunk);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        QString placeholders;
        for (qsizetype i = 0; i < chunk.size(); ++i)
            placeholders += i == 0 ? u"?"_s : u", ?"_s;
        q.prepare(
            u"SELECT external_ref, id FROM orders WHERE external_ref IN (%1)"_s.arg(placeholders));
        for (const QString &ref : chunk)
            q.addBindValue(ref);
        if (!Sql::run(q, "orders by external ref"_L1))
            return false;
        while (q.next())
            out->insert(q.value(0).toString(), q.value(1).toString());
    }
    return true;
}

QHash<QString, QString> OrderRepository::idsByExternalRef(const QStringList &refs) const
{
    QHash<QString, QString> ids;
    if (!idsByExternalRefIn(m_context.database.connection(), refs, &ids))
        ids.clear();
    return ids;
}

StoreWrite<Order> OrderRepository::update(const QString &id, std::optional<qint64> expectedVersion,
    const WriteBy &by, const RowDecision<Order> &decide)
{
    return versionedWrite<Order>(m_context, id, expectedVersion, by, decide);
}

StoreWrite<Order> OrderRepository::updateSteps(const QString &id,
    std::optional<qint64> expectedVersion, const QString &actor,
    const QList<RowDecision<Order>> &steps, const QList<OrderAnnotation> &annotations)
{
    StoreWrite<Order> result;
    WriteTransaction tx(m_context);
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const StoreWrite<Order> step = versionedWriteIn<Order>(
            tx, id, i == 0 ? expectedVersion : std::nullopt, WriteBy { actor }, steps.at(i));
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
                    result.item->updatedAt, {} })) {
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
    Sql::Statement statement(m_context.database.connection(),
        u"SELECT id FROM orders WHERE driver_id = ? AND status IN (?, ?, ?) ORDER BY id"_s,
        Sql::Statement::Reading::ForwardOnly);
    QSqlQuery &q = *statement;
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
    CreateOutcome outcome = create(CreateRequest { draft, actor, {}, {} });
    if (outcome.ok() && !outcome.created) {
        return { Error { ErrorKind::Conflict,
                     u"externalRef %1 is order %2"_s.arg(draft.externalRef, outcome.order->id) },
            outcome.order, std::nullopt };
    }
    return { outcome.error, outcome.order, outcome.event };
}

CreateOutcome OrderRepository::create(const CreateRequest &request)
{
    CreateOutcome result;
    WriteTransaction tx(m_context);
    const QSqlDatabase db = tx.connection();
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
    const bool keyed = !request.idempotencyKey.isEmpty();
    if (keyed) {
        Sql::Statement statement(db,
            u"SELECT request_hash, status, response, order_id FROM idempotency_keys "
            "WHERE actor = ? AND idem_key = ?"_s);
        QSqlQuery &q = *statement;
        Sql::bind(q, { request.actor, request.idempotencyKey });
        if (!Sql::run(q, "idempotency key"_L1)) {
            result.error = tx.failure(u"cannot read idempotency keys"_s);
            return result;
        }
        if (q.next()) {
            if (q.value(0).toByteArray() != request.requestHash) {
                result.error = Error { ErrorKind::IdempotencyConflict,
                    u"Idempotency-Key '%1' was used for a different request (order %2)"_s.arg(
                        request.idempotencyKey.left(64), q.value(3).toString()) };
                return result;
            }
            result.replay = IdempotentAnswer { q.value(1).toInt(), q.value(2).toByteArray(),
                q.value(3).toString() };
            return result;
        }
    }
    Order o = request.draft;
    const auto remember = [&](int status, const Order &order) {
        if (!keyed)
            return true;
        Sql::Statement statement(db,
            u"INSERT INTO idempotency_keys (actor, idem_key, request_hash, status, "
            "order_id, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        QSqlQuery &q = *statement;
        Sql::bind(q,
            { request.actor, request.idempotencyKey, QString::fromLatin1(request.requestHash),
                status, order.id, QString::fromUtf8(compactJson(order.toJson())),
                Sql::isoTime(Sql::nowUtc()) });
        return Sql::run(q, "store idempotency key"_L1);
    };
    if (!o.externalRef.isEmpty()) {
        QHash<QString, QString> existing;
        if (!idsByExternalRefIn(db, { o.externalRef }, &existing)) {
            result.error = tx.failure(u"cannot look up externalRef"_s);
            return result;
        }
        if (const auto it = existing.constFind(o.externalRef); it != existing.constEnd()) {
            result.order = RowTraits<Order>::select(db, *it);
            if (!result.order) {
                result.error = tx.failure(u"cannot read order %1"_s.arg(*it));
                return result;
            }
            if (keyed && (!remember(200, *result.order) || !tx.commit()))
                result.error = tx.failure(u"cannot store the idempotency key"_s);
            return result;
        }
    }
    if (o.id.isEmpty()) {
        const auto id = Sql::nextId(db, "orders"_L1, "ORD"_L1);
        if (!id) {
            result.error = tx.failure(u"cannot allocate an order id"_s);
            return result;
        }
        o.id = *id;
    } else if (RowTraits<Order>::select(db, o.id)) {
        result.error = Error { ErrorKind::Conflict, u"order %1 already exists"_s.arg(o.id) };
        return result;
    }
    o.version = 1;
    o.updatedAt = Sql::nowUtc();
    // The whole row: a client inserts it without fetching the list.
    ChangeEvent event { 0, {}, u"order.created"_s, u"order"_s, o.id, o.version, o.updatedAt,
        o.toJson() };
    if (!tx.append(event, o.region) || !insertOrder(db, o, event.seq)
        || !insertHistory(db,
            OrderHistoryEntry { event.seq, o.id, request.actor, u"created"_s, {},
                toString(o.status), o.updatedAt, {} })
        || !remember(201, o) || !tx.commit()) {
        result.error = tx.failure(u"cannot record the creation of order %1"_s.arg(o.id));
        return result;
    }
    qCDebug(lcServerDb) << "order" << o.id << "created, seq" << event.seq << "by" << request.actor;
    result.order = o;
    result.event = event;
    result.created = true;
    return result;
}

qint64 OrderRepository::trimIdempotencyKeys(const QDateTime &cutoff)
{
    QSqlQuery q(m_context.database.connection());
    q.prepare(u"DELETE FROM idempotency_keys WHERE created_at < ?"_s);
    q.addBindValue(Sql::isoTime(cutoff));
    if (!Sql::run(q, "trim idempotency keys"_L1))
        return -1;
    return q.numRowsAffected();
}

bool OrderRepository::insertInitial(const QSqlDatabase &db, const QList<Order> &orders)
{
    for (const Order &o : orders) {
        if (!insertOrder(db, o, 0))
            return false;
    }
    return true;
}

bool OrderRepository::insertCreated(const QSqlDatabase &db, QList<Order> &orders, qint64 seq,
    const QDateTime &now, const QString &actor)
{
    if (orders.isEmpty())
        return true;
    const auto first = Sql::nextId(db, "orders"_L1, "ORD"_L1);
    if (!first)
        return false;
    qint64 next = first->mid(4).toLongLong();
    QSqlQuery insert(db);
    insert.prepare(insertOrderSql());
    QSqlQuery history(db);
    history.prepare(kInsertHistory);
    for (Order &o : orders) {
        o.id = u"ORD-%1"_s.arg(next++, 5, 10, QLatin1Char('0'));
        o.version = 1;
        o.updatedAt = now;
        bindOrder(insert, o, seq);
        if (!Sql::run(insert, "insert order"_L1))
            return false;
        bindHistory(history,
            OrderHistoryEntry { seq, o.id, actor, u"created"_s, {}, toString(o.status), now, {} });
        if (!Sql::run(history, "insert history"_L1))
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
