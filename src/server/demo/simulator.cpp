#include "simulator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QSet>

#include "core/logging.h"
#include "demodata.h"
#include "server/domain/orderservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kActor = u"simulator"_s;

std::optional<OrderStatus> nextStatus(OrderStatus status)
{
    switch (status) {
    case OrderStatus::New:
        return OrderStatus::Assigned;
    case OrderStatus::Assigned:
        return OrderStatus::PickedUp;
    case OrderStatus::PickedUp:
        return OrderStatus::InTransit;
    case OrderStatus::InTransit:
        return OrderStatus::Delivered;
    default:
        return std::nullopt;
    }
}

//! Someone else changed or removed the row: the view is out of date.
bool isStale(const Error &error)
{
    return error.kind == ErrorKind::Conflict || error.kind == ErrorKind::NotFound
        || error.kind == ErrorKind::BadRequest;
}

} // namespace

Simulator::Simulator(Store &store, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_rng(seed)
{
    // A 2 ms interval must not be rounded to the coarse timer's 5 % slack; late wake-ups are
    // made up by catchUp() anyway.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const auto elapsed = std::chrono::nanoseconds(m_wakeClock.nsecsElapsed());
        m_wakeClock.restart();
        catchUp(elapsed);
        Q_EMIT ticked();
    });
}

void Simulator::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max(interval, std::chrono::milliseconds(1));
    m_timer.setInterval(m_interval);
}

void Simulator::start()
{
    m_owed = std::chrono::nanoseconds(0);
    m_wakeClock.start();
    m_timer.start();
}

int Simulator::catchUp(std::chrono::nanoseconds elapsed)
{
    m_owed += std::max(elapsed, std::chrono::nanoseconds(0));
    const auto interval = std::chrono::nanoseconds(m_interval);
    qint64 due = m_owed / interval;
    if (due > MaxCatchUp) {
        // Far behind (a stall, a suspended process): run a burst, forget the rest.
        qCDebug(lcServerSim) << "behind by" << due << "ticks; running" << MaxCatchUp;
        due = MaxCatchUp;
        m_owed = std::chrono::nanoseconds(0);
    } else {
        m_owed -= due * interval;
    }
    for (qint64 i = 0; i < due; ++i)
        tick();
    return int(due);
}

bool Simulator::tick()
{
    if (!ensureLoaded())
        return false;
    moveDrivers();
    if (m_rng.bounded(100) < 10)
        return createRandomOrder();
    if (advanceRandomOrder())
        return true;
    // Nothing open at all: make work. (Orders that wait for a driver do not count: creating
    // more of them would only lengthen the queue.)
    return m_open.isEmpty() && createRandomOrder();
}

bool Simulator::ensureLoaded()
{
    if (m_loaded && m_sinceLoad.isValid()
        && m_sinceLoad.elapsed() < std::chrono::milliseconds(ReloadInterval).count())
        return true;
    OrderQuery query;
    query.statuses = { toString(OrderStatus::New), toString(OrderStatus::Assigned),
        toString(OrderStatus::PickedUp), toString(OrderStatus::InTransit) };
    const OrderList orders = m_store.orders().query(query);
    const StoreListing<Driver> drivers = m_store.drivers().list({});
    if (!orders.error.ok() || !drivers.error.ok()) {
        qCWarning(lcServerSim) << "cannot read the state:"
                               << (orders.error.ok() ? drivers.error.message
                                                     : orders.error.message);
        m_loaded = false;
        return false;
    }
    m_open.clear();
    m_open.reserve(orders.orders.size());
    for (const Order &o : orders.orders) // sorted by id
        m_open.append(OpenOrder { o.id, o.status, o.version, o.region, o.driverId, o.dropoffAt });
    m_drivers = drivers.items; // sorted by id
    m_loaded = true;
    m_sinceLoad.start();
    return true;
}

qsizetype Simulator::driverIndex(const QString &id) const
{
    const auto it = std::lower_bound(m_drivers.cbegin(), m_drivers.cend(), id,
        [](const Driver &d, const QString &key) { return d.id < key; });
    return it != m_drivers.cend() && it->id == id ? qsizetype(it - m_drivers.cbegin()) : -1;
}

qsizetype Simulator::pickDriver(const QString &region, DriverStatus status)
{
    QList<qsizetype> candidates;
    for (qsizetype i = 0; i < m_drivers.size(); ++i) {
        const Driver &d = m_drivers.at(i);
        if (d.region == region && d.status == status && !m_silentTicks.contains(d.id))
            candidates.append(i);
    }
    if (candidates.isEmpty())
        return -1;
    return candidates.at(qsizetype(m_rng.bounded(quint32(candidates.size()))));
}

void Simulator::writeDriver(qsizetype index, const Driver &driver)
{
    const StoreWrite<Driver> result = m_store.drivers().updateLive(driver, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not update" << driver.id << result.error.message;
        if (isStale(result.error))
            reload();
        return;
    }
    m_drivers[index] = *result.item;
}

