#include "simulator.h"

#include <array>

#include "core/logging.h"
#include "store.h"

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

} // namespace

Simulator::Simulator(Store &store, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_rng(seed)
{
    m_timer.setInterval(std::chrono::milliseconds(400));
    connect(&m_timer, &QTimer::timeout, this, [this] {
        tick();
        Q_EMIT ticked();
    });
}

bool Simulator::tick()
{
    moveDrivers();
    if (m_rng.bounded(100) < 10)
        return createRandomOrder();
    return advanceRandomOrder() || createRandomOrder();
}

void Simulator::setDriverStatus(const QString &region, DriverStatus from, DriverStatus to)
{
    QList<Driver> candidates;
    for (const Driver &driver : m_store.listDrivers({ region }, { toString(from) }).items) {
        if (!m_silentTicks.contains(driver.id))
            candidates.append(driver);
    }
    if (candidates.isEmpty())
        return;
    Driver driver = candidates.at(qsizetype(m_rng.bounded(quint32(candidates.size()))));
    driver.status = to;
    driver.lastSeenAt = QDateTime::currentDateTimeUtc();
    const StoreWrite<Driver> result = m_store.updateDriver(driver, kActor);
    if (!result.ok())
        qCWarning(lcServerSim) << "could not update" << driver.id << result.error.message;
}

void Simulator::moveDrivers()
{
    for (auto it = m_silentTicks.begin(); it != m_silentTicks.end();) {
        if (--it.value() <= 0)
            it = m_silentTicks.erase(it);
        else
            ++it;
    }
    const QList<Driver> drivers = m_store.listDrivers({}).items;
    if (drivers.isEmpty())
        return;
    const int moves = 1 + int(m_rng.bounded(3));
    for (int i = 0; i < moves; ++i) {
        Driver driver = drivers.at(qsizetype(m_rng.bounded(quint32(drivers.size()))));
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
            driver.lat += (m_rng.generateDouble() - 0.5) * step;
            driver.lon += (m_rng.generateDouble() - 0.5) * step * 1.6;
        }
        driver.lastSeenAt = QDateTime::currentDateTimeUtc();
        const StoreWrite<Driver> result = m_store.updateDriver(driver, kActor);
        if (!result.ok())
            qCWarning(lcServerSim) << "could not move" << driver.id << result.error.message;
    }
}

bool Simulator::advanceRandomOrder()
{
    const Store::OrderList list = m_store.listOrders();
    QList<Order> open;
    for (const Order &order : list.orders) {
        if (!isFinal(order.status))
            open.append(order);
    }
    if (open.isEmpty())
        return false;
    const Order &order = open.at(qsizetype(m_rng.bounded(quint32(open.size()))));
    std::optional<OrderStatus> to = nextStatus(order.status);
    const quint32 roll = m_rng.bounded(100);
    if (roll < 3)
        to = OrderStatus::Cancelled;
    else if (roll < 5)
        to = OrderStatus::Failed;
    if (!to)
        return false;
    const Store::WriteResult result =
        m_store.updateOrderStatus(order.id, *to, order.version, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not advance" << order.id << result.error.message;
        return false;
    }
    if (*to == OrderStatus::Assigned) {
        setDriverStatus(order.region, DriverStatus::Idle, DriverStatus::EnRoute);
    } else if (*to == OrderStatus::Delivered) {
        setDriverStatus(order.region, DriverStatus::EnRoute, DriverStatus::Idle);
        static const std::array kMethods { u"card"_s, u"card"_s, u"card"_s, u"cash"_s,
            u"invoice"_s };
        const QString method = kMethods[m_rng.bounded(quint32(kMethods.size()))];
        const QString status = m_rng.bounded(100) < 3 ? u"failed"_s : u"captured"_s;
        const StoreWrite<Payment> payment = m_store.createPayment(order.id, method, status, kActor);
        if (!payment.ok())
            qCWarning(lcServerSim) << "could not record a payment:" << payment.error.message;
    }
    return true;
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
    draft.status = OrderStatus::New;
    draft.amountCents = 500 + qint64(m_rng.bounded(25000));
    draft.dueAt =
        QDateTime::currentDateTimeUtc().addSecs(30 * 60 + qint64(m_rng.bounded(240)) * 60);
    const Store::WriteResult result = m_store.createOrder(draft, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not create an order:" << result.error.message;
        return false;
    }
    qCDebug(lcServerSim) << "created" << result.order->id;
    return true;
}

} // namespace Ops
