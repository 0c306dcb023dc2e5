#pragma once

#include <atomic>
#include <limits>
#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/error.h"
#include "protocol/changeevent.h"
#include "storelisting.h"

QT_BEGIN_NAMESPACE
class QSqlDatabase;
class QSqlQuery;
QT_END_NAMESPACE

namespace Ops {

class Database;
namespace Sql {
class Transaction;
}

//! \brief An event plus the region it concerns (empty = every region), for filtering.
struct LoggedEvent
{
    ChangeEvent event;
    QString region;
};

//! \brief The durable change-event log: every committed write appends one event in its own
//! transaction, so seq order is commit order; sessions replay from it and webhooks read it.
//!
//! The seq is taken under the write lock every writer queues for (SQLite: `BEGIN IMMEDIATE`
//! and AUTOINCREMENT; PostgreSQL: the `event_head` row, `FOR UPDATE`). The epoch is stored in
//! the database, so every instance on one database shares it.
class EventLog
{
public:
    //! The LISTEN/NOTIFY channel on PostgreSQL.
    static constexpr QLatin1StringView NotificationChannel { "opsboard_events" };

    explicit EventLog(const Database &database);
    EventLog(const EventLog &) = delete;
    EventLog &operator=(const EventLog &) = delete;

    //! Reads the epoch, creating one for a new database.
    [[nodiscard]] Error loadEpoch();
    [[nodiscard]] QString epoch() const { return m_epoch; }
    //! The epoch another instance started (PostgreSQL), learnt from the head.
    void setEpoch(const QString &epoch) { m_epoch = epoch; }

    //! Appends \a event inside the caller's write transaction on \a db and fills in its seq
    //! (and epoch); false on failure. PostgreSQL also queues a NOTIFY, delivered on commit.
    [[nodiscard]] bool append(const QSqlDatabase &db, ChangeEvent &event, const QString &region);
    //! The epoch and the last assigned seq as \a db sees them (inside the caller's transaction:
    //! the same snapshot as its rows). Correct even when the log has been trimmed empty.
    [[nodiscard]] static std::optional<StreamPosition> readHead(const QSqlDatabase &db);

    //! The last assigned seq (0 for a fresh log) with the current epoch.
    [[nodiscard]] StreamPosition head() const;
    //! Up to \a limit events with seq > \a seq, in seq order.
    [[nodiscard]] QList<ChangeEvent> eventsAfter(qint64 seq, int limit) const;
    //! Like eventsAfter(), with the region each event concerns.
    [[nodiscard]] QList<LoggedEvent> loggedAfter(qint64 seq, int limit) const;
    //! The smallest retained seq; head().seq + 1 when the log holds nothing.
    [[nodiscard]] qint64 oldestSeq() const;
    //! The newest \a limit events (newest first) of \a entities in \a visibleRegions, each with
    //! what explains it: an order's history row (actor, field, from, to), a payment's order, an
    //! alert's message and subject. For GET /api/events. Order updates that changed nothing
    //! anybody did (ETAs, which leave no history row) are left out.
    [[nodiscard]] StoreListing<QJsonObject> recent(
        const QStringList &visibleRegions, const QStringList &entities, int limit) const;

    //! Deletes all but the newest \a keepLast events, never one after \a keepAfter (what a
    //! webhook endpoint has not received yet). Returns how many were deleted, or -1.
    qint64 trim(int keepLast, qint64 keepAfter = std::numeric_limits<qint64>::max());
    //! Deletes the events older than \a cutoff, never one after \a keepAfter. Returns how many
    //! were deleted, or -1.
    qint64 trimOlderThan(
        const QDateTime &cutoff, qint64 keepAfter = std::numeric_limits<qint64>::max());
    //! Empties the log and starts a new epoch: every older position becomes meaningless.
    [[nodiscard]] Error reset();

    //! Moves on whenever what a read at the same head() answers may have changed without a new
    //! event: this instance trimmed or reset the log, or wrote rows without events (an initial
    //! state). A read's answer may be reused while head() and this are both unchanged.
    [[nodiscard]] quint64 generation() const { return m_generation.load(); }
    //! Rows changed without an event (see generation()).
    void noteChangeWithoutEvent() { ++m_generation; }

private:
    //! Runs the prepared DELETE \a q of a trim (\a what names it) in \a tx and commits: how
    //! many events it deleted (the generation moves on when any), or -1.
    qint64 commitTrim(Sql::Transaction &tx, QSqlQuery &q, QLatin1StringView what);

    const Database &m_database;
    QString m_epoch;
    std::atomic<quint64> m_generation { 0 };
};

} // namespace Ops
