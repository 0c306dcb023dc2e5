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

//! \brief A real street of a demo region, and a point on it.
struct Street
{
    const char16_t *name;
    double lat;
    double lon;
};

//! Ten real streets per region, each with a point on it (WGS 84).
const QHash<QString, std::array<Street, 10>> &streets()
{
    static const QHash<QString, std::array<Street, 10>> kStreets {
        { u"north"_s,
            { { { u"Camden High St", 51.5390, -0.1426 }, { u"Kentish Town Rd", 51.5463, -0.1410 },
                { u"Caledonian Rd", 51.5440, -0.1180 }, { u"Holloway Rd", 51.5530, -0.1130 },
                { u"Upper St", 51.5390, -0.1030 }, { u"York Way", 51.5420, -0.1240 },
                { u"Fortess Rd", 51.5530, -0.1390 }, { u"Liverpool Rd", 51.5420, -0.1080 },
                { u"Pancras Way", 51.5380, -0.1320 }, { u"Agar Grove", 51.5425, -0.1300 } } } },
        { u"south"_s,
            { { { u"Brixton Rd", 51.4690, -0.1130 }, { u"Coldharbour Ln", 51.4620, -0.1050 },
                { u"Clapham Rd", 51.4760, -0.1240 }, { u"Acre Ln", 51.4600, -0.1240 },
                { u"Kennington Park Rd", 51.4830, -0.1080 }, { u"Stockwell Rd", 51.4680, -0.1200 },
                { u"Railton Rd", 51.4595, -0.1080 }, { u"Camberwell New Rd", 51.4780, -0.1040 },
                { u"Loughborough Rd", 51.4680, -0.1030 }, { u"Effra Rd", 51.4580, -0.1120 } } } },
        { u"east"_s,
            { { { u"Whitechapel Rd", 51.5185, -0.0620 }, { u"Commercial Rd", 51.5140, -0.0550 },
                { u"Mile End Rd", 51.5220, -0.0430 }, { u"Bethnal Green Rd", 51.5260, -0.0640 },
                { u"Cambridge Heath Rd", 51.5270, -0.0560 }, { u"Roman Rd", 51.5290, -0.0390 },
                { u"Burdett Rd", 51.5150, -0.0310 }, { u"Cable St", 51.5110, -0.0550 },
                { u"Globe Rd", 51.5250, -0.0480 }, { u"Brick Ln", 51.5220, -0.0717 } } } },
        { u"west"_s,
            { { { u"Portobello Rd", 51.5160, -0.2050 }, { u"Westbourne Grove", 51.5150, -0.1960 },
                { u"Holland Park Ave", 51.5070, -0.2060 }, { u"Uxbridge Rd", 51.5060, -0.2300 },
                { u"Ladbroke Grove", 51.5180, -0.2100 }, { u"Pembridge Rd", 51.5100, -0.1980 },
                { u"Kensington Church St", 51.5060, -0.1940 },
                { u"Shepherds Bush Rd", 51.4990, -0.2240 }, { u"Golborne Rd", 51.5230, -0.2080 },
                { u"Queensway", 51.5120, -0.1880 } } } },
    };
    return kStreets;
}

//! Where each region's orders are collected.
const QHash<QString, Place> &depots()
{
    static const QHash<QString, Place> kDepots {
        { u"north"_s, { u"North Depot, 30 York Way, N7"_s, { 51.5460, -0.1238 } } },
        { u"south"_s, { u"South Hub, 10 Acre Ln, SW2"_s, { 51.4605, -0.1190 } } },
        { u"east"_s, { u"East Warehouse, 300 Commercial Rd, E1"_s, { 51.5135, -0.0500 } } },
        { u"west"_s, { u"West Yard, 80 Wood Ln, W12"_s, { 51.5120, -0.2245 } } },
    };
    return kDepots;
}

//! A random time between \a fromMinutes and \a toMinutes, in seconds.
qint64 minutes(QRandomGenerator &rng, int fromMinutes, int toMinutes)
{
    return qint64(fromMinutes) * 60 + qint64(rng.bounded((toMinutes - fromMinutes) * 60 + 1));
}

//! \brief When an order was created, each status it went through, and its due time.
struct Day
{
    QDateTime created;
    QList<std::pair<OrderStatus, QDateTime>> steps; //!< after creation, in order
    QDateTime due;
};

