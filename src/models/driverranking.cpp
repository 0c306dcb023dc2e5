#include "driverranking.h"

#include <algorithm>

#include "protocol/order.h"

using namespace Qt::StringLiterals;

namespace Ops {

int DriverRanking::presenceRank(DriversTableModel::Presence presence)
{
    switch (presence) {
    case DriversTableModel::Presence::Idle:
        return 0;
    case DriversTableModel::Presence::InTransit:
        return 1;
    case DriversTableModel::Presence::NotResponding:
        return 2;
    case DriversTableModel::Presence::Offline:
        return 3;
    }
    return 4;
}

QList<DriverCandidate> DriverRanking::rank(const Order &order, const DriversTableModel &drivers)
{
    QList<DriverCandidate> candidates;
    for (const QJsonObject &driver : drivers.rows()) {
        const auto presence = drivers.presenceOf(driver);
        const QString id = driver.value("id"_L1).toString();
        if (presence == DriversTableModel::Presence::Offline && id != order.driverId)
            continue;
        candidates.append({ id, driver.value("name"_L1).toString(), presence,
            driver.value("region"_L1).toString() == order.region });
    }
    std::sort(candidates.begin(), candidates.end(),
        [](const DriverCandidate &a, const DriverCandidate &b) {
            if (a.sameRegion != b.sameRegion)
                return a.sameRegion;
            if (presenceRank(a.presence) != presenceRank(b.presence))
                return presenceRank(a.presence) < presenceRank(b.presence);
            return QString::localeAwareCompare(a.name, b.name) < 0;
        });
    return candidates;
}

} // namespace Ops
