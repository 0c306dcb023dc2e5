#pragma once

#include <optional>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>

#include "protocol/driver.h"
#include "protocol/order.h"

namespace Ops {

class TravelTimes;

//! \brief A driver who could take an order, and how long the drive to it is.
struct Candidate
{
    Driver driver;
    int openOrders = 0; //!< open orders the driver has now
    std::optional<double> seconds; //!< to the order's next stop; none without its position
    bool estimate = true; //!< the built-in model's time, not the routing service's

    //! `{driverId, name, region, status, lastSeenAt, openOrders, stop, travelSeconds,
    //! minutesAway, etaAt, estimate}` as of \a now (times null without a position).
    [[nodiscard]] QJsonObject toJson(const QDateTime &now, const QString &stop) const;
};

//! The order's next stop: its pickup while nobody has picked it up (and the pickup position is
//! known), else its drop-off; nullopt when that position is unknown.
[[nodiscard]] std::optional<GeoPoint> nextStopOf(const Order &order, QString *stopName);

//! Ranks \a drivers (offline ones are left out) for \a order by the drive from each one's last
//! position to the order's next stop: quickest first, ties by id. Travel times come from what
//! \a travel knows now (routed legs in its cache, else the built-in model); the legs that are
//! estimates are asked of the routing service in the background, so asking again shortly after
//! gives routed times. Without a stop position every driver is ranked by id, own region first.
[[nodiscard]] QList<Candidate> rankCandidates(const Order &order, const QList<Driver> &drivers,
    const QHash<QString, int> &openOrders, TravelTimes &travel);

} // namespace Ops
