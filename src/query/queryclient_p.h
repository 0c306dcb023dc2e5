#pragma once

// Private to src/query: the cache entry and the client's internals, shared by QueryClient,
// QueryObserver and Mutation.

#include <memory>
#include <vector>

#include <QHash>
#include <QSet>
#include <QTimer>
#include <QVariant>

#include "mutation.h"
#include "queryclient.h"
#include "queryclock.h"
#include "queryobserver.h"
#include "rowlist.h"

namespace Ops {

using Waiter = std::function<void()>;

//! Alive while a fetch runs, is paused, or waits for a retry.
struct QueryFetch
{
    std::optional<QueryContext> context;
    QueryState before; //!< restored by cancelQueries
    RetryPolicy retry;
    std::vector<Waiter> waiters;
    std::vector<Waiter> followUpWaiters; //!< settle with the fetch that follows this one
    bool followUp = false; //!< an invalidation asked for one more fetch after this one
    quint64 invalidateGen = 0; //!< the query's generations when the fetch started
    quint64 writeGen = 0;
    bool started = false; //!< the query function was called (not paused before it)
};

//! One mutate() call: an entry of the client's mutation cache (query-core's Mutation), owned by
//! the Mutation object that started it.
struct MutationRun
{
    Mutation *owner = nullptr;
    quint64 id = 0;
    MutationStatus status = MutationStatus::Pending;
    QJsonValue variables;
    QJsonValue context;
    QJsonValue data;
    Ops::Error error;
    Ops::Error failureReason;
    int failureCount = 0;
    bool paused = false;
    std::optional<QueryContext> inflight;
};

//! One optimistic write of a pending mutation run, kept apart from the server's value.
struct OptimisticLayer
{
    const MutationRun *mutation = nullptr;
    bool settled = false;
    bool rows = false; //!< a row patch (upserts / removals by id) instead of a whole value
    QJsonValue value;
    QHash<QString, QJsonObject> upserts;
    QHash<QString, qint64> baseVersion; //!< row version it was written over; -1 = new row
    QSet<QString> removed;
};

//! The failure half of QueryState: most queries never fail, so it is allocated on the first one.
struct QueryFailure
{
    Ops::Error error; //!< the last error; a background error keeps `data`
    Ops::Error failureReason; //!< the error of the last failed attempt
    qint64 errorUpdatedAt = 0;
    int failureCount = 0;
};

//! Rarely used parts of a query, allocated on demand to keep the entry small: a query written
//! with setQueryData and never fetched nor observed has none.
struct QueryCold
{
    QueryFn fn;
    QVariant meta;
    QJsonValue base; //!< the server's value while optimistic layers are applied on top
    QList<OptimisticLayer> layers;
    QList<QueryObserver *> observers;
    std::unique_ptr<QueryChangeSet> changes; //!< accumulated until the next notification
    std::unique_ptr<QueryFailure> failure;
    //! `data` as a row list with its id index, kept by patchServerRows() while `data` is the
    //! value it wrote (`rowsGen` == the query's dataGen).
    std::optional<RowList> rows;
    quint32 rowsGen = 0;
    //! The ids and versions of `data` while it is a list of versioned rows (`stampsGen` == the
    //! query's dataGen): a refetch then reads its answer only (RowList::diffVersioned).
    std::optional<RowStamps> stamps;
    quint32 stampsGen = 0;

    //! `data` was replaced: what was kept of the value before goes (and lets go of its rows).
    void dataReplaced()
    {
        rows.reset();
        stamps.reset();
    }
};

//! One cache entry. Held by shared_ptr so callbacks can hold a weak_ptr and outlive removal.
//!
//! Kept small (DESIGN.md: ≤ 300 B per cached query): the key is only its hash text, shared with
//! the cache's index (QueryKey::fromHash gives the parts back when someone needs them); the
//! state is split into the hot fields here and the rare ones in QueryCold / QueryFailure.
struct Query : std::enable_shared_from_this<Query>
{
    QByteArray hash; //!< QueryKey::hash() of the key
    QJsonValue data;
    qint64 dataUpdatedAt = 0; //!< ms since epoch; 0 = never
    std::unique_ptr<QueryFetch> fetch;
    std::unique_ptr<QueryCold> cold;
    qint64 gcAt = 0; //!< monotonic ms; 0 = not scheduled
    qint64 gcTimeMs = 5 * 60 * 1000;
    // Generations: a fetch remembers what it started after, so an answer can tell whether an
    // invalidation or a write happened while it was in flight. They are only compared for
    // equality with a value taken during one fetch, so 32 bits are plenty.
    quint32 fetchId = 0;
    quint32 invalidateGen = 0;
    quint32 writeGen = 0;
    quint32 dataGen = 0; //!< bumps whenever `data` changes (select memo)
    QueryStatus status = QueryStatus::Pending;
    FetchStatus fetchStatus = FetchStatus::Idle;
    bool isInvalidated = false;
    bool dirty = false;
    bool queuedRefetch = false;
    bool dataIsRowList = false; //!< `data` is a list of rows with ids (from the last diff)
    bool queuedRestart = false; //!< a queued refetch cancels a stale fetch in flight
    bool versionedRows = false; //!< an observer said the rows are versioned (diff by version)
    bool dataLayered = false; //!< `data` shows optimistic layers

