#include "simulator.h"

#include "core/logging.h"
#include "store.h"

#include <array>

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
    if (m_rng.bounded(100) < 10)
        return createRandomOrder();
    return advanceRandomOrder() || createRandomOrder();
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
    const Store::WriteResult result = m_store.updateOrderStatus(order.id, *to, order.version, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not advance" << order.id << result.error.message;
        return false;
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
    static const std::array kStreets { u"High St"_s, u"Station Rd"_s, u"Park Ave"_s,
        u"Church Ln"_s, u"Market Sq"_s, u"Harbour Way"_s };

    const auto region = size_t(m_rng.bounded(quint32(kRegions.size())));
    Order draft;
    draft.customer = kCustomers[m_rng.bounded(quint32(kCustomers.size()))];
    draft.region = kRegions[region];
    draft.pickup = kDepots[region];
    draft.dropoff = u"%1 %2"_s.arg(1 + m_rng.bounded(200)).arg(
        kStreets[m_rng.bounded(quint32(kStreets.size()))]);
    draft.status = OrderStatus::New;
    draft.amountCents = 500 + qint64(m_rng.bounded(25000));
    draft.dueAt = QDateTime::currentDateTimeUtc().addSecs(30 * 60 + qint64(m_rng.bounded(240)) * 60);
    const Store::WriteResult result = m_store.createOrder(draft, kActor);
    if (!result.ok()) {
        qCWarning(lcServerSim) << "could not create an order:" << result.error.message;
        return false;
    }
    qCDebug(lcServerSim) << "created" << result.order->id;
    return true;
}

} // namespace Ops
