#pragma once

#include <functional>
#include <optional>

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/error.h"
#include "protocol/changeevent.h"
#include "sqlsupport.h"
#include "storelisting.h"

//! \file The one write path of the storage room: a write transaction that appends to the event
//! log and announces after the commit, and on top of it the versioned write of one row (read
//! under the write lock, If-Match check, a caller's decision, version + 1, event, commit).

namespace Ops {

class Database;
class EventLog;

//! \brief Who makes a write and, where the rules ask for one, why: the history rows of the write
//! record both.
struct WriteBy
{
    QString actor;
    QString reason {}; //!< empty: none given
};

//! \brief What a repository needs from the store: the connection, the event log, and the
//! announcement of committed events (which the Store turns into its signals).
struct StoreContext
{
    const Database &database;
    EventLog &log;
    std::function<void(const ChangeEvent &event, const QString &region)> announce;
};

//! \brief A write transaction that takes the write lock at once (SQLite `BEGIN IMMEDIATE`,
//! PostgreSQL the `event_head` row), so no writer slips in between a check and its update and
//! seqs are handed out in commit order. Events appended through it are announced, in order,
//! only after commit() succeeded; going out of scope uncommitted rolls everything back.
class WriteTransaction
{
public:
    explicit WriteTransaction(
        StoreContext &context, Sql::Durability durability = Sql::Durability::Full);

