#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "protocol/order.h"
#include "protocol/orderhistoryentry.h"
#include "storelisting.h"
#include "versionedwrite.h"

namespace Ops {

//! \brief Filter, sort and page of an order list. Values are validated by the caller;
//! an unknown sort key is a BadRequest.
struct OrderQuery
{
    QStringList statuses; //!< empty = any
    QStringList regions; //!< requested regions; empty = any
    QStringList drivers; //!< requested driver ids; empty = any
    QStringList visibleRegions; //!< the caller's scope; empty = all
    //! id, dueAt, updatedAt, amountCents, status, customer, region, driverId (no driver
    //! sorts as an empty id)
    QString sort = QStringLiteral("id");
    bool descending = false;
    int limit = -1; //!< -1 = no limit
    int offset = 0;
    //! Only orders changed by an event with seq > this (delta reads); filters other than
    //! the region scope are NOT applied, so the caller can tell "left the filter" apart.
    std::optional<qint64> changedAfter;
    //! When valid: finished orders (delivered, cancelled, failed) last changed before this are
    //! left out (the default view's ageing). Not applied to delta reads either.
    QDateTime finishedSince;
};

//! \brief Orders plus the event-log head read in the same transaction, so a client can
//! subscribe `since` that position without a gap.
struct OrderList
{
    QList<Order> orders;
    StreamPosition position;
    Error error;
    qint64 total = 0; //!< rows matching the filter, before limit/offset
};

//! \brief One field a write changed: its name on the wire (the event's `fields`), its name in
//! the history, and both values as the history records them (text; "" for none).
struct OrderFieldChange
{
    QLatin1StringView historyField;
    QString from;
    QString to;
};

//! \brief A history row a write adds besides the fields it changed (a driver's `reason`, `note`
//! or `photo` reference): `field` with `to` = \a value.
struct OrderAnnotation
{
    QString field;
    QString value;
};

template<> struct RowTraits<Order>
{
    static constexpr QLatin1StringView entity { "order" };
    static std::optional<Order> select(const QSqlDatabase &db, const QString &id);
    static QString region(const Order &order) { return order.region; }
    static void stamp(Order &next, const QDateTime &now) { next.updatedAt = now; }
    //! `updatedAt` plus each wire field the write changed (a removed value as `null`): with them
    //! the cached row is the whole new row.
    static QJsonObject changedFields(const Order &current, const Order &next);
    //! The history rows of a write from \a current to \a next: `status` first (the activity
    //! feed shows the first row of a seq), then `driver`, then every edited field.
    static QList<OrderFieldChange> changes(const Order &current, const Order &next);
    //! Writes the row and one history row per changed field, each with \a by's actor and reason.
    static bool update(const QSqlDatabase &db, const Order &current, const Order &next,
        const ChangeEvent &event, const WriteBy &by);
    //! True when every write of \a current after \a version was an ETA update (no history
    //! row): a dispatcher's If-Match on \a version still holds.
    static bool onlyDerivedChangesSince(
        const QSqlDatabase &db, const Order &current, qint64 version);
};

//! \brief The answer an idempotent create gave first, kept to be given again.
struct IdempotentAnswer
{
    int status = 0;
    QByteArray body; //!< the JSON body as sent
    QString orderId;
};

//! \brief A create of one order, optionally idempotent.
struct CreateRequest
{
    Order draft; //!< id empty (the next "ORD-nnnnn") or a new id
    QString actor;
    //! Empty: none. Otherwise a retry with the same key (per actor) gets the first answer.
    QString idempotencyKey;
    QByteArray requestHash; //!< of the request the key stands for
};

//! \brief What create() did: created the order (`created`), found the order that already has
//! the draft's externalRef (not `created`; nothing written but the idempotency key), or, for a
//! key seen before, `replay` holds the first answer (nothing written).
struct CreateOutcome
{
    Error error;
    std::optional<Order> order;
    std::optional<ChangeEvent> event; //!< only when created
    bool created = false;
    std::optional<IdempotentAnswer> replay;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

//! \brief The `orders` and `order_history` tables (and the idempotency keys of creates).
class OrderRepository
{
public:
    explicit OrderRepository(StoreContext &context);
    OrderRepository(const OrderRepository &) = delete;
    OrderRepository &operator=(const OrderRepository &) = delete;

