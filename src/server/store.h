#pragma once

#include "core/error.h"
#include "protocol/changeevent.h"
#include "protocol/order.h"

#include <QList>
#include <QObject>
#include <QString>
#include <optional>

namespace Ops {

//! \brief The server's storage: orders, the change-event log and meta data, in SQLite via QtSql.
//!
//! Every write appends to `event_log` in the same `BEGIN IMMEDIATE` transaction as the row
//! change, so the AUTOINCREMENT `seq` is assigned under SQLite's write lock: seq order equals
//! commit order. After the commit, eventAppended() announces the event.
class Store : public QObject
{
    Q_OBJECT

public:
    //! \brief Orders plus the event-log head read in the same transaction, so a client can
    //! subscribe `since` that position without a gap.
    struct OrderList
    {
        QList<Order> orders;
        StreamPosition position;
        Error error;
    };

    //! \brief Outcome of a write. On success `order` is the new row. On Conflict (and on
    //! BadRequest for an invalid transition) `order` is the CURRENT row, unchanged.
    struct WriteResult
    {
        Error error;
        std::optional<Order> order;
        std::optional<ChangeEvent> event;

        [[nodiscard]] bool ok() const { return error.ok(); }
    };

    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    //! Opens (creating if needed) the database at \a path and runs pending migrations.
    //! `:memory:` works for a single connection.
    [[nodiscard]] Error open(const QString &path);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString connectionName() const { return m_connectionName; }

    //! The schema version after migrations (`PRAGMA user_version`).
    [[nodiscard]] int schemaVersion() const;
    //! The log's epoch: random hex, created with the database, renewed by resetLog().
    [[nodiscard]] QString epoch() const { return m_epoch; }

    //! Inserts \a count deterministic demo orders from \a seed. Does nothing if orders exist.
    //! Seeding writes no events: it is the initial state the log starts from.
    [[nodiscard]] Error seedDemo(int count, quint32 seed);

    [[nodiscard]] OrderList listOrders() const;
    [[nodiscard]] std::optional<Order> order(const QString &id) const;
    [[nodiscard]] qint64 orderCount() const;

    //! Moves order \a id to \a to. NotFound, Conflict (\a expectedVersion differs from the
    //! current version) or BadRequest (not allowed by canTransition()) change nothing.
    [[nodiscard]] WriteResult updateOrderStatus(const QString &id, OrderStatus to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Inserts \a draft as version 1 (id assigned as the next "ORD-nnnnn" when empty) and
    //! appends "order.created".
    [[nodiscard]] WriteResult createOrder(const Order &draft, const QString &actor);

    //! The last assigned seq (0 for a fresh log) with the current epoch.
    [[nodiscard]] StreamPosition head() const;
    //! Up to \a limit events with seq > \a seq, in seq order.
    [[nodiscard]] QList<ChangeEvent> eventsAfter(qint64 seq, int limit) const;
    //! The smallest retained seq; head().seq + 1 when the log holds nothing.
    [[nodiscard]] qint64 oldestSeq() const;
    //! Deletes all but the newest \a keepLast events. Returns how many were deleted, or -1.
    qint64 trimLog(int keepLast);
    //! Empties the log and starts a new epoch: every older position becomes meaningless.
    [[nodiscard]] Error resetLog();

Q_SIGNALS:
    //! A committed change, emitted after the transaction that recorded it committed.
    void eventAppended(const Ops::ChangeEvent &event);

private:
    [[nodiscard]] Error migrate();
    [[nodiscard]] Error loadEpoch();

    QString m_connectionName;
    QString m_epoch;
};

} // namespace Ops
