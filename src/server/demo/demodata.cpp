#include "demodata.h"

#include <array>

#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include "core/logging.h"
#include "server/domain/auth.h"
#include "server/domain/driverservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops::Demo {
namespace {

const std::array kRegions { u"north"_s, u"south"_s, u"east"_s, u"west"_s };

bool isDemoDriverId(const QString &id)
{
    static const QRegularExpression pattern(u"^DRV-[0-9]+$"_s);
    return pattern.match(id).hasMatch();
}

DriverDevice demoDevice(const QString &driverId, const QDateTime &when)
{
    return DriverService::deviceForKey(deviceKey(driverId), u"demo phone"_s, when);
}

} // namespace

QString deviceKey(const QString &driverId)
{
    return u"demo-"_s + driverId;
}

QStringList driversWithDemoKeys(const Store &store)
{
    QStringList ids;
    for (const Driver &d : store.drivers().list({}).items) {
        if (isDemoDriverId(d.id) && d.deviceByKeyHash(DriverService::keyHash(deviceKey(d.id))))
            ids.append(d.id);
    }
    return ids;
}

Auth users()
{
    Auth auth;
    auth.addUser(User { u"dispatcher"_s, User::Role::Dispatcher, { u"north"_s, u"east"_s } },
        Auth::hashToken(u"demo-dispatcher"));
    auth.addUser(User { u"manager"_s, User::Role::Manager, {} }, Auth::hashToken(u"demo-manager"));
    auth.addUser(User { u"viewer"_s, User::Role::Viewer, {} }, Auth::hashToken(u"demo-viewer"));
    auth.addUser(User { u"driver"_s, User::Role::Driver, {}, QString(DriverUserId) },
        Auth::hashToken(u"demo-driver"));
    return auth;
}

std::optional<GeoPoint> regionCentre(const QString &region)
{
    // Region centres of the demo city.
    static const QHash<QString, GeoPoint> kCentres {
        { u"north"_s, { 51.545, -0.125 } },
        { u"south"_s, { 51.465, -0.110 } },
        { u"east"_s, { 51.515, -0.045 } },
        { u"west"_s, { 51.510, -0.205 } },
    };
    const auto it = kCentres.constFind(region);
    if (it == kCentres.constEnd())
        return std::nullopt;
    return *it;
}

GeoPoint positionNear(const QString &region, QRandomGenerator &rng)
{
    const GeoPoint centre = regionCentre(region).value_or(GeoPoint { 51.51, -0.12 });
    // About 1.6 km by 1.7 km around the centre.
    const double lat = centre.lat + (rng.generateDouble() - 0.5) * 0.03;
    const double lon = centre.lon + (rng.generateDouble() - 0.5) * 0.05;
    return GeoPoint { lat, lon };
}

Error seedOrders(Store &store, int count, quint32 seed)
{
    static const std::array kCustomers { u"Acme Bakery"_s, u"Northwind Traders"_s,
        u"Blue Harbor Café"_s, u"Greenleaf Pharmacy"_s, u"Riverside Florist"_s,
        u"Summit Hardware"_s, u"Maple & Co."_s, u"Corner Books"_s, u"Lumen Electronics"_s,
        u"Fresh Fields Grocer"_s, u"Oak Street Clinic"_s, u"Brightside Dental"_s,
        u"Harbor Fish Market"_s, u"Pioneer Print Shop"_s, u"Silverline Tailors"_s,
        u"Golden Crust Pizza"_s, u"Metro Office Supply"_s, u"Sunrise Daycare"_s };
    static const std::array kDepots { u"North Depot, 12 Ridge Rd"_s, u"South Hub, 4 Quay St"_s,
        u"East Warehouse, 88 Mill Ln"_s, u"West Yard, 230 Canal Ave"_s };
    static const std::array kStreets { u"High St"_s, u"Station Rd"_s, u"Park Ave"_s, u"Church Ln"_s,
        u"Victoria Rd"_s, u"Elm Grove"_s, u"Market Sq"_s, u"Harbour Way"_s, u"Kings Rd"_s,
        u"Meadow Cl"_s };
    // Mostly open work, some done: a believable snapshot of a day.
    static const std::array kStatuses { OrderStatus::New, OrderStatus::New, OrderStatus::New,
        OrderStatus::Assigned, OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
        OrderStatus::InTransit, OrderStatus::Delivered, OrderStatus::Cancelled };

    const qint64 existing = store.orders().count();
    if (existing < 0)
        return Error { ErrorKind::Storage, u"cannot count orders"_s };
    if (existing > 0)
        return {};
    QRandomGenerator rng(seed);
    // Positions come from their own stream, so the other fields of a seed stay as they were.
    QRandomGenerator geo(seed ^ 0x9e0da7a5U);
    // Anchored to the start of today (UTC), so the same seed gives the same day plan.
    const QDateTime dayStart(QDate::currentDate(), QTime(0, 0), Qt::UTC);
    Store::InitialState state;
    for (int i = 1; i <= count; ++i) {
        const int region = int(rng.bounded(quint32(kRegions.size())));
        Order o;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        o.customer = kCustomers[rng.bounded(quint32(kCustomers.size()))];
        o.region = kRegions[size_t(region)];
        o.pickup = kDepots[size_t(region)];
        o.dropoff = u"%1 %2"_s.arg(1 + rng.bounded(200))
                        .arg(kStreets[rng.bounded(quint32(kStreets.size()))]);
        o.status = kStatuses[rng.bounded(quint32(kStatuses.size()))];
        o.amountCents = 500 + qint64(rng.bounded(25000));
        // Due between 07:00 and 21:00, on 5-minute steps.
        o.dueAt = dayStart.addSecs(7 * 3600 + qint64(rng.bounded(14 * 12)) * 300);
        o.updatedAt = dayStart;
        o.version = 1;
        o.dropoffAt = positionNear(o.region, geo);
        state.orders.append(o);
    }
    if (const Error e = store.insertInitialState(state); !e.ok())
        return e;
    qCInfo(lcServerSim) << "seeded" << count << "demo orders";
    return {};
}

