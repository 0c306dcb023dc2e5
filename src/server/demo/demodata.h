#pragma once

//! The demo room: the simulator and the demo data. The only room that knows demo data; the
//! rest of the server treats what it writes like any other client's writes.

#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "core/error.h"
#include "protocol/order.h"

QT_BEGIN_NAMESPACE
class QRandomGenerator;
QT_END_NAMESPACE

namespace Ops {

class Auth;
class Store;

//! \brief The demo city, its users, orders and drivers.
namespace Demo {

//! Four fixed demo users: tokens "demo-dispatcher" (dispatcher, north + east),
//! "demo-manager" (manager, all regions), "demo-viewer" (viewer, all regions) and
//! "demo-driver" (the driver DRV-001's own API).
[[nodiscard]] Auth users();
//! The driver the "demo-driver" token is.
inline constexpr QLatin1StringView DriverUserId { "DRV-001" };

//! The device key of demo driver \a driverId: "demo-" and its id ("demo-DRV-001").
[[nodiscard]] QString deviceKey(const QString &driverId);
//! The demo drivers (ids "DRV-" and digits) of \a store that have their demo device key, by id.
[[nodiscard]] QStringList driversWithDemoKeys(const Store &store);

//! \brief A place of the demo city: what is written on the order, and where it is.
struct Place
{
    QString address;
    GeoPoint at;
};

//! The demo city is London: four regions around real districts (north: Camden, Kentish Town
//! and Islington; south: Brixton, Stockwell and Kennington; east: Whitechapel, Bethnal Green
//! and Mile End; west: Notting Hill and Shepherd's Bush), so positions line up with street
//! tiles. The centre of a region (the middle of its streets); nullopt for another region.
[[nodiscard]] std::optional<GeoPoint> regionCentre(const QString &region);
//! A random point on one of \a region's real streets (within about 60 m of it): where demo
//! drivers start and orders are delivered.
[[nodiscard]] GeoPoint positionNear(const QString &region, QRandomGenerator &rng);
//! A random delivery address on one of \a region's streets, with its position.
[[nodiscard]] Place addressIn(const QString &region, QRandomGenerator &rng);
//! The depot where \a region's orders are picked up (a real street address).
[[nodiscard]] Place depotOf(const QString &region);

//! Inserts \a count deterministic demo orders from \a seed as the initial state (no events),
//! as a working day looks at \a now, whatever the hour: orders created over the past hours,
//! finished ones with their history (creation, steps, delivery: the timeline has a past), open
//! ones due around \a now with a believable share (about a tenth) already late, and real
//! update times (the time of each order's last step). Does nothing if orders exist.
[[nodiscard]] Error seedOrders(
    Store &store, int count, quint32 seed, const QDateTime &now = QDateTime::currentDateTimeUtc());
//! Inserts the deterministic demo drivers from \a seed, each with its demo device (key
//! deviceKey()), and gives every order already past "new" (from seedOrders()) a driver of its
//! region, with its history row; drivers with an open order are en route. If drivers exist it
//! only registers the demo device of each "DRV-nnn" driver that has not got it (a demo database
//! from before devices existed).
[[nodiscard]] Error seedDrivers(
    Store &store, int count, quint32 seed, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace Demo
} // namespace Ops
