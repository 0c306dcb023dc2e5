#include "candidates.h"

#include <algorithm>
#include <cmath>

#include "traveltimes.h"

using namespace Qt::StringLiterals;

namespace Ops {

QJsonObject Candidate::toJson(const QDateTime &now, const QString &stop) const
{
    QJsonObject json {
        { "driverId"_L1, driver.id },
        { "name"_L1, driver.name },
        { "region"_L1, driver.region },
        { "status"_L1, toString(driver.status) },
        { "lastSeenAt"_L1, driver.lastSeenAt.toUTC().toString(Qt::ISODateWithMs) },
        { "openOrders"_L1, openOrders },
        { "stop"_L1, stop },
        { "travelSeconds"_L1, QJsonValue(QJsonValue::Null) },
        { "minutesAway"_L1, QJsonValue(QJsonValue::Null) },
        { "etaAt"_L1, QJsonValue(QJsonValue::Null) },
        { "estimate"_L1, QJsonValue(QJsonValue::Null) },
    };
    if (seconds) {
        const qint64 whole = std::llround(*seconds);
        json.insert("travelSeconds"_L1, whole);
        // "6 min away": whole minutes, rounded; under half a minute is "0 min" (here).
        json.insert("minutesAway"_L1, (whole + 30) / 60);
        json.insert("etaAt"_L1, now.addSecs(whole).toUTC().toString(Qt::ISODateWithMs));
        json.insert("estimate"_L1, estimate);
    }
    return json;
}

std::optional<GeoPoint> nextStopOf(const Order &order, QString *stopName)
{
    const bool collected =
        order.status != OrderStatus::New && order.status != OrderStatus::Assigned;
    if (!collected && order.pickupAt) {
        *stopName = u"pickup"_s;
        return order.pickupAt;
    }
    *stopName = u"dropoff"_s;
    return order.dropoffAt;
}

QList<Candidate> rankCandidates(const Order &order, const QList<Driver> &drivers,
    const QHash<QString, int> &openOrders, TravelTimes &travel)
{
    QString stopName;
    const auto stop = nextStopOf(order, &stopName);
    QList<Candidate> candidates;
    QList<Leg> legs;
    for (const Driver &driver : drivers) {
        if (!driver.isOnline())
            continue;
        candidates.append(Candidate { driver, openOrders.value(driver.id), std::nullopt, true });
        if (stop)
            legs.append(Leg { GeoPoint { driver.lat, driver.lon }, *stop, order.region });
    }
    if (stop) {
        const QList<LegTime> times = travel.known(legs);
        bool estimated = false;
        for (qsizetype i = 0; i < candidates.size(); ++i) {
            candidates[i].seconds = times.at(i).seconds;
            candidates[i].estimate = times.at(i).estimate;
            estimated = estimated || times.at(i).estimate;
        }
        if (estimated)
            travel.prefetch(legs);
        std::stable_sort(
            candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
                if (*a.seconds != *b.seconds)
                    return *a.seconds < *b.seconds;
                return a.driver.id < b.driver.id;
            });
    } else {
        std::stable_sort(
            candidates.begin(), candidates.end(), [&order](const Candidate &a, const Candidate &b) {
                const bool ownA = a.driver.region == order.region;
                const bool ownB = b.driver.region == order.region;
                if (ownA != ownB)
                    return ownA;
                return a.driver.id < b.driver.id;
            });
    }
    return candidates;
}

} // namespace Ops
