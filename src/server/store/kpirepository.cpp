#include "kpirepository.h"

#include <QSqlQuery>

#include "database.h"
#include "eventlog.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {

KpiRepository::KpiRepository(const Database &database)
    : m_database(database)
{ }

Kpis KpiRepository::snapshot(
    const QStringList &visibleRegions, const QDateTime &now, int atRiskMinutes) const
{
    const QString today = Sql::isoTime(QDateTime(now.toUTC().date(), QTime(0, 0), Qt::UTC));
    const QString nowText = Sql::isoTime(now);
    const QSqlDatabase db = m_database.connection();
    const auto scalar = [&](const QString &table, const QString &condition,
                            const QVariantList &values, const QString &expr = u"COUNT(*)"_s) {
        Sql::Where where;
        where.addIn("region"_L1, visibleRegions);
        where.clauses.append(condition);
        where.values += values;
        QSqlQuery q(db);
        q.prepare(u"SELECT COALESCE(%1, 0) FROM %2%3"_s.arg(expr, table, where.sql()));
        where.bind(q);
        if (!Sql::run(q, "kpi"_L1) || !q.next())
            return qint64(0);
        return q.value(0).toLongLong();
    };
    const QString open = u"status IN ('new', 'assigned', 'picked_up', 'in_transit')"_s;
    Kpis k;
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    k.openOrders = scalar(u"orders"_s, open, {});
    k.inTransit = scalar(u"orders"_s, u"status IN ('picked_up', 'in_transit')"_s, {});
    k.deliveredToday =
        scalar(u"orders"_s, u"status = 'delivered' AND updated_at >= ?"_s, { today });
    k.late = scalar(u"orders"_s, open + u" AND due_at < ?"_s, { nowText });
    // ISO UTC text with milliseconds compares as the times do.
    k.atRisk = scalar(u"orders"_s,
        open + u" AND due_at >= ? AND (due_at < ? OR (eta_at IS NOT NULL AND eta_at > due_at))"_s,
        { nowText, Sql::isoTime(now.addSecs(qint64(atRiskMinutes) * 60)) });
    k.atRiskMinutes = atRiskMinutes;
    k.asOf = now.toUTC();
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

StoreListing<QJsonObject> KpiRepository::timeline(
    const QStringList &visibleRegions, const QDateTime &now, int intervalSeconds) const
{
    StoreListing<QJsonObject> result;
    const QDateTime midnight(now.toUTC().date(), QTime(0, 0), Qt::UTC);
    const qint64 buckets = midnight.secsTo(now) / intervalSeconds + 1;
    QList<qint64> created(buckets, 0);
    QList<qint64> delivered(buckets, 0);
    const QSqlDatabase db = m_database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    Sql::Where where;
    where.addIn("o.region"_L1, visibleRegions);
    where.add(u"h.ts >= ?"_s, Sql::isoTime(midnight));
    where.clauses.append(
        u"(h.field = 'created' OR (h.field = 'status' AND h.to_value = 'delivered'))"_s);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT h.ts, h.field FROM order_history h JOIN orders o ON o.id = h.order_id%1"_s.arg(
            where.sql()));
    where.bind(q);
    if (!tx.isActive() || !Sql::run(q, "kpi timeline"_L1)) {
        result.error = Sql::storageError(db, u"cannot read the order history"_s);
        return result;
    }
    while (q.next()) {
        const QDateTime ts = Sql::fromIsoTime(q.value(0));
        const qint64 bucket = ts.isValid() ? midnight.secsTo(ts) / intervalSeconds : -1;
        if (bucket < 0 || bucket >= buckets)
            continue;
        (q.value(1).toString() == "created"_L1 ? created : delivered)[bucket] += 1;
    }
    q.finish();
    const auto head = EventLog::readHead(db);
    if (!head || !tx.commit()) {
        result.error = Sql::storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    for (qint64 i = 0; i < buckets; ++i) {
        result.items.append(QJsonObject {
            { "start"_L1, Sql::isoTime(midnight.addSecs(i * intervalSeconds)) },
            { "created"_L1, created.at(i) },
            { "delivered"_L1, delivered.at(i) },
        });
    }
    result.position = *head;
    return result;
}

} // namespace Ops
