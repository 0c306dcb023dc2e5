#include "simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include <QSet>

#include "core/logging.h"
#include "demodata.h"
#include "server/domain/driverservice.h"
#include "server/domain/orderservice.h"
#include "server/domain/positionintake.h"
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
    : Simulator(store, *new PositionIntake(store), seed, parent)
{
    // The intake made above is this simulator's own.
    m_ownIntake.reset(&m_intake);
}

Simulator::~Simulator() = default;

Simulator::Simulator(Store &store, PositionIntake &intake, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_intake(intake)
    , m_rng(seed)
    , m_now(QDateTime::currentDateTimeUtc())
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

OrderService Simulator::orderService() const
{
    OrderService orders(m_store);
    orders.setClock([now = m_now] { return now; });
    return orders;
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
        // Far behind (a stall, a suspended process): run a burst, forget the rest — but not
        // the time: the clock keeps up with the world.
        qCDebug(lcServerSim) << "behind by" << due << "ticks; running" << MaxCatchUp;
        m_now = m_now.addMSecs(
            std::chrono::duration_cast<std::chrono::milliseconds>(m_owed - MaxCatchUp * interval)
                .count());
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
    m_now = m_now.addMSecs(m_interval.count());
    if (!ensureLoaded())
        return false;
    moveDrivers();
    const bool created = createDueOrders();
    const bool moved = advanceDueOrders();
    return created || moved;
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
    QHash<QString, Plan> plans;
    for (const Order &o : orders.orders) { // sorted by id
        m_open.append(OpenOrder {
            o.id, o.status, o.version, o.region, o.driverId, o.dropoffAt, o.dueAt.toUTC() });
        // Orders it has planned keep their plan; the others (seeded, someone else's) get one.
        plans.insert(o.id, m_plans.contains(o.id) ? m_plans.value(o.id) : planFor(m_open.last()));
    }
    m_plans = plans;
    m_drivers = drivers.items; // sorted by id
    if (m_targetOpen < 0)
        m_targetOpen = std::max(10, int(m_open.size()));
    m_loaded = true;
    m_sinceLoad.start();
    return true;
}

Simulator::Plan Simulator::planFor(const OpenOrder &order)
{
    Plan plan;
    const qint64 left = m_now.secsTo(order.dueAt);
    if (left < 10 * 60) {
        // Late or nearly: somebody is on it, it is finished within half an hour.
        plan.finishAt = m_now.addSecs(180 + qint64(m_rng.bounded(25 * 60)));
    } else {
        // A third to all of the time left, now and then up to a quarter more: about one in
        // four arrives late (by a few minutes to twenty).
        const double share = 0.35 + 0.9 * m_rng.generateDouble();
        plan.finishAt = m_now.addSecs(std::max<qint64>(180, qint64(double(left) * share)));
    }
    plan.nextAt = nextStepAt(plan, order.status);
    return plan;
}

QDateTime Simulator::nextStepAt(const Plan &plan, OrderStatus status)
{
    const qint64 left = m_now.secsTo(plan.finishAt);
    if (left <= 0)
        return m_now.addSecs(15 + qint64(m_rng.bounded(165))); // behind its plan: soon
    const int stepsLeft = status == OrderStatus::New ? 4
        : status == OrderStatus::Assigned            ? 3
        : status == OrderStatus::PickedUp            ? 2
                                                     : 1;
    qint64 step = qint64(double(left) / stepsLeft * (0.6 + 0.8 * m_rng.generateDouble()));
    if (status == OrderStatus::New)
        step = std::min<qint64>(step, 60 + m_rng.bounded(7 * 60)); // dispatched within minutes
    else if (status == OrderStatus::PickedUp)
        step = std::min<qint64>(step, 30 + m_rng.bounded(150)); // loaded, off it goes
    return m_now.addSecs(std::max<qint64>(15, step));
}

int Simulator::openOrdersOf(const QString &id) const
{
    return int(std::count_if(
        m_open.cbegin(), m_open.cend(), [&id](const OpenOrder &o) { return o.driverId == id; }));
}

qsizetype Simulator::driverIndex(const QString &id) const
{
    const auto it = std::lower_bound(m_drivers.cbegin(), m_drivers.cend(), id,
        [](const Driver &d, const QString &key) { return d.id < key; });
    return it != m_drivers.cend() && it->id == id ? qsizetype(it - m_drivers.cbegin()) : -1;
}

qsizetype Simulator::pickDispatchDriver(const QString &region)
{
    int fewest = MaxOrdersPerDriver;
    QList<qsizetype> best;
    for (qsizetype i = 0; i < m_drivers.size(); ++i) {
        const Driver &d = m_drivers.at(i);
        if (!d.active || d.region != region || m_silentTicks.contains(d.id)
            || (d.status != DriverStatus::Idle && d.status != DriverStatus::EnRoute))
            continue;
        const int load = openOrdersOf(d.id);
        if (load < fewest) {
            fewest = load;
            best = { i };
        } else if (load == fewest) {
            best.append(i);
        }
    }
    if (best.isEmpty())
        return -1;
    return best.at(qsizetype(m_rng.bounded(quint32(best.size()))));
}

void Simulator::setDriverStatus(qsizetype index, DriverStatus status)
{
    const QString id = m_drivers.at(index).id;
    const StoreWrite<Driver> result = DriverService(m_store).setStatus(id, status, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not update" << id << result.error.message;
        if (isStale(result.error))
            reload();
        return;
    }
    m_drivers[index] = *result.item;
}

void Simulator::reportPosition(
    qsizetype index, const Driver &driver, double speedKmh, double bearing)
{
    // A fix time after the driver's newest one: two reports of one millisecond are one fix.
    QDateTime at = QDateTime::currentDateTimeUtc();
    const Driver &known = m_drivers.at(index);
    if (known.hasPosition() && at <= known.positionAt)
        at = known.positionAt.addMSecs(1);
    // Exactly what a phone running Traccar Client sends (speed in knots).
    const QString query =
        u"id=%1&timestamp=%2&lat=%3&lon=%4&speed=%5&bearing=%6&accuracy=%7&batt=%8"_s
            .arg(Demo::deviceKey(driver.id))
            .arg(at.toMSecsSinceEpoch())
            .arg(driver.lat, 0, 'f', 7)
            .arg(driver.lon, 0, 'f', 7)
            .arg(speedKmh / 1.852, 0, 'f', 2)
            .arg(bearing, 0, 'f', 1)
            .arg(driver.accuracyM.value_or(10), 0, 'f', 1)
            .arg(driver.battery.value_or(100), 0, 'f', 0);
    const PositionIntake::Result result = m_intake.submitOsmAnd(query.toUtf8(), {}, {});
    if (result.outcome != PositionIntake::Outcome::Accepted) {
        qCWarning(lcServerSim) << "report of" << driver.id
                               << "not accepted:" << result.error.message;
        reload(); // the view holds a move the store does not
        return;
    }
    m_drivers[index] = *result.driver;
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
    // Each move is a report of its own, as from a phone. The view takes each one at once, so a
    // driver picked twice moves on from where the first move left it.
    const int moves = 1 + int(m_rng.bounded(3));
    for (int i = 0; i < moves; ++i) {
        const auto index = qsizetype(m_rng.bounded(quint32(m_drivers.size())));
        Driver driver = m_drivers.at(index);
        if (m_silentTicks.contains(driver.id) || !driver.active)
            continue;
        const quint32 roll = m_rng.bounded(1000);
        if (roll < 3 && driver.isOnline()) {
            // Falls silent: no reports for a while, long enough to look unresponsive.
            m_silentTicks.insert(driver.id, 400 + int(m_rng.bounded(400)));
            continue;
        }
        const DriverStatus was = driver.status;
        if (roll < 8)
            driver.status = driver.isOnline() ? DriverStatus::Offline : DriverStatus::Idle;
        else if (roll < 12 && driver.status == DriverStatus::Idle)
            driver.status = DriverStatus::OnBreak;
        else if (roll < 20 && driver.status == DriverStatus::OnBreak)
            driver.status = DriverStatus::Idle;
        // The phone drains: a percent now and then.
        const double battery = std::max(5.0,
            driver.battery.value_or(60 + double(m_rng.bounded(40)))
                - (m_rng.bounded(10) == 0 ? 1 : 0));
        if (!driver.isOnline()) {
            if (was != DriverStatus::Offline)
                setDriverStatus(index, DriverStatus::Offline); // the phone is off: no reports
            continue;
        }
        // Coming back needs no status write: the first report brings the driver online.
        if (driver.status != was && was != DriverStatus::Offline) {
            setDriverStatus(index, driver.status);
            driver = m_drivers.at(index);
        }
        // A small step: about 50 to 100 m, faster when driving.
        const bool driving = driver.status == DriverStatus::EnRoute;
        const double step = driving ? 0.0012 : 0.0004;
        const double dLat = (m_rng.generateDouble() - 0.5) * step;
        const double dLon = (m_rng.generateDouble() - 0.5) * step * 1.6;
        const double fromLat = driver.lat;
        const double fromLon = driver.lon;
        const auto target = driving ? destinationOf(driver.id) : std::nullopt;
        if (!driver.hasPosition()) {
            const GeoPoint start = Demo::positionNear(driver.region, m_rng);
            driver.lat = start.lat;
            driver.lon = start.lon;
        } else if (target) {
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
        // Heading from the step; a driving driver goes at town speed.
        const double bearing =
            std::fmod(std::atan2((driver.lon - fromLon) / 1.6, driver.lat - fromLat) * 180.0
                        / std::numbers::pi
                    + 360.0,
                360.0);
        const double speed = driving ? 20 + double(m_rng.bounded(30)) : double(m_rng.bounded(6));
        driver.accuracyM = 5 + double(m_rng.bounded(15));
        driver.battery = battery;
        reportPosition(index, driver, speed, bearing);
    }
}

bool Simulator::advanceDueOrders()
{
    // In id order, at most a few dozen a tick (a long stall catches up over a few ticks).
    bool moved = false;
    int budget = 25;
    for (qsizetype i = 0; i < m_open.size() && budget > 0 && m_loaded;) {
        const OpenOrder &order = m_open.at(i);
        auto plan = m_plans.find(order.id);
        if (plan == m_plans.end())
            plan = m_plans.insert(order.id, planFor(order));
        if (plan->nextAt > m_now) {
            ++i;
            continue;
        }
        --budget;
        const qsizetype before = m_open.size();
        moved = advance(i) || moved;
        if (m_open.size() == before)
            ++i; // else the next order moved up to index i
    }
    return moved;
}

bool Simulator::advance(qsizetype index)
{
    const OpenOrder order = m_open.at(index);
    Plan &plan = m_plans[order.id];
    std::optional<OrderStatus> to = nextStatus(order.status);
    const quint32 roll = m_rng.bounded(1000);
    if (roll < 8)
        to = OrderStatus::Cancelled;
    else if (roll < 12)
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
        driver = pickDispatchDriver(order.region);
        if (driver < 0) {
            // Nobody free in its region: ask again in a minute or two.
            plan.nextAt = m_now.addSecs(30 + qint64(m_rng.bounded(90)));
            return false;
        }
        change.driverId = m_drivers.at(driver).id;
    }
    const StoreWrite<Order> result = orderService().change(order.id, change, order.version, kActor);
    if (!result.ok()) {
        if (!isStale(result.error)) {
            qCWarning(lcServerSim) << "could not advance" << order.id << result.error.message;
            plan.nextAt = m_now.addSecs(60);
            return false;
        }
        // Changed by someone else since the view was read.
        qCDebug(lcServerSim) << "order" << order.id << "changed elsewhere:" << result.error.message;
        reload();
        return false;
    }
    if (isFinal(result.item->status)) {
        m_open.removeAt(index);
        m_plans.remove(order.id);
    } else {
        OpenOrder &kept = m_open[index];
        kept.status = result.item->status;
        kept.version = result.item->version;
        kept.driverId = result.item->driverId;
        plan.nextAt = nextStepAt(plan, kept.status);
    }
    if (driver >= 0) {
        if (m_drivers.at(driver).status != DriverStatus::EnRoute)
            setDriverStatus(driver, DriverStatus::EnRoute);
    } else if (isFinal(*to) && !order.driverId.isEmpty() && openOrdersOf(order.driverId) == 0) {
        // The order's driver has nothing left to do (unless it went offline meanwhile).
        const qsizetype own = driverIndex(order.driverId);
        if (own >= 0 && m_drivers.at(own).status == DriverStatus::EnRoute)
            setDriverStatus(own, DriverStatus::Idle);
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

bool Simulator::createDueOrders()
{
    // Little's law: to keep the target open, orders arrive at target ÷ the mean time one is
    // open (due in 95 min on average, finished after 80 % of it); a quarter below the target
    // they arrive twice as fast, a quarter above it not at all.
    constexpr double meanOpenSeconds = 95.0 * 60 * 0.8;
    const double target = std::max(1, m_targetOpen);
    const double gap = (target - double(m_open.size())) / (0.25 * target);
    const double perSecond = target / meanOpenSeconds * std::clamp(1.0 + gap, 0.0, 3.0);
    const double seconds = std::chrono::duration<double>(m_interval).count();
    m_createCredit += perSecond * seconds * (0.5 + m_rng.generateDouble());
    bool created = false;
    for (int n = 0; m_createCredit >= 1.0 && n < 5; ++n) {
        m_createCredit -= 1.0;
        created = createRandomOrder() || created;
    }
    m_createCredit = std::min(m_createCredit, 5.0); // a long stall does not pile orders up
    return created;
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

    const auto region = size_t(m_rng.bounded(quint32(kRegions.size())));
    Order draft;
    draft.customer = kCustomers[m_rng.bounded(quint32(kCustomers.size()))];
    draft.region = kRegions[region];
    const Demo::Place depot = Demo::depotOf(draft.region);
    draft.pickup = depot.address;
    draft.pickupAt = depot.at;
    const Demo::Place address = Demo::addressIn(draft.region, m_rng);
    draft.dropoff = address.address;
    draft.dropoffAt = address.at;
    draft.status = OrderStatus::New;
    draft.amountCents = 500 + qint64(m_rng.bounded(25000));
    draft.dueAt = m_now.addSecs(40 * 60 + qint64(m_rng.bounded(110 * 60)));
    const StoreWrite<Order> result = orderService().create(draft, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not create an order:" << result.error.message;
        return false;
    }
    const Order &o = *result.item;
    const OpenOrder open { o.id, o.status, o.version, o.region, o.driverId, o.dropoffAt,
        o.dueAt.toUTC() };
    insertOpen(open);
    m_plans.insert(o.id, planFor(open));
    qCDebug(lcServerSim) << "created" << o.id;
    return true;
}

} // namespace Ops
