#include "drivertrail.h"

#include <QJsonArray>
#include <QJsonObject>

#include "core/logging.h"
#include "keys/querykeys.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverTrail::DriverTrail(QueryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

DriverTrail::~DriverTrail() = default;

void DriverTrail::setDriverId(const QString &driverId)
{
    if (driverId == m_driverId)
        return;
    m_driverId = driverId;
    m_observer.reset();
    const bool hadPoints = !m_points.isEmpty();
    m_points.clear();
    m_truncated = false;
    m_skipped = 0;
    if (!driverId.isEmpty()) {
        m_observer = std::make_unique<QueryObserver>(m_client, QueryKeys::driverTrail(driverId));
        connect(m_observer.get(), &QueryObserver::resultChanged, this, &DriverTrail::onResult);
        onResult(); // cached already: at once
    }
    if (hadPoints && m_points.isEmpty())
        Q_EMIT changed();
}

void DriverTrail::onResult()
{
    const QJsonValue data = m_observer->data();
    if (!data.isObject())
        return;
    const QJsonObject body = data.toObject();
    if (body.value("driverId"_L1).toString() != m_driverId)
        return;
    QList<TrailPoint> points;
    int skipped = 0;
    const QJsonArray rows = body.value("points"_L1).toArray();
    points.reserve(rows.size());
    for (const QJsonValue &row : rows) {
        QString error;
        if (auto point = TrailPoint::fromJson(row.toObject(), &error)) {
            points.append(std::move(*point));
        } else {
            ++skipped;
            qCDebug(lcModels) << "trail point of" << m_driverId << "skipped:" << error;
        }
    }
    const bool truncated = body.value("truncated"_L1).toBool();
    if (points == m_points && truncated == m_truncated && skipped == m_skipped)
        return;
    m_points = std::move(points);
    m_truncated = truncated;
    m_skipped = skipped;
    Q_EMIT changed();
}

} // namespace Ops