std::optional<GeoPoint> Simulator::destinationOf(const QString &driverId) const
{
    for (const OpenOrder &o : m_open) {
        if (o.driverId == driverId
            && (o.status == OrderStatus::PickedUp || o.status == OrderStatus::InTransit))
            return o.dropoffAt;
    }
    return std::nullopt;
}

void Simulator::moveDrivers()
{
    for (auto it = m_silentTicks.begin(); it != m_silentTicks.end();) {
        if (--it.value() <= 0)
            it = m_silentTicks.erase(it);
        else
            ++it;
    }
    if (m_drivers.isEmpty())
        return;
    // The tick's moves go to the store as one batch (one commit). The view takes each move at
    // once, so a driver picked twice moves on from where the first move left it.
    QList<Driver> batch;
    QList<qsizetype> indices;
    const int moves = 1 + int(m_rng.bounded(3));
    for (int i = 0; i < moves; ++i) {
        const auto index = qsizetype(m_rng.bounded(quint32(m_drivers.size())));
        Driver driver = m_drivers.at(index);
        if (m_silentTicks.contains(driver.id))
            continue;
        const quint32 roll = m_rng.bounded(1000);
        if (roll < 3 && driver.isOnline()) {
            // Falls silent: no reports for a while, long enough to look unresponsive.
            m_silentTicks.insert(driver.id, 400 + int(m_rng.bounded(400)));
            continue;
        }
        if (roll < 8)
            driver.status = driver.isOnline() ? DriverStatus::Offline : DriverStatus::Idle;
        else if (roll < 12 && driver.status == DriverStatus::Idle)
            driver.status = DriverStatus::OnBreak;
        else if (roll < 20 && driver.status == DriverStatus::OnBreak)
            driver.status = DriverStatus::Idle;
        if (driver.isOnline()) {
            // A small step: about 50 to 100 m, faster when driving.
            const double step = driver.status == DriverStatus::EnRoute ? 0.0012 : 0.0004;
            const double dLat = (m_rng.generateDouble() - 0.5) * step;
            const double dLon = (m_rng.generateDouble() - 0.5) * step * 1.6;
            const auto target =
                driver.status == DriverStatus::EnRoute ? destinationOf(driver.id) : std::nullopt;
            if (target) {
                // Carrying an order: straight toward its drop-off (a degree of longitude is
                // about 1/1.6 of a degree of latitude here), arriving rather than overshooting.
                const double toLat = target->lat - driver.lat;
                const double toLon = (target->lon - driver.lon) / 1.6;
                const double distance = std::hypot(toLat, toLon);
                const double fraction = distance > step ? step / distance : 1.0;
                driver.lat += toLat * fraction;
                driver.lon += toLon * fraction * 1.6;
            } else {
                driver.lat += dLat;
                driver.lon += dLon;
            }
        }
        driver.lastSeenAt = QDateTime::currentDateTimeUtc();
        m_drivers[index] = driver;
        batch.append(driver);
        indices.append(index);
    }
    if (batch.isEmpty())
        return;
    const QList<StoreWrite<Driver>> results = m_store.drivers().updateLive(batch, kActor);
    for (qsizetype i = 0; i < results.size(); ++i) {
        const StoreWrite<Driver> &result = results.at(i);
        if (result.ok()) {
            m_drivers[indices.at(i)] = *result.item;
            continue;
        }
        qCWarning(lcServerSim) << "could not move" << batch.at(i).id << result.error.message;
        reload(); // the view holds a move the store does not
    }
}