//! The past of an order that is in \a status at \a now: finished ones over the past seven hours
//! (delivered ones mostly on time), open ones started recently, about a tenth of them late.
Day dayOf(OrderStatus status, const QDateTime &now, QRandomGenerator &rng)
{
    Day day;
    const auto at = [](const QDateTime &from, qint64 seconds, double fraction) {
        return from.addSecs(qint64(double(seconds) * fraction));
    };
    if (isFinal(status)) {
        const QDateTime finished = now.addSecs(-minutes(rng, 2, 420));
        const qint64 took =
            status == OrderStatus::Delivered ? minutes(rng, 20, 90) : minutes(rng, 5, 40);
        day.created = finished.addSecs(-took);
        day.due = day.created.addSecs(minutes(rng, 40, 150));
        if (status == OrderStatus::Delivered) {
            day.steps = { { OrderStatus::Assigned, at(day.created, took, 0.15) },
                { OrderStatus::PickedUp, at(day.created, took, 0.45) },
                { OrderStatus::InTransit, at(day.created, took, 0.5) },
                { OrderStatus::Delivered, finished } };
        } else {
            // Cancelled or failed before anybody took it (they have no driver).
            day.steps = { { status, finished } };
        }
        return day;
    }
    // How long ago it was created, and how many in a hundred of its kind are late by now.
    struct Open
    {
        int youngest;
        int oldest;
        quint32 latePercent;
    };
    const Open open = status == OrderStatus::New ? Open { 1, 30, 6 }
        : status == OrderStatus::Assigned        ? Open { 5, 50, 8 }
        : status == OrderStatus::PickedUp        ? Open { 15, 70, 10 }
                                                 : Open { 20, 90, 12 };
    const qint64 age = minutes(rng, open.youngest, open.oldest);
    day.created = now.addSecs(-age);
    QDateTime last = day.created;
    for (const OrderStatus step :
        { OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit }) {
        if (int(step) > int(status))
            break;
        const double fraction = step == OrderStatus::Assigned ? 0.2 + 0.3 * rng.generateDouble()
            : step == OrderStatus::PickedUp                   ? 0.3 + 0.4 * rng.generateDouble()
                                                              : 0.05 + 0.25 * rng.generateDouble();
        last = at(last, last.secsTo(now), fraction);
        day.steps.append({ step, last });
    }
    // Late: due a little before now (at least 20 minutes after it was created).
    const bool late = age >= 25 * 60 && rng.bounded(100u) < open.latePercent;
    day.due = late ? now.addSecs(-minutes(rng, 1, int(qMin<qint64>(20, age / 60 - 20))))
                   : now.addSecs(minutes(rng, 5, 150));
    return day;
}

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
    const auto it = streets().constFind(region);
    if (it == streets().constEnd())
        return std::nullopt;
    double minLat = 90, maxLat = -90, minLon = 180, maxLon = -180;
    for (const Street &street : *it) {
        minLat = qMin(minLat, street.lat);
        maxLat = qMax(maxLat, street.lat);
        minLon = qMin(minLon, street.lon);
        maxLon = qMax(maxLon, street.lon);
    }
    return GeoPoint { (minLat + maxLat) / 2, (minLon + maxLon) / 2 };
}

Place addressIn(const QString &region, QRandomGenerator &rng)
{
    const auto it = streets().constFind(region);
    const int number = 1 + int(rng.bounded(200));
    if (it == streets().constEnd()) {
        // Not a demo region: somewhere in central London.
        return Place { u"%1 Oxford St"_s.arg(number), GeoPoint { 51.5154, -0.1420 } };
    }
    const Street &street = it->at(rng.bounded(quint32(it->size())));
    // Along the street, within about 60 m of its point.
    const double lat = street.lat + (rng.generateDouble() - 0.5) * 0.0011;
    const double lon = street.lon + (rng.generateDouble() - 0.5) * 0.0017;
    return Place { u"%1 %2"_s.arg(number).arg(QStringView(street.name)), GeoPoint { lat, lon } };
}

GeoPoint positionNear(const QString &region, QRandomGenerator &rng)
{
    return addressIn(region, rng).at;
}

Place depotOf(const QString &region)
{
    return depots().value(
        region, Place { u"Central Depot, 1 Oxford St, W1"_s, { 51.5154, -0.1420 } });
}

