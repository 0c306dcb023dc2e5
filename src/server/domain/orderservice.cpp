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
            if (!driverId.isEmpty() && driverId != current.driverId) {
                const auto driver = m_store.drivers().get(driverId);
                if (!driver)
                    return reject(u"'driverId': driver %1 not found"_s.arg(driverId.left(64)));
                if (!driver->active)
                    return reject(
                        u"'driverId': driver %1 is deactivated and cannot be assigned"_s.arg(
                            driverId));
            }
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

StoreWrite<Order> OrderService::reportByDriver(const QString &driverId, const QString &orderId,
    const DriverOrderReport &report, std::optional<qint64> expectedVersion, const QString &actor)
{
    const auto fail = [](ErrorKind kind, const QString &message) {
        return StoreWrite<Order> { Error { kind, message }, std::nullopt, std::nullopt };
    };
    if (report.status == OrderStatus::Failed && report.reason.isEmpty())
        return fail(ErrorKind::BadRequest, u"'reason': a failed delivery needs a reason"_s);
    const auto order = m_store.orders().get(orderId);
    if (!order)
        return fail(ErrorKind::NotFound, u"order %1 not found"_s.arg(orderId));
    if (order->driverId != driverId)
        return fail(ErrorKind::Forbidden, u"order %1 is not assigned to you"_s.arg(orderId));
    // The statuses the order passes through, from the one read now. The steps check that
    // nothing changed since (the version), so the path cannot go stale under the write lock.
    QList<OrderStatus> path;
    const OrderStatus from = order->status;
    switch (report.status) {
    case OrderStatus::PickedUp:
        if (from == OrderStatus::Assigned)
            path = { OrderStatus::PickedUp };
        break;
    case OrderStatus::InTransit:
        if (from == OrderStatus::PickedUp)
            path = { OrderStatus::InTransit };
        break;
    case OrderStatus::Delivered:
        if (from == OrderStatus::PickedUp)
            path = { OrderStatus::InTransit, OrderStatus::Delivered };
        else if (from == OrderStatus::InTransit)
            path = { OrderStatus::Delivered };
        break;
    case OrderStatus::Failed:
        if (!isFinal(from))
            path = { OrderStatus::Failed };
        break;
    default:
        return fail(ErrorKind::BadRequest,
            u"'status': a driver reports picked_up, in_transit, delivered or failed"_s);
    }
    if (path.isEmpty()) {
        return { Error { ErrorKind::BadRequest,
                     u"order %1 is %2; it cannot be marked %3"_s.arg(
                         orderId, toString(from), toString(report.status)) },
            order, std::nullopt };
    }
    QList<RowDecision<Order>> steps;
    for (const OrderStatus to : std::as_const(path)) {
        steps.append([to, &driverId, &orderId](const Order &current, Order &next) -> Error {
            if (current.driverId != driverId)
                return Error { ErrorKind::Forbidden,
                    u"order %1 is not assigned to you"_s.arg(orderId) };
            if (!canTransition(current.status, to))
                return Error { ErrorKind::BadRequest,
                    u"order %1 cannot go from %2 to %3"_s.arg(
                        orderId, toString(current.status), toString(to)) };
            next.status = to;
            return {};
        });
    }
    QList<OrderAnnotation> annotations;
    if (!report.reason.isEmpty())
        annotations.append({ u"reason"_s, report.reason });
    if (!report.note.isEmpty())
        annotations.append({ u"note"_s, report.note });
    if (!report.photo.isEmpty())
        annotations.append({ u"photo"_s, report.photo });
    return m_store.orders().updateSteps(
        orderId, expectedVersion.value_or(order->version), actor, steps, annotations);
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
