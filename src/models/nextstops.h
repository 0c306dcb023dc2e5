#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>

#include "protocol/order.h"

namespace Ops {

//! \brief Where a driver goes next, for the map's ETA line: the pickup of an order not collected
//! yet (and the drop-off after it), or the drop-off of one on board.
struct NextStop
{
    QString driverId;
    QString orderId;
    GeoPoint stop;
    bool pickup = false; //!< stop is the order's pickup; then the drop-off follows (if known)
    std::optional<GeoPoint> then; //!< the drop-off after a pickup
    QDateTime etaAt; //!< the server's arrival at the drop-off (invalid: none)
    bool etaEstimate = false;

    friend bool operator==(const NextStop &, const NextStop &) = default;
};

//! One NextStop per driver with an open order that has somewhere to go, by driver id.
//!
//! A driver's next order is the one on board (picked up, in transit) before one still to
//! collect (new, assigned), then the earliest ETA, then the earliest due time, then the id. Its
//! stop is the pickup while it is new or assigned and its pickup position is known, else the
//! drop-off; an order without a drop-off position goes to its pickup only (or nowhere).
[[nodiscard]] QList<NextStop> nextStops(const QList<Order> &orders);

} // namespace Ops
