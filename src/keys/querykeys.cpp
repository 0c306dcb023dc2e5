#include "querykeys.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ops::QueryKeys {

QueryKey orders()
{
    return QueryKey { u"orders"_s };
}

QueryKey order(const QString &id)
{
    return QueryKey { u"orders"_s, id };
}

QueryKey orderHistory(const QString &id)
{
    return QueryKey { u"orders"_s, id, u"history"_s };
}

QueryKey orderCandidates(const QString &id)
{
    return QueryKey { u"orders"_s, id, u"candidates"_s };
}

QueryKey drivers()
{
    return QueryKey { u"drivers"_s };
}

QueryKey driver(const QString &id)
{
    return QueryKey { u"drivers"_s, id };
}

QueryKey driverHistory(const QString &id)
{
    return QueryKey { u"drivers"_s, id, u"history"_s };
}

QueryKey driverTrail(const QString &id)
{
    return QueryKey { u"drivers"_s, id, u"trail"_s };
}

QueryKey kpis()
{
    return QueryKey { u"kpis"_s };
}

QueryKey kpiTimeline(const QString &interval)
{
    return QueryKey { u"kpis"_s, u"timeline"_s, QJsonObject { { "interval"_L1, interval } } };
}

QueryKey events()
{
    return QueryKey { u"events"_s };
}

QueryKey recentEvents(int limit)
{
    // A string, as the query string carries it: the cache key equals the one a URL would give.
    return QueryKey { u"events"_s, QJsonObject { { "limit"_L1, QString::number(limit) } } };
}

QueryKey alerts()
{
    return QueryKey { u"alerts"_s };
}

QueryKey alertInbox()
{
    return QueryKey { u"alerts"_s, QJsonObject { { "status"_L1, u"open,acknowledged"_s } } };
}

QueryKey alertRules()
{
    return QueryKey { u"alert-rules"_s };
}

QueryKey payments()
{
    return QueryKey { u"payments"_s };
}

QueryKey paymentsOf(const QString &orderId)
{
    return QueryKey { u"payments"_s, QJsonObject { { "orderId"_L1, orderId } } };
}

QList<QueryKey> all(const QString &id)
{
    return { orders(), order(id), orderHistory(id), orderCandidates(id), drivers(), driver(id),
        driverHistory(id), driverTrail(id), kpis(), kpiTimeline(), recentEvents(), alertInbox(),
        alertRules(), paymentsOf(id) };
}

} // namespace Ops::QueryKeys
