#include "orderservice.h"

#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

OrderService::OrderService(Store &store)
    : m_store(store)
{ }

StoreWrite<Order> OrderService::setStatus(
    const QString &id, OrderStatus to, std::optional<qint64> expectedVersion, const QString &actor)
{
    return change(id, OrderChange { to, std::nullopt }, expectedVersion, actor);
}

StoreWrite<Order> OrderService::change(const QString &id, const OrderChange &change,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    if (!change.status && !change.driverId) {
        return { Error {
                     ErrorKind::BadRequest, u"nothing to change: give 'status' or 'driverId'"_s },
            std::nullopt, std::nullopt };
    }
    // Decided inside the write transaction, from the row as it is under the write lock.
    const auto decide = [this, &change, &id](const Order &current, Order &next) -> Error {
        const auto reject = [](const QString &message) {
            return Error { ErrorKind::BadRequest, message };
        };
        const OrderStatus to = change.status.value_or(current.status);
        if (change.status && !canTransition(current.status, to)) {
            return reject(u"order %1 cannot go from %2 to %3"_s.arg(
                id, toString(current.status), toString(to)));
        }
        QString driverId = change.driverId.value_or(current.driverId);
        if (change.driverId) {
            if (isFinal(current.status) || isFinal(to)) {
                return reject(
                    u"'driverId': order %1 is %2; only an open order may change driver"_s.arg(
                        id, toString(isFinal(current.status) ? current.status : to)));
            }
            if (change.status && to == OrderStatus::New && !driverId.isEmpty())
                return reject(u"'driverId': an order going back to new has no driver"_s);
            if (!driverId.isEmpty() && !m_store.drivers().get(driverId))
                return reject(u"'driverId': driver %1 not found"_s.arg(driverId.left(64)));
            if (!change.status && driverId == current.driverId) {
                return reject(current.driverId.isEmpty()
                        ? u"order %1 has no driver already"_s.arg(id)
                        : u"order %1 has driver %2 already"_s.arg(id, current.driverId));
            }
        }
        // Back to new: nobody is on it any more.
        if (change.status && to == OrderStatus::New)
            driverId.clear();
        next.status = to;
        next.driverId = driverId;
        // An ETA belongs to one driver on the way: it ends with the order or with that driver.
        if (isFinal(to) || driverId != current.driverId) {
            next.etaAt = QDateTime();
            next.etaEstimate = false;
        }
        return {};
    };
    return m_store.orders().update(id, expectedVersion, actor, decide);
}

StoreWrite<Order> OrderService::create(const Order &draft, const QString &actor)
{
    if (draft.customer.isEmpty() || draft.region.isEmpty() || !draft.dueAt.isValid()) {
        return { Error { ErrorKind::BadRequest, u"an order needs customer, region and dueAt"_s },
            std::nullopt, std::nullopt };
    }
    return m_store.orders().create(draft, actor);
}

QList<StoreWrite<Order>> OrderService::setEtas(const QList<EtaUpdate> &updates)
{
    QList<VersionedChange<Order>> changes;
    changes.reserve(updates.size());
    for (const EtaUpdate &update : updates) {
        changes.append(VersionedChange<Order> {
            update.orderId, update.version, [update](const Order &current, Order &next) -> Error {
                if (isFinal(current.status) || current.driverId != update.driverId
                    || update.driverId.isEmpty()) {
                    return Error { ErrorKind::BadRequest,
                        u"order %1 moved on since its ETA was computed"_s.arg(current.id) };
                }
                next.etaAt = update.etaAt.toUTC();
                next.etaEstimate = update.etaAt.isValid() && update.estimate;
                return {};
            } });
    }
    return m_store.orders().update(changes, EtaActor.toString());
}

} // namespace Ops