    [[nodiscard]] bool isActive() const { return m_tx.isActive(); }
    //! Ok once the transaction holds the write lock; else the storage failure that says it
    //! could not start (what every write answers then).
    [[nodiscard]] Error startError() const;
    [[nodiscard]] const QSqlDatabase &connection() const { return m_db; }
    //! Appends \a event (its seq and epoch are filled in) for \a region.
    [[nodiscard]] bool append(ChangeEvent &event, const QString &region);
    //! Commits, then announces the appended events.
    [[nodiscard]] bool commit();
    //! A storage failure of this transaction's connection, named by \a message.
    [[nodiscard]] Error failure(const QString &message) const;

private:
    StoreContext &m_context;
    QSqlDatabase m_db;
    Sql::Transaction m_tx;
    QList<std::pair<ChangeEvent, QString>> m_events;
};

//! \brief How a repository reads and writes its rows; specialised once per entity type
//! (`Order`, `Driver`, `Alert`) next to its repository:
//!
//! - `static constexpr QLatin1StringView entity` — `"order"`, also the event's entity;
//! - `static std::optional<Row> select(const QSqlDatabase &, const QString &id)`;
//! - `static QString region(const Row &)` — the region its events concern;
//! - `static void stamp(Row &next, const QDateTime &now)` — times a write sets (`updatedAt`);
//! - `static QJsonObject changedFields(const Row &current, const Row &next)` — the event's
//!   `fields`;
//! - `static bool update(const QSqlDatabase &, const Row &current, const Row &next,
//!   const ChangeEvent &event, const WriteBy &by)` — writes \a next over \a current
//!   (`WHERE id = ? AND version = current.version`), with any history rows;
//! - optionally `static bool onlyDerivedChangesSince(const QSqlDatabase &, const Row &current,
//!   qint64 version)` — true when every write after \a version only changed what the server
//!   derives itself (an order's ETA): an If-Match naming \a version is then still current.
template<typename Row> struct RowTraits;

//! What a write does to a row, decided from the current row inside the write transaction:
//! changes \a next (a copy of \a current) or returns why not (a BadRequest, a Forbidden…).
template<typename Row> using RowDecision = std::function<Error(const Row &current, Row &next)>;

//! \brief The versioned write of one row inside \a tx: reads row \a id under the write lock,
//! checks \a expectedVersion (Conflict with the current row), lets \a decide change it, then
//! writes it one version up with one `<entity>.updated` event. On NotFound, Conflict or a
//! refused decision nothing is written and `item` is the current row (when there is one).
template<typename Row>
[[nodiscard]] StoreWrite<Row> versionedWriteIn(WriteTransaction &tx, const QString &id,
    std::optional<qint64> expectedVersion, const WriteBy &by, const RowDecision<Row> &decide)
{
    using Traits = RowTraits<Row>;
    StoreWrite<Row> result;
    const auto current = Traits::select(tx.connection(), id);
    if (!current) {
        result.error = Error { ErrorKind::NotFound,
            QStringLiteral("%1 %2 not found").arg(Traits::entity, id) };
        return result;
    }
    bool stale = expectedVersion && *expectedVersion != current->version;
    if constexpr (requires(const QSqlDatabase &db) {
                      Traits::onlyDerivedChangesSince(db, *current, qint64());
                  }) {
        stale =
            stale && !Traits::onlyDerivedChangesSince(tx.connection(), *current, *expectedVersion);
    }
    if (stale) {
        result.error = Error { ErrorKind::Conflict,
            QStringLiteral("%1 %2 is at version %3, not %4")
                .arg(Traits::entity, id)
                .arg(current->version)
                .arg(*expectedVersion) };
        result.item = current;
        return result;
    }
    Row next = *current;
    if (Error refused = decide(*current, next); !refused.ok()) {
        result.error = refused;
        result.item = current;
        return result;
    }
    const QDateTime now = Sql::nowUtc();
    next.version = current->version + 1;
    Traits::stamp(next, now);
    // The event first: its seq is the row's changed_seq and the history rows' seq.
    ChangeEvent event { 0, {}, QString(Traits::entity) + QStringLiteral(".updated"),
        QString(Traits::entity), id, next.version, now, Traits::changedFields(*current, next) };
    if (!tx.append(event, Traits::region(next))
        || !Traits::update(tx.connection(), *current, next, event, by)) {
        result.error = tx.failure(QStringLiteral("cannot update %1 %2").arg(Traits::entity, id));
        return result;
    }
    result.item = std::move(next);
    result.event = event;
    return result;
}

//! versionedWriteIn() in a transaction of its own, committed (and announced) when it succeeds,
//! as durably as \a durability says.
template<typename Row>
[[nodiscard]] StoreWrite<Row> versionedWrite(StoreContext &context, const QString &id,
    std::optional<qint64> expectedVersion, const WriteBy &by, const RowDecision<Row> &decide,
    Sql::Durability durability = Sql::Durability::Full)
{
    WriteTransaction tx(context, durability);
    if (!tx.isActive())
        return { tx.startError(), std::nullopt, std::nullopt };
    StoreWrite<Row> result = versionedWriteIn<Row>(tx, id, expectedVersion, by, decide);
    if (result.ok() && !tx.commit()) {
        return { tx.failure(QStringLiteral("cannot commit the change of %1 %2")
                                .arg(RowTraits<Row>::entity, id)),
            std::nullopt, std::nullopt };
    }
    return result;
}

//! \brief One row's change in a batch: versionedWriteIn()'s arguments.
template<typename Row> struct VersionedChange
{
    QString id;
    std::optional<qint64> expectedVersion;
    RowDecision<Row> decide;
};

//! Every change of \a changes in one transaction (one commit, one fsync; the events announced
//! after it, in order). A change refused on its own (NotFound, Conflict, a decision) is refused
//! in its result and the others still go through; a storage failure fails them all.
template<typename Row>
[[nodiscard]] QList<StoreWrite<Row>> versionedWriteBatch(
    StoreContext &context, const QList<VersionedChange<Row>> &changes, const WriteBy &by)
{
    QList<StoreWrite<Row>> results(changes.size());
    const auto failAll = [&results](const Error &error) {
        for (StoreWrite<Row> &r : results)
            r = StoreWrite<Row> { error, std::nullopt, std::nullopt };
        return results;
    };
    if (changes.isEmpty())
        return results;
    WriteTransaction tx(context);
    if (!tx.isActive())
        return failAll(tx.startError());
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const VersionedChange<Row> &change = changes.at(i);
        results[i] =
            versionedWriteIn<Row>(tx, change.id, change.expectedVersion, by, change.decide);
        const ErrorKind kind = results[i].error.kind;
        if (kind == ErrorKind::Storage || kind == ErrorKind::Unavailable)
            return failAll(results[i].error); // rolled back: none of the batch happened
    }
    if (!tx.commit())
        return failAll(tx.failure(QStringLiteral("cannot commit a batch of changes")));
    return results;
}

} // namespace Ops
