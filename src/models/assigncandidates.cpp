#include "assigncandidates.h"

#include <QJsonObject>

#include "driverranking.h"
#include "keys/querykeys.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The drivers list's row for \a id; null when the list does not have it.
const QJsonObject *driverRow(const DriversTableModel &drivers, const QString &id)
{
    const int row = drivers.rowOf(id);
    return row >= 0 ? &drivers.rows().at(row) : nullptr;
}

bool isDeactivated(const QJsonObject *row)
{
    return row && row->value("active"_L1) == QJsonValue(false);
}

} // namespace

AssignCandidates::AssignCandidates(
    QueryClient *client, const DriversTableModel *drivers, Order order, QObject *parent)
    : QObject(parent)
    , m_drivers(drivers)
    , m_order(std::move(order))
{
    if (!client)
        return;
    m_observer = std::make_unique<QueryObserver>(client, queryOptions(m_order.id));
    connect(m_observer.get(), &QueryObserver::resultChanged, this, &AssignCandidates::onResult);
    onResult();
}

AssignCandidates::~AssignCandidates() = default;

QueryOptions AssignCandidates::queryOptions(const QString &orderId)
{
    QueryOptions options(QueryKeys::orderCandidates(orderId));
    options.staleTime = std::chrono::milliseconds(0);
    options.gcTime = std::chrono::seconds(30);
    RetryPolicy once;
    once.retries = 0;
    options.retry = once;
    return options;
}

bool AssignCandidates::isLoading() const
{
    return m_observer && m_source == Source::Ranking && m_error.isEmpty();
}

QList<AssignChoice> AssignCandidates::choices() const
{
    return m_source == Source::ByTime ? byTime(m_candidates, m_order, *m_drivers)
                                      : ranked(m_order, *m_drivers);
}

void AssignCandidates::onResult()
{
    const QueryResult result = m_observer->result();
    const Source before = m_source;
    const QString errorBefore = m_error;
    const QJsonArray candidatesBefore = m_candidates;
    if (result.data.isArray()) {
        m_candidates = result.data.toArray();
        m_source = Source::ByTime;
        m_error.clear();
    } else if (result.isError()) {
        m_source = Source::Ranking;
        m_error = result.error.message.isEmpty() ? tr("no answer") : result.error.message;
    }
    if (m_source != before || m_error != errorBefore || m_candidates != candidatesBefore)
        Q_EMIT changed();
}

QList<AssignChoice> AssignCandidates::ranked(const Order &order, const DriversTableModel &drivers)
{
    QList<AssignChoice> choices;
    for (const DriverCandidate &c : DriverRanking::rank(order, drivers)) {
        if (isDeactivated(driverRow(drivers, c.id)))
            continue;
        choices.append({ c.id, c.name, c.presence, c.sameRegion, std::nullopt, false,
            c.id == order.driverId });
    }
    return choices;
}

QList<AssignChoice> AssignCandidates::byTime(
    const QJsonArray &candidates, const Order &order, const DriversTableModel &drivers)
{
    QList<AssignChoice> choices;
    bool hasCurrent = false;
    for (const QJsonValue &value : candidates) {
        const QJsonObject c = value.toObject();
        const QString id = c.value("driverId"_L1).toString();
        const QJsonObject *row = driverRow(drivers, id);
        if (id.isEmpty() || isDeactivated(row) || c.value("active"_L1) == QJsonValue(false))
            continue;
        AssignChoice choice;
        choice.id = id;
        choice.name = c.value("name"_L1).toString();
        if (choice.name.isEmpty() && row)
            choice.name = row->value("name"_L1).toString();
        // The drivers list judges silence against the clock; the answer only has a status.
        choice.presence = row ? drivers.presenceOf(*row)
            : c.value("status"_L1).toString() == "en_route"_L1
            ? DriversTableModel::Presence::InTransit
            : DriversTableModel::Presence::Idle;
        choice.sameRegion = c.value("region"_L1).toString() == order.region;
        if (const QJsonValue minutes = c.value("minutesAway"_L1); minutes.isDouble())
            choice.minutesAway = minutes.toInt();
        choice.estimate = choice.minutesAway && c.value("estimate"_L1).toBool();
        choice.current = id == order.driverId;
        hasCurrent = hasCurrent || choice.current;
        choices.append(choice);
    }
    if (!hasCurrent && !order.driverId.isEmpty()) {
        const QJsonObject *row = driverRow(drivers, order.driverId);
        AssignChoice current;
        current.id = order.driverId;
        current.name = row ? row->value("name"_L1).toString() : QString();
        current.presence = row ? drivers.presenceOf(*row) : DriversTableModel::Presence::Offline;
        current.sameRegion = row && row->value("region"_L1).toString() == order.region;
        current.current = true;
        choices.append(current);
    }
    return choices;
}

} // namespace Ops
