#pragma once

#include <functional>
#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>

#include "protocol/order.h"
#include "server/store/orderrepository.h"
#include "server/store/storelisting.h"

namespace Ops {

class Store;

//! \brief The editable fields of an order (PATCH): each set field is the new value. A position
//! or window set to "none" (an empty optional inside, an invalid time) removes it.
struct OrderEdit
{
    std::optional<QString> pickup;
    std::optional<std::optional<GeoPoint>> pickupAt;
    std::optional<QString> dropoff;
    std::optional<std::optional<GeoPoint>> dropoffAt;
    std::optional<QDateTime> dueAt;
    std::optional<QDateTime> windowStart; //!< invalid: no window
    std::optional<QString> contactName;
    std::optional<QString> contactPhone;
    std::optional<QString> notes;
    std::optional<qint64> amountCents;

    [[nodiscard]] bool isEmpty() const;
    //! Writes the set fields into \a order.
    void applyTo(Order &order) const;
};

//! \brief What a PATCH of an order changes: its status, its driver, its editable fields, or
//! several of them at once (one versioned write), and why.
struct OrderChange
{
    std::optional<OrderStatus> status;
    //! Set: the new driver, empty to unassign. Unset: the driver stays (unless the status
    //! goes back to new, which clears it).
    std::optional<QString> driverId;
    OrderEdit edit {};
    QString reason {}; //!< empty: none given
};

//! \brief Who changes an order: the name the history records, and whether they may correct
//! an order in a final state (managers).
struct OrderActor
{
    QString name;
    bool mayCorrect = false;
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
    //! Longest reason, in characters.
    static constexpr qsizetype MaxReasonLength = 500;

    explicit OrderService(Store &store);

    //! Whether cancelling or failing an order needs a reason (default: no, so clients that do
    //! not send one keep working; `--require-reasons` turns it on). Corrections always do.
    void setReasonsRequired(bool required) { m_reasonsRequired = required; }
    [[nodiscard]] bool reasonsRequired() const { return m_reasonsRequired; }
    //! The clock a due time is checked against ("within MaxDueDays of now"); the real UTC
    //! clock by default. The demo simulator runs on its own day, and tests on fixed ones.
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

    //! Applies \a change to order \a id as one versioned write: one version up, one
    //! "order.updated" event, one history row per changed field (each with the actor and the
    //! reason). NotFound, Conflict (\a expectedVersion differs from the current version),
    //! Forbidden or BadRequest change nothing; on Conflict and on a refused rule `item` is the
    //! current row. Rules, decided on the row as it is under the write lock:
    //! - a status change of an open order follows canTransition(); `cancelled`/`failed` need a
    //!   reason when reasonsRequired();
    //! - an order in a final state changes only by a correction: any status (or field) change,
    //!   by an actor who mayCorrect (else Forbidden), with a reason (else BadRequest); a
    //!   correction to `assigned`, `picked_up` or `in_transit` needs a driver;
    //! - the driver must exist (BadRequest naming `driverId`), a deactivated driver cannot be
    //!   given an order, the driver may change only when the order is open after the write, and
    //!   a change back to new clears it; the order's ETA ends when it is final or changes driver;
    //! - the edited fields must make a valid order (window before due time and so on);
    //! - a change that changes nothing is a BadRequest.
    [[nodiscard]] StoreWrite<Order> change(const QString &id, const OrderChange &change,
        std::optional<qint64> expectedVersion, const OrderActor &actor);
    //! change() by an actor who may not correct final states.
    [[nodiscard]] StoreWrite<Order> change(const QString &id, const OrderChange &change,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! change() with only a status (and \a reason).
    [[nodiscard]] StoreWrite<Order> setStatus(const QString &id, OrderStatus to,
        std::optional<qint64> expectedVersion, const QString &actor, const QString &reason = {});
    //! Validates the draft (validateNewOrder()) and creates it (OrderRepository::create():
    //! idempotency key and externalRef decided in the same write transaction).
    [[nodiscard]] CreateOutcome create(const CreateRequest &request);
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
    //! appends "order.created" with the whole row. It needs a customer, a region and a due time.
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
    bool m_reasonsRequired = false;
    std::function<QDateTime()> m_now = [] { return QDateTime::currentDateTimeUtc(); };
};

} // namespace Ops
