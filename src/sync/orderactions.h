#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>

#include "protocol/order.h"

namespace Ops {

class ApiClient;
class ConnectionManager;
class QueryClient;

//! \brief The server's answer for one order of an action.
struct OrderActionResult
{
    QString id;
    bool ok = false;
    QString error; //!< wire error name (`conflict`, `bad_request`, `forbidden`, …) when not ok
    QString message; //!< what to tell the dispatcher when not ok
};

//! \brief What a dispatcher does to orders, as optimistic mutations on the query cache.
//!
//! The actions write into the orders list, QueryKeys::orders() (what the orders table shows).
//! A status change shows at once: the cached row gets the new status as an optimistic layer,
//! which the query layer reports as pending (QueryObserver::pendingRowIds; OrdersTableModel
//! shows it marked). The server's answer replaces it; a
//! failure removes the layer (rollback) and says why; a 409 writes the server's current row into
//! the cache and reports both versions so the dispatcher can retry on the current one or drop
//! the change. Nothing that needs the server is attempted while the connection is not Live.
class OrderActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderActions)
    Q_PROPERTY(bool available READ isAvailable NOTIFY availableChanged)

public:
    OrderActions(QueryClient *queries, ApiClient *api, ConnectionManager *connection,
        QObject *parent = nullptr);
    ~OrderActions() override;

    //! True while the connection is Live.
    [[nodiscard]] bool isAvailable() const;
    //! A change of this order is waiting for the server.
    [[nodiscard]] bool isPending(const QString &id) const { return m_pending.value(id) > 0; }
    //! Orders with a change waiting for the server's answer.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }
    //! The order as the cache shows it now (with optimistic writes); empty if unknown.
    [[nodiscard]] QJsonObject cachedOrder(const QString &id) const;

    //! Changes one order's status against the version shown (`If-Match`). Returns false (and
    //! changes nothing) when not available or the order is not in the cache.
    bool setStatus(const QString &id, OrderStatus status);
    //! As above against \a expectedVersion: "retry on the server's current version".
    bool setStatus(const QString &id, OrderStatus status, qint64 expectedVersion);
    //! As above with a reason, which the server records in the order's history (cancelling or
    //! failing an order, and correcting a final state, which managers only may do).
    bool setStatus(const QString &id, OrderStatus status, const QString &reason);
    bool setStatus(
        const QString &id, OrderStatus status, qint64 expectedVersion, const QString &reason);
    //! Changes every order in \a ids (1–500) to \a status (with \a reason for all when not
    //! empty); bulkFinished() reports each.
    bool setStatusBulk(const QStringList &ids, OrderStatus status, const QString &reason = {});
    //! Edits order \a id's fields: \a changes as `PATCH /api/orders/<id>` takes them (`pickup`,
    //! `dueAt`, `contactPhone`, …; a position's two keys or `windowStart` null remove it),
    //! against the version shown. Optimistic: the row shows the new values at once; the server's
    //! answer replaces them (editConfirmed()), a refusal rolls them back (editFailed(), naming
    //! the field when the server did), and a conflict writes the server's current row into the
    //! cache (editConflict()). Returns false (nothing changed) when not available, \a changes is
    //! empty or the order is not in the cache.
    bool editOrder(const QString &id, const QJsonObject &changes);
    //! Creates an order from \a fields (`POST /api/orders`). \a idempotencyKey names this
    //! submission: sending the same fields again with the same key (after a timeout, say) gets
    //! the first answer, never a second order. The new row goes into the orders list at once
    //! (the event that follows finds it there). orderCreated() or createFailed() says how it
    //! went. Returns false when not available.
    bool createOrder(const QJsonObject &fields, const QByteArray &idempotencyKey);
    //! Gives every open order of \a fromDriver to \a toDriver (empty: to no driver), with
    //! \a reason for the history; reassignFinished() reports one result per order. Returns
    //! false when not available or the drivers are the same.
    bool reassignAll(const QString &fromDriver, const QString &toDriver, const QString &reason);
    //! Gives order \a id to driver \a driverId (empty: takes it away) against the version shown;
    //! a new order becomes assigned in the same write. Optimistic like a status change: confirmed
    //! by statusConfirmed(), rolled back with assignFailed(). On a conflict the server's current
    //! row replaces the cached one and assignFailed() says so: the dispatcher decides again on
    //! what is there now. Returns false (nothing changed) when not available, the order is not
    //! in the cache or is final.
    bool assignDriver(const QString &id, const QString &driverId);

Q_SIGNALS:
    void availableChanged(bool available);
    //! An order's pending state changed (a change started or settled).
    void pendingChanged(const QString &id);
    //! The server confirmed a change (of status or driver); \a order is its answer.
    void statusConfirmed(const QString &id, const QJsonObject &order);
    //! A change was rolled back; \a message says why.
    void statusFailed(const QString &id, Ops::OrderStatus wanted, const QString &message);
    //! A driver assignment was rolled back (refused, failed, or another change came first);
    //! \a message says why.
    void assignFailed(const QString &id, const QString &driverId, const QString &message);
    //! Another change reached the server first. \a yours is the order as this dispatcher meant
    //! it (the version they saw, with the wanted status and `reason` when one was given);
    //! \a current is the server's row.
    void conflictDetected(const QString &id, Ops::OrderStatus wanted, const QJsonObject &yours,
        const QJsonObject &current);
    //! A bulk change settled: one result per requested id, in request order.
    void bulkFinished(Ops::OrderStatus status, const QList<Ops::OrderActionResult> &results);
    //! The server took an edit; \a order is its answer.
    void editConfirmed(const QString &id, const QJsonObject &order);
    //! An edit was refused and rolled back. \a field names the field when the server did.
    void editFailed(const QString &id, const QString &field, const QString &message);
    //! Another change reached the server first: \a current is the server's row (now in the
    //! cache), \a yours the changes that were not applied.
    void editConflict(const QString &id, const QJsonObject &yours, const QJsonObject &current);
    //! The create sent with \a idempotencyKey answered: \a order is the new row, or the order
    //! that already had the `externalRef` (\a existed).
    void orderCreated(const QByteArray &idempotencyKey, const QString &id, const QJsonObject &order,
        bool existed);
    //! The create sent with \a idempotencyKey was refused or failed; \a field names the field
    //! when the server did.
    void createFailed(
        const QByteArray &idempotencyKey, const QString &field, const QString &message);
    //! A reassignment settled: one result per order the server moved (or could not).
    void reassignFinished(const QString &fromDriver, const QString &toDriver,
        const QList<Ops::OrderActionResult> &results, const QString &message);

private:
    bool start(
        const QString &id, OrderStatus status, qint64 expectedVersion, const QString &reason);
    //! The server's answer to one order's change: into the cache, and said.
    void confirm(const QString &id, const QJsonObject &order);
    //! Writes server rows into the cache (base value, not optimistic).
    void writeServerRows(const QList<QJsonObject> &rows);
    void beginPending(const QStringList &ids);
    void endPending(const QStringList &ids);

    QueryClient *m_queries;
    QPointer<ApiClient> m_api;
    ConnectionManager *m_connection;
    QHash<QString, int> m_pending;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::OrderActionResult)
