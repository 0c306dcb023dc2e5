#include "nextstops.h"

#include <algorithm>
#include <tuple>

#include <QHash>

namespace Ops {
namespace {

bool onBoard(OrderStatus status)
{
    return status == OrderStatus::PickedUp || status == OrderStatus::InTransit;
}

//! Smaller is sooner.
auto rank(const Order &o)
{
    const qint64 never = std::numeric_limits<qint64>::max();
    return std::make_tuple(onBoard(o.status) ? 0 : 1,
        o.etaAt.isValid() ? o.etaAt.toMSecsSinceEpoch() : never,
        o.dueAt.isValid() ? o.dueAt.toMSecsSinceEpoch() : never, o.id);
}

} // namespace

QList<NextStop> nextStops(const QList<Order> &orders)
{
    QHash<QString, const Order *> next;
    for (const Order &o : orders) {
        if (o.driverId.isEmpty() || isFinal(o.status))
            continue;
        const bool toPickup = !onBoard(o.status) && o.pickupAt.has_value();
        if (!toPickup && !o.dropoffAt)
            continue; // nowhere to draw a line to
        const Order *&best = next[o.driverId];
        if (!best || rank(o) < rank(*best))
            best = &o;
    }
    QList<NextStop> stops;
    stops.reserve(next.size());
    for (const Order *o : std::as_const(next)) {
        NextStop s;
        s.driverId = o->driverId;
        s.orderId = o->id;
        s.pickup = !onBoard(o->status) && o->pickupAt.has_value();
        s.stop = s.pickup ? *o->pickupAt : *o->dropoffAt;
        if (s.pickup)
            s.then = o->dropoffAt;
        s.etaAt = o->etaAt;
        s.etaEstimate = o->etaEstimate;
        stops.append(s);
    }
    std::sort(stops.begin(), stops.end(),
        [](const NextStop &a, const NextStop &b) { return a.driverId < b.driverId; });
    return stops;
}

} // namespace Ops