bool Simulator::advanceRandomOrder()
{
    // The orders that can move: every open one, except new orders of a region without an idle
    // driver (they wait).
    QSet<QString> idleRegions;
    for (const Driver &d : std::as_const(m_drivers)) {
        if (d.status == DriverStatus::Idle && !m_silentTicks.contains(d.id))
            idleRegions.insert(d.region);
    }
    QList<qsizetype> movable;
    movable.reserve(m_open.size());
    for (qsizetype i = 0; i < m_open.size(); ++i) {
        const OpenOrder &o = m_open.at(i);
        if (o.status != OrderStatus::New || idleRegions.contains(o.region))
            movable.append(i);
    }
    if (movable.isEmpty())
        return false;
    const qsizetype index = movable.at(qsizetype(m_rng.bounded(quint32(movable.size()))));
    const OpenOrder order = m_open.at(index);
    std::optional<OrderStatus> to = nextStatus(order.status);
    const quint32 roll = m_rng.bounded(100);
    if (roll < 3)
        to = OrderStatus::Cancelled;
    else if (roll < 5)
        to = OrderStatus::Failed;
    if (!to)
        return false;
    OrderChange change;
    change.status = to;
    // Cancelling and failing take a reason, as they do from anyone (see --require-reasons).
    if (*to == OrderStatus::Cancelled)
        change.reason = u"customer cancelled (simulated)"_s;
    else if (*to == OrderStatus::Failed)
        change.reason = u"nobody at the address (simulated)"_s;
    qsizetype driver = -1;
    if (*to == OrderStatus::Assigned) {
        // Only with a driver (the region has an idle one, see above).
        driver = pickDriver(order.region, DriverStatus::Idle);
        if (driver < 0)
            return false;
        change.driverId = m_drivers.at(driver).id;
    }
    const StoreWrite<Order> result =
        OrderService(m_store).change(order.id, change, order.version, kActor);
    if (!result.ok()) {
        if (!isStale(result.error)) {
            qCWarning(lcServerSim) << "could not advance" << order.id << result.error.message;
            return false;
        }
        // Changed by someone else since the view was read.
        qCDebug(lcServerSim) << "order" << order.id << "changed elsewhere:" << result.error.message;
        reload();
        return false;
    }
    if (isFinal(result.item->status)) {
        m_open.removeAt(index);
    } else {
        OpenOrder &kept = m_open[index];
        kept.status = result.item->status;
        kept.version = result.item->version;
        kept.driverId = result.item->driverId;
    }
    if (driver >= 0) {
        Driver busy = m_drivers.at(driver);
        busy.status = DriverStatus::EnRoute;
        busy.lastSeenAt = QDateTime::currentDateTimeUtc();
        writeDriver(driver, busy);
    } else if (isFinal(*to) && !order.driverId.isEmpty()) {
        // The order's own driver is free again (unless it went offline meanwhile).
        const qsizetype own = driverIndex(order.driverId);
        if (own >= 0 && m_drivers.at(own).status == DriverStatus::EnRoute) {
            Driver free = m_drivers.at(own);
            free.status = DriverStatus::Idle;
            free.lastSeenAt = QDateTime::currentDateTimeUtc();
            writeDriver(own, free);
        }
    }
    if (*to == OrderStatus::Delivered) {
        static const std::array kMethods { u"card"_s, u"card"_s, u"card"_s, u"cash"_s,
            u"invoice"_s };
        const QString method = kMethods[m_rng.bounded(quint32(kMethods.size()))];
        const QString status = m_rng.bounded(100) < 3 ? u"failed"_s : u"captured"_s;
        const StoreWrite<Payment> payment =
            m_store.payments().create(order.id, method, status, kActor);
        if (!payment.ok())
            qCWarning(lcServerSim) << "could not record a payment:" << payment.error.message;
    }
    return true;
}

void Simulator::insertOpen(const OpenOrder &order)
{
    const auto it = std::lower_bound(m_open.begin(), m_open.end(), order.id,
        [](const OpenOrder &o, const QString &key) { return o.id < key; });
    m_open.insert(it, order);
}

bool Simulator::createRandomOrder()
{
    static const std::array kCustomers { u"Acme Bakery"_s, u"Northwind Traders"_s,
        u"Riverside Florist"_s, u"Summit Hardware"_s, u"Corner Books"_s, u"Fresh Fields Grocer"_s,
        u"Harbor Fish Market"_s, u"Golden Crust Pizza"_s };
    static const std::array kRegions { u"north"_s, u"south"_s, u"east"_s, u"west"_s };
    static const std::array kDepots { u"North Depot, 12 Ridge Rd"_s, u"South Hub, 4 Quay St"_s,
        u"East Warehouse, 88 Mill Ln"_s, u"West Yard, 230 Canal Ave"_s };
    static const std::array kStreets { u"High St"_s, u"Station Rd"_s, u"Park Ave"_s, u"Church Ln"_s,
        u"Market Sq"_s, u"Harbour Way"_s };

    const auto region = size_t(m_rng.bounded(quint32(kRegions.size())));
    Order draft;
    draft.customer = kCustomers[m_rng.bounded(quint32(kCustomers.size()))];
    draft.region = kRegions[region];
    draft.pickup = kDepots[region];
    draft.dropoff = u"%1 %2"_s.arg(1 + m_rng.bounded(200))
                        .arg(kStreets[m_rng.bounded(quint32(kStreets.size()))]);
    draft.dropoffAt = Demo::positionNear(draft.region, m_rng);
    draft.status = OrderStatus::New;
    draft.amountCents = 500 + qint64(m_rng.bounded(25000));
    draft.dueAt =
        QDateTime::currentDateTimeUtc().addSecs(30 * 60 + qint64(m_rng.bounded(240)) * 60);
    const StoreWrite<Order> result = OrderService(m_store).create(draft, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not create an order:" << result.error.message;
        return false;
    }
    const Order &o = *result.item;
    insertOpen(OpenOrder { o.id, o.status, o.version, o.region, o.driverId, o.dropoffAt });
    qCDebug(lcServerSim) << "created" << o.id;
    return true;
}

} // namespace Ops