    [[nodiscard]] bool isActive() const;
    [[nodiscard]] bool isDisabled() const;
    [[nodiscard]] bool isStatic() const;
    [[nodiscard]] bool isStale(qint64 nowMs) const;
    [[nodiscard]] bool hasData() const { return dataUpdatedAt > 0; }
    [[nodiscard]] bool isFetched() const
    {
        return dataUpdatedAt > 0 || (failure() && failure()->errorUpdatedAt > 0);
    }
    //! QueryState::isStale on this entry's fields.
    [[nodiscard]] bool isStaleFor(qint64 staleTimeMs, qint64 nowMs) const;
    //! The whole state, as observers and callers read it.
    [[nodiscard]] QueryState state() const;
    //! Sets every field of \a s (cancelQueries' revert).
    void restore(const QueryState &s);

    [[nodiscard]] const QList<QueryObserver *> &observers() const;
    [[nodiscard]] bool isObserved() const { return cold && !cold->observers.isEmpty(); }
    [[nodiscard]] QueryFailure *failure() const { return cold ? cold->failure.get() : nullptr; }
    QueryFailure &failureData()
    {
        QueryCold &c = coldData();
        if (!c.failure)
            c.failure = std::make_unique<QueryFailure>();
        return *c.failure;
    }
    //! `error = {}` (a success, or a new first fetch).
    void clearError()
    {
        if (auto *f = failure())
            f->error = {};
    }
    //! `failureCount = 0; failureReason = {}` (a new fetch, or a success).
    void clearFailures()
    {
        if (auto *f = failure()) {
            f->failureCount = 0;
            f->failureReason = {};
        }
    }
    QueryCold &coldData()
    {
        if (!cold)
            cold = std::make_unique<QueryCold>();
        return *cold;
    }
};

class QueryClient::Private
{
public:
    explicit Private(QueryClient *q);

    enum class FetchMode {
        JoinRunning, //!< automatic triggers (mount, focus, interval) join a fetch in flight
        CancelRunning, //!< imperative refetch / invalidate restart it
    };
    enum class MutationPhase {
        None,
        Mutate, //!< inside onMutate: writes are optimistic layers
        Rollback, //!< inside onError / onSettled after an error: a write to a layer drops it
    };

    QueryClient *q;
    QHash<QByteArray, std::shared_ptr<Query>> queries;
    //! Prefix index: `["a","b"` → queries whose key starts with those parts and is longer.
    QHash<QByteArray, QSet<Query *>> prefixIndex;
    QueryFn defaultFn;
    RetryPolicy retry;
    std::chrono::milliseconds defaultGcTime { 5 * 60 * 1000 };
    bool online = true;
    bool focused = true;
    bool eventsConnected = false;
    // Keys are built from the entry's hash only for receivers that exist.
    bool updatedConnected = false;
    bool removedConnected = false;
    bool receiversStale = false; //!< a receiver went away: re-read the three flags above
    QTimer flushTimer;
    QList<std::shared_ptr<Query>> dirty;
    QList<std::shared_ptr<Query>> pendingRefetch;
    QHash<Query *, std::vector<Waiter>> queuedWaiters;
    QueryClock *clock = QueryClock::system();
    QueryClock::TimerId gcTimer = 0;
    qint64 gcTimerAt = 0;
    // Mutations.
    const MutationRun *mutationScope = nullptr;
    MutationPhase phase = MutationPhase::None;
    QHash<const MutationRun *, QList<std::weak_ptr<Query>>> layerOwners;
    QHash<QString, QList<MutationRun *>> scopes;
    //! Runs pending or paused, in the order they started (the mutation cache's live part).
    QList<MutationRun *> mutations;
    int mutating = 0;

