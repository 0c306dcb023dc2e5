#include "orderservice.h"

#include "server/store/store.h"
#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {

bool OrderEdit::isEmpty() const
{
    return !pickup && !pickupAt && !dropoff && !dropoffAt && !dueAt && !windowStart && !contactName
        && !contactPhone && !notes && !amountCents;
}

void OrderEdit::applyTo(Order &order) const
{
    if (pickup)
        order.pickup = *pickup;
    if (pickupAt)
        order.pickupAt = *pickupAt;
    if (dropoff)
        order.dropoff = *dropoff;
    if (dropoffAt)
        order.dropoffAt = *dropoffAt;
    if (dueAt)
        order.dueAt = *dueAt;
    if (windowStart)
        order.windowStart = *windowStart;
    if (contactName)
        order.contactName = *contactName;
    if (contactPhone)
        order.contactPhone = *contactPhone;
    if (notes)
        order.notes = *notes;
    if (amountCents)
        order.amountCents = *amountCents;
}

OrderService::OrderService(Store &store)
    : m_store(store)
{ }

StoreWrite<Order> OrderService::setStatus(const QString &id, OrderStatus to,
    std::optional<qint64> expectedVersion, const QString &actor, const QString &reason)
{
    OrderChange change;
    change.status = to;
    change.reason = reason;
    return this->change(id, change, expectedVersion, OrderActor { actor, false });
}

StoreWrite<Order> OrderService::change(const QString &id, const OrderChange &change,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    return this->change(id, change, expectedVersion, OrderActor { actor, false });
}

StoreWrite<Order> OrderService::change(const QString &id, const OrderChange &change,
    std::optional<qint64> expectedVersion, const OrderActor &actor)
{
    if (!change.status && !change.driverId && change.edit.isEmpty()) {
        return { Error { ErrorKind::BadRequest,
                     u"nothing to change: give 'status', 'driverId' or a field to edit"_s },
            std::nullopt, std::nullopt };
    }
    // Decided inside the write transaction, from the row as it is under the write lock.
    const auto decide = [this, &change, &id, &actor](const Order &current, Order &next) -> Error {
        const auto reject = [](const QString &message) {
            return Error { ErrorKind::BadRequest, message };
        };
        const OrderStatus to = change.status.value_or(current.status);
        // A final order changes only by a correction: a manager's, with a reason.
        const bool correction = isFinal(current.status)
            && ((change.status && to != current.status) || !change.edit.isEmpty());
        if (correction) {
            if (!actor.mayCorrect) {
                return Error { ErrorKind::Forbidden,
                    u"order %1 is %2; only a manager may correct a final state"_s.arg(
                        id, toString(current.status)) };
            }
            if (change.reason.isEmpty())
                return reject(u"'reason': correcting order %1 (%2) needs a reason"_s.arg(
                    id, toString(current.status)));
        } else if (change.status && !canTransition(current.status, to)) {
            return reject(u"order %1 cannot go from %2 to %3"_s.arg(
                id, toString(current.status), toString(to)));
        }
        if (change.status && to != current.status
            && (to == OrderStatus::Cancelled || to == OrderStatus::Failed) && m_reasonsRequired
            && change.reason.isEmpty())
            return reject(u"'reason': an order that is %1 needs a reason"_s.arg(toString(to)));
        QString driverId = change.driverId.value_or(current.driverId);
        if (change.driverId) {
            if (isFinal(to)) {
                return reject(
                    u"'driverId': order %1 is %2; only an open order may change driver"_s.arg(
                        id, toString(to)));
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
            if (!change.status && change.edit.isEmpty() && driverId == current.driverId) {
                return reject(current.driverId.isEmpty()
                        ? u"order %1 has no driver already"_s.arg(id)
                        : u"order %1 has driver %2 already"_s.arg(id, current.driverId));
            }
        }
        // Back to new: nobody is on it any more.
        if (change.status && to == OrderStatus::New)
            driverId.clear();
        // On the road without a driver is not a state (a correction could reopen one so).
        if (correction && driverId.isEmpty()
            && (to == OrderStatus::Assigned || to == OrderStatus::PickedUp
                || to == OrderStatus::InTransit))
            return reject(u"'driverId': an order that is %1 needs a driver"_s.arg(toString(to)));
        next.status = to;
        next.driverId = driverId;
        change.edit.applyTo(next);
        if (const auto problem = validateOrder(next, m_now(), &current))
            return reject(u"'%1' %2"_s.arg(problem->field, problem->reason));
        if (RowTraits<Order>::changes(current, next).isEmpty())
            return reject(u"the change leaves order %1 as it is"_s.arg(id));
        // An ETA belongs to one driver on the way: it ends with the order or with that driver.
        if (isFinal(to) || driverId != current.driverId) {
            next.etaAt = QDateTime();
            next.etaEstimate = false;
        }
        return {};
    };
    return m_store.orders().update(
        id, expectedVersion, WriteBy { actor.name, change.reason }, decide);
}

CreateOutcome OrderService::create(const CreateRequest &request)
{
    if (const auto problem = validateOrder(request.draft, m_now());
        problem || request.draft.customer.isEmpty() || request.draft.region.isEmpty()) {
        CreateOutcome refused;
        refused.error = Error { ErrorKind::BadRequest,
            problem ? u"'%1' %2"_s.arg(problem->field, problem->reason)
                    : u"an order needs customer, region and dueAt"_s };
        return refused;
    }
    CreateRequest fresh = request;
    fresh.draft.status = OrderStatus::New;
    fresh.draft.driverId.clear();
    return m_store.orders().create(fresh);
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