    //! Every order, by id.
    [[nodiscard]] OrderList list() const;
    [[nodiscard]] OrderList query(const OrderQuery &query) const;
    [[nodiscard]] std::optional<Order> get(const QString &id) const;
    [[nodiscard]] qint64 count() const;
    //! The audit rows of order \a id, oldest first.
    [[nodiscard]] QList<OrderHistoryEntry> history(const QString &id) const;
    //! The ids of the orders with one of \a refs as externalRef (ref → id).
    [[nodiscard]] QHash<QString, QString> idsByExternalRef(const QStringList &refs) const;
    //! The open orders (new, assigned, picked up, in transit) of \a driverIds, by id; nullopt
    //! when the database cannot be read.
    [[nodiscard]] std::optional<QList<Order>> openOrdersOf(const QStringList &driverIds) const;
    //! The drivers that have open orders, by id; nullopt when the database cannot be read.
    [[nodiscard]] std::optional<QStringList> driversWithOpenOrders() const;
    //! Ids of the finished orders in \a visibleRegions (empty = all) last changed in
    //! [\a from, \a to): those that left a view ageing at \a to since it aged at \a from.
    [[nodiscard]] std::optional<QStringList> finishedBetween(
        const QStringList &visibleRegions, const QDateTime &from, const QDateTime &to) const;

    //! The versioned write of order \a id (see versionedWrite()); the rules of what may change
    //! are \a decide's (the domain's OrderService).
    [[nodiscard]] StoreWrite<Order> update(const QString &id, std::optional<qint64> expectedVersion,
        const WriteBy &by, const RowDecision<Order> &decide);
    //! The versioned writes of \a steps, one after another on order \a id in one transaction
    //! (one commit; one version and one "order.updated" event per step, announced after the
    //! commit in order): \a expectedVersion is checked before the first step, and
    //! \a annotations become history rows of the last. When a step is refused nothing is
    //! written at all. Returns the last step's write (on a refusal of the first step `item` is
    //! the current row; of a later one, none).
    [[nodiscard]] StoreWrite<Order> updateSteps(const QString &id,
        std::optional<qint64> expectedVersion, const QString &actor,
        const QList<RowDecision<Order>> &steps, const QList<OrderAnnotation> &annotations);
    //! The ids of driver \a driverId's open orders (assigned, picked up, in transit), read as
    //! the connection sees them: inside a write transaction, under its lock.
    [[nodiscard]] std::optional<QStringList> openOrderIdsOf(const QString &driverId) const;
    //! Several versioned writes in one transaction (see versionedWriteBatch()).
    [[nodiscard]] QList<StoreWrite<Order>> update(
        const QList<VersionedChange<Order>> &changes, const QString &actor);
    //! Inserts the draft as version 1 (id assigned as the next "ORD-nnnnn" when empty; Conflict
    //! when the id exists) with an "order.created" event carrying the whole row and a `created`
    //! history row, all in one write transaction that also decides the idempotency key and
    //! the externalRef (see CreateOutcome). The key is stored with the answer (201 and the row,
    //! or 200 and the existing row) in the same transaction.
    [[nodiscard]] CreateOutcome create(const CreateRequest &request);
    //! create() without a key; an existing externalRef is a Conflict.
    [[nodiscard]] StoreWrite<Order> create(const Order &draft, const QString &actor);
    //! Deletes idempotency keys stored before \a cutoff; how many, or -1.
    qint64 trimIdempotencyKeys(const QDateTime &cutoff);

    //! Inserts \a orders as they are, in \a db's open transaction, with no events: an initial
    //! state the log starts from.
    [[nodiscard]] static bool insertInitial(const QSqlDatabase &db, const QList<Order> &orders);
    //! Inside \a db's write transaction: gives \a orders the next free ids, version 1 and
    //! `updatedAt` \a now, and inserts them with a `created` history row each at \a seq (the
    //! event that announces them). One prepared statement per table for the whole batch.
    [[nodiscard]] static bool insertCreated(const QSqlDatabase &db, QList<Order> &orders,
        qint64 seq, const QDateTime &now, const QString &actor);
    //! idsByExternalRef() on \a db (inside the caller's transaction); false on a storage failure.
    [[nodiscard]] static bool idsByExternalRefIn(
        const QSqlDatabase &db, const QStringList &refs, QHash<QString, QString> *out);
    //! Inserts \a entries (history of such a state; their seq is 0: no event) in \a db's open
    //! transaction.
    [[nodiscard]] static bool insertInitialHistory(
        const QSqlDatabase &db, const QList<OrderHistoryEntry> &entries);

private:
    StoreContext &m_context;
};

} // namespace Ops