Error seedOrders(Store &store, int count, quint32 seed, const QDateTime &now)
{
    static const std::array kCustomers { u"Acme Bakery"_s, u"Northwind Traders"_s,
        u"Blue Harbor Café"_s, u"Greenleaf Pharmacy"_s, u"Riverside Florist"_s,
        u"Summit Hardware"_s, u"Maple & Co."_s, u"Corner Books"_s, u"Lumen Electronics"_s,
        u"Fresh Fields Grocer"_s, u"Oak Street Clinic"_s, u"Brightside Dental"_s,
        u"Harbor Fish Market"_s, u"Pioneer Print Shop"_s, u"Silverline Tailors"_s,
        u"Golden Crust Pizza"_s, u"Metro Office Supply"_s, u"Sunrise Daycare"_s };
    // A day in progress: three in five orders open, most of the rest delivered.
    static const std::array kStatuses { OrderStatus::New, OrderStatus::New, OrderStatus::New,
        OrderStatus::New, OrderStatus::New, OrderStatus::Assigned, OrderStatus::Assigned,
        OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
        OrderStatus::InTransit, OrderStatus::InTransit, OrderStatus::Delivered,
        OrderStatus::Delivered, OrderStatus::Delivered, OrderStatus::Delivered,
        OrderStatus::Delivered, OrderStatus::Delivered, OrderStatus::Cancelled,
        OrderStatus::Failed };
    static const QString kActor = u"demo"_s;

    const qint64 existing = store.orders().count();
    if (existing < 0)
        return Error { ErrorKind::Storage, u"cannot count orders"_s };
    if (existing > 0)
        return {};
    QRandomGenerator rng(seed);
    // Places and times come from streams of their own, so one never shifts the other.
    QRandomGenerator geo(seed ^ 0x9e0da7a5U);
    QRandomGenerator clock(seed ^ 0x7e11da75U);
    // Whole seconds: the day reads the same whatever the milliseconds of the start.
    const QDateTime at = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
    Store::InitialState state;
    for (int i = 1; i <= count; ++i) {
        const int region = int(rng.bounded(quint32(kRegions.size())));
        Order o;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        o.customer = kCustomers[rng.bounded(quint32(kCustomers.size()))];
        o.region = kRegions[size_t(region)];
        const Place depot = depotOf(o.region);
        o.pickup = depot.address;
        o.pickupAt = depot.at;
        const Place address = addressIn(o.region, geo);
        o.dropoff = address.address;
        o.dropoffAt = address.at;
        o.status = kStatuses[rng.bounded(quint32(kStatuses.size()))];
        o.amountCents = 500 + qint64(rng.bounded(25000));
        const Day day = dayOf(o.status, at, clock);
        o.dueAt = day.due;
        o.updatedAt = day.steps.isEmpty() ? day.created : day.steps.constLast().second;
        o.version = 1;
        state.orders.append(o);
        state.history.append(
            OrderHistoryEntry { 0, o.id, kActor, u"created"_s, {}, u"new"_s, day.created, {} });
        OrderStatus from = OrderStatus::New;
        for (const auto &[to, when] : day.steps) {
            state.history.append(OrderHistoryEntry {
                0, o.id, kActor, u"status"_s, toString(from), toString(to), when, {} });
            from = to;
        }
    }
    if (const Error e = store.insertInitialState(state); !e.ok())
        return e;
    qCInfo(lcServerSim) << "seeded" << count << "demo orders as of" << at.toString(Qt::ISODate);
    return {};
}

Error seedDrivers(Store &store, int count, quint32 seed, const QDateTime &now)
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
                devices.driverDevices.append({ d.id, demoDevice(d.id, now) });
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
    // The demo orders already past "new" get a driver of its region (an online one when there
    // is one), from the time they were assigned, and whoever has an open order is en route:
    // the first picture is as consistent as the ones the simulator makes later.
    QSet<QString> busy;
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
        for (const OrderHistoryEntry &h : store.orders().history(order.id)) {
            if (h.field == "status"_L1 && h.to == "assigned"_L1)
                state.history.append(OrderHistoryEntry {
                    0, order.id, h.actor, u"driver"_s, {}, driverId, h.ts, {} });
        }
        if (!isFinal(order.status) && online.value(order.region).contains(driverId))
            busy.insert(driverId);
    }
    for (Driver &d : state.drivers) {
        if (busy.contains(d.id))
            d.status = DriverStatus::EnRoute;
    }
    return store.insertInitialState(state);
}

} // namespace Ops::Demo