Error seedDrivers(Store &store, int count, quint32 seed)
{
    static const std::array kFirst { u"Ava"_s, u"Ben"_s, u"Chloe"_s, u"Dev"_s, u"Elif"_s, u"Finn"_s,
        u"Grace"_s, u"Hugo"_s, u"Ines"_s, u"Jonah"_s, u"Kira"_s, u"Liam"_s, u"Maya"_s, u"Noah"_s,
        u"Omar"_s, u"Priya"_s };
    static const std::array kLast { u"Adams"_s, u"Baker"_s, u"Costa"_s, u"Dumont"_s, u"Evans"_s,
        u"Fischer"_s, u"Garcia"_s, u"Hughes"_s, u"Ivanova"_s, u"Kowalski"_s };

    const StoreListing<Driver> existing = store.drivers().list({});
    if (!existing.error.ok())
        return existing.error;
    if (!existing.items.isEmpty()) {
        Store::InitialState devices;
        for (const Driver &d : existing.items) {
            if (isDemoDriverId(d.id) && !d.deviceByKeyHash(DriverService::keyHash(deviceKey(d.id))))
                devices.driverDevices.append(
                    { d.id, demoDevice(d.id, QDateTime::currentDateTimeUtc()) });
        }
        if (devices.driverDevices.isEmpty())
            return {};
        qCInfo(lcServerSim) << "registering the demo devices of" << devices.driverDevices.size()
                            << "demo drivers";
        return store.insertInitialState(devices);
    }
    const OrderList orders = store.orders().list();
    if (!orders.error.ok())
        return orders.error;
    QRandomGenerator rng(seed ^ 0x5eedd21eU);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QHash<QString, QStringList> online; // region → driver ids
    QHash<QString, QStringList> offline;
    Store::InitialState state;
    for (int i = 1; i <= count; ++i) {
        Driver d;
        d.id = u"DRV-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
        d.name = kFirst[rng.bounded(quint32(kFirst.size()))] + u' '
            + kLast[rng.bounded(quint32(kLast.size()))];
        d.region = kRegions[size_t((i - 1) % int(kRegions.size()))];
        d.status = rng.bounded(10) < 2 ? DriverStatus::Offline : DriverStatus::Idle;
        const GeoPoint at = positionNear(d.region, rng);
        d.lat = at.lat;
        d.lon = at.lon;
        d.lastSeenAt = now;
        d.positionAt = now;
        d.version = 1;
        d.devices = { demoDevice(d.id, now) };
        (d.isOnline() ? online : offline)[d.region].append(d.id);
        state.drivers.append(d);
    }
    // The demo orders already past "new" get a driver of their region (an online one when there
    // is one), and whoever carries a picked-up or in-transit order is en route: the first
    // picture is as consistent as the ones the simulator makes later.
    QSet<QString> carrying;
    for (const Order &order : orders.orders) {
        if (!order.driverId.isEmpty() || order.status == OrderStatus::New
            || order.status == OrderStatus::Cancelled || order.status == OrderStatus::Failed)
            continue;
        const QStringList &pool =
            online.value(order.region).isEmpty() ? offline[order.region] : online[order.region];
        if (pool.isEmpty())
            continue;
        const QString driverId = pool.at(qsizetype(rng.bounded(quint32(pool.size()))));
        state.orderDrivers.append({ order.id, driverId });
        if ((order.status == OrderStatus::PickedUp || order.status == OrderStatus::InTransit)
            && online.value(order.region).contains(driverId))
            carrying.insert(driverId);
    }
    for (Driver &d : state.drivers) {
        if (carrying.contains(d.id))
            d.status = DriverStatus::EnRoute;
    }
    return store.insertInitialState(state);
}

} // namespace Ops::Demo
