#pragma once

//! The demo room: the simulator and the demo data. The only room that knows demo data; the
//! rest of the server treats what it writes like any other client's writes.

#include <optional>

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

//! The centre of a demo region (north, south, east, west); nullopt for another region.
[[nodiscard]] std::optional<GeoPoint> regionCentre(const QString &region);
//! A random position within about a kilometre of \a region's centre (drivers and drop-offs
//! of the demo).
[[nodiscard]] GeoPoint positionNear(const QString &region, QRandomGenerator &rng);

//! Inserts \a count deterministic demo orders from \a seed as the initial state (no events).
//! Does nothing if orders exist.
[[nodiscard]] Error seedOrders(Store &store, int count, quint32 seed);
//! Inserts the deterministic demo drivers from \a seed, each with its demo device (key
//! deviceKey()), and gives every order already past "new" (from seedOrders()) a driver of its
//! region; drivers carrying a picked-up or in-transit order are en route. If drivers exist it
//! only registers the demo device of each "DRV-nnn" driver that has not got it (a demo database
//! from before devices existed).
[[nodiscard]] Error seedDrivers(Store &store, int count, quint32 seed);

} // namespace Demo
} // namespace Ops