    [[nodiscard]] qint64 wallNow() const { return clock->now(); }
    [[nodiscard]] qint64 monoNow() const { return clock->monotonicNow(); }
    //! Runs sweep() at monotonic time \a at (or sooner when already due).
    void scheduleSweep(qint64 at);

    std::shared_ptr<Query> find(const QueryKey &key) const { return queries.value(key.hash()); }
    //! The entry's key: an observer's copy when there is one, else parsed from the hash.
    static QueryKey keyOf(const Query &query);
    static QString keyText(const Query &query) { return QString::fromUtf8(query.hash); }
    //! Adds (\a add) or removes \a query in the prefix buckets of its key's leading parts.
    void index(Query *query, bool add);
    std::shared_ptr<Query> ensure(const QueryKey &key);
    bool matchesRest(const Query &query, const QueryFilter &filter, qint64 now) const;
    //! The queries matching \a filter, as a list taken before any predicate runs (query-core
    //! filters a snapshot): a predicate may write to the cache.
    QList<std::shared_ptr<Query>> findAll(const QueryFilter &filter) const;
    //! The queries whose key matches \a filter's key, from the indexes; calls no outside code.
    QList<std::shared_ptr<Query>> matchKeys(const QueryFilter &filter) const;
    void event(QueryCacheEvent::Type type, QueryCacheEvent::Action action, const Query &query);
    //! Re-reads which of the cache signals have receivers, after disconnectNotify said one left.
    void refreshReceivers();

    void markDirty(const std::shared_ptr<Query> &query);
    void scheduleFlush();
    void flush();

    QueryFn functionFor(Query &query) const;
    RetryPolicy retryFor(const Query &query) const;
    void fetch(const std::shared_ptr<Query> &query, FetchMode mode, Waiter waiter = {});
    void start(const std::shared_ptr<Query> &query);
    void settle(
        const std::shared_ptr<Query> &query, bool ok, const QJsonValue &data, const Error &error);
    void resumePaused();
    //! One waiter that runs all of \a waiters (none when empty).
    [[nodiscard]] static Waiter joined(std::vector<Waiter> waiters);
    //! After a fetch settled: queue the follow-up fetch with \a followUpWaiters when \a refetch,
    //! else those waiters settle now with the fetch's own \a waiters.
    void finishFollowUp(const std::shared_ptr<Query> &query, bool refetch,
        std::vector<Waiter> followUpWaiters, std::vector<Waiter> &waiters);
    //! Every waiter of \a fetch (its own and its follow-up's), leaving it with none.
    [[nodiscard]] static std::vector<Waiter> takeWaiters(QueryFetch &fetch);
    //! Refetches \a query at the end of the turn; \a restart cancels a fetch in flight that
    //! started before the latest invalidation, otherwise a follow-up fetch runs after it.
    void queueRefetch(const std::shared_ptr<Query> &query, Waiter waiter, bool restart = true);

    void scheduleGc(const std::shared_ptr<Query> &query);
    void sweep();
    void remove(const std::shared_ptr<Query> &query);

    //! Sets the visible data (diff, change set, dataGen) without touching write generations.
    void commit(const std::shared_ptr<Query> &query, const QJsonValue &data,
        QueryCacheEvent::Action action);
    //! commit() of \a rows edited in place (no optimistic layer shown): the rows they recorded
    //! are the change set, nothing is diffed, and the list keeps its id index for the next edit.
    void commitRows(const std::shared_ptr<Query> &query, RowList rows);
    //! What every commit ends with: a success as of now, the event, the notification queued.
    void committed(const std::shared_ptr<Query> &query, QueryCacheEvent::Action action);
    //! setQueryData's path: an optimistic layer, a rollback, or a write of the server value.
    void write(const std::shared_ptr<Query> &query, const QJsonValue &data);
    //! A new server value: optimistic layers still pending are applied on top.
    void setBase(const std::shared_ptr<Query> &query, const QJsonValue &data,
        QueryCacheEvent::Action action);
    void addLayer(const std::shared_ptr<Query> &query, const QJsonValue &data);
    void dropLayers(const std::shared_ptr<Query> &query, const MutationRun *mutation);
    void recompute(const std::shared_ptr<Query> &query, QueryCacheEvent::Action action);
    void mutationSettled(const MutationRun *mutation);

    // Observers.
    void attach(QueryObserver *observer);
    void detach(QueryObserver *observer);
    void observerOptionsChanged(QueryObserver *observer, bool enabledChanged);
    void observerFetch(QueryObserver *observer, FetchMode mode);
    void triggerObservers(RefetchOn QueryOptions::*trigger);
};

} // namespace Ops
