#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>

#include "protocol/order.h"
#include "server/store/storelisting.h"

namespace Ops {

class Store;

//! \brief What a PATCH of an order changes: its status, its driver, or both.
struct OrderChange
{
    std::optional<OrderStatus> status;
    //! Set: the new driver, empty to unassign. Unset: the driver stays (unless the status
    //! goes back to new, which clears it).
    std::optional<QString> driverId;
};

//! \brief What a driver reports about one of its orders (`POST /api/me/orders/<id>/status`).
struct DriverOrderReport
{
    OrderStatus status = OrderStatus::PickedUp; //!< picked_up, in_transit, delivered or failed
    QString reason; //!< why it failed (failed needs one)
    QString note; //!< anything the driver adds ("left with the neighbour")
    QString photo; //!< a reference to a photo kept elsewhere (a URL or an id)
};

//! \brief A new ETA for one order, computed by the ETA engine from the row at \a version.
struct EtaUpdate
{
    QString orderId;
    qint64 version = 0; //!< the version it was computed from
    QString driverId; //!< the driver it was computed for
    QDateTime etaAt; //!< invalid: the order has no ETA any more
    bool estimate = false; //!< from the built-in model, not the routing service
};

//! \brief The order lifecycle rules over the store: every way an order is created or changed
//! (REST, the simulator, imports) goes through here, so one set of rules holds everywhere.
class OrderService
{
public:
    explicit OrderService(Store &store);

    //! Applies \a change to order \a id as one versioned write: one version up, one
    //! "order.updated" event, one history row per changed field (`status`, `driver`).
    //! NotFound, Conflict (\a expectedVersion differs from the current version) or BadRequest
    //! change nothing; on Conflict and on a refused rule `item` is the current row. Rules: the
    //! transition must be allowed (canTransition()), the driver must exist (BadRequest naming
    //! `driverId`), only an order that is open before and after may change driver, a change back
    //! to new clears the driver, a deactivated driver cannot be given an order, and a change
    //! that changes nothing is a BadRequest.
    [[nodiscard]] StoreWrite<Order> change(const QString &id, const OrderChange &change,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! change() with only a status.
    [[nodiscard]] StoreWrite<Order> setStatus(const QString &id, OrderStatus to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! What driver \a driverId reports about order \a orderId: the order must be that driver's
    //! (Forbidden otherwise) and the status one a driver may set from the order's current
    //! one (assigned → picked_up → in_transit → delivered; picked_up → delivered passes
    //! through in_transit; failed from any of them). Each status step is a versioned write
    //! with its event, all in one transaction; the reason, note and photo reference become
    //! history rows of the last step. \a expectedVersion (or, without it, the version read
    //! first) must still be current: Conflict otherwise.
    [[nodiscard]] StoreWrite<Order> reportByDriver(const QString &driverId, const QString &orderId,
        const DriverOrderReport &report, std::optional<qint64> expectedVersion,
        const QString &actor);
    //! Inserts \a draft as version 1 (id assigned as the next "ORD-nnnnn" when empty) and
    //! appends "order.created". It needs a customer, a region and a due time.
    [[nodiscard]] StoreWrite<Order> create(const Order &draft, const QString &actor);
    //! Writes \a updates in one transaction, each a versioned write with an "order.updated"
    //! event carrying `etaAt` and `etaEstimate` (and `updatedAt`) and no history row. An order
    //! that moved on since its update was computed (another version, finished, another
    //! driver) is left alone: Conflict or BadRequest in its result.
    [[nodiscard]] QList<StoreWrite<Order>> setEtas(const QList<EtaUpdate> &updates);

    //! The actor of ETA writes.
    static constexpr QLatin1StringView EtaActor { "eta" };

private:
    Store &m_store;
};

} // namespace Ops
