#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <QObject>

#include "querycacheevent.h"
#include "querychangeset.h"
#include "querycontext.h"
#include "querykey.h"
#include "querystate.h"
#include "retrypolicy.h"

namespace Ops {

class Mutation;
class QueryClock;
class QueryObserver;
class RowList;

//! \brief Which cached queries an operation applies to (query-core's `QueryFilters`).
//!
//! Matching uses the cache's indexes: an exact key is one hash lookup, a prefix of scalar parts
//! one bucket lookup; only the matches are visited, never the whole cache.
struct QueryFilter
{
    enum class Type {
        All,
        Active, //!< at least one enabled observer
        Inactive,
    };

    QueryKey key; //!< prefix (partial match) unless `exact`; empty = every query
    bool exact = false;
    Type type = Type::All;
    std::function<bool(const QueryKey &, const QueryState &)> predicate;
    std::optional<bool> stale; //!< only stale (true) or only fresh (false) queries
    std::optional<FetchStatus> fetchStatus;

    static QueryFilter prefix(QueryKey key)
    {
        QueryFilter f;
        f.key = std::move(key);
        return f;
    }
    static QueryFilter exactly(QueryKey key)
    {
        QueryFilter f;
        f.key = std::move(key);
        f.exact = true;
        return f;
    }
    QueryFilter &withType(Type t)
    {
        type = t;
        return *this;
    }
    QueryFilter &withStale(bool s)
    {
        stale = s;
        return *this;
    }
    QueryFilter &withFetchStatus(FetchStatus s)
    {
        fetchStatus = s;
        return *this;
    }
    QueryFilter &withPredicate(std::function<bool(const QueryKey &, const QueryState &)> p)
    {
        predicate = std::move(p);
        return *this;
    }
};

//! Which invalidated queries are refetched right away.
enum class RefetchType {
    Active,
    Inactive,
    All,
    None,
};

//! What an invalidation does to a fetch of the query that started before it.
enum class RunningFetch {
    Restart, //!< cancel it and fetch again (query-core's `cancelRefetch: true`)
    FollowUp, //!< let it finish and apply its answer, then fetch once more
};

//! \brief The cache of server state: the single source of truth models read from.
//!
//! A Qt port of TanStack Query's QueryClient (query-core v5 semantics). Queries are fetched
//! through a QueryFn, deduplicated while in flight, retried, invalidated by prefix, written with
//! setQueryData and garbage-collected when unobserved and idle. Change notifications are
//! coalesced per event-loop turn: a burst of updates to one key costs one queryUpdated(key) and
//! one QueryObserver::resultChanged(), and the observer can read the net row change set.
class QueryClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryClient)
    Q_PROPERTY(bool online READ isOnline WRITE setOnline NOTIFY onlineChanged)
    Q_PROPERTY(bool focused READ isFocused WRITE setFocused NOTIFY focusedChanged)

public:
    //! Called once when every fetch an operation started has settled (or was cancelled).
    //! By default it never reports a failure (query-core's `throwOnError: false`).
    using Completion = std::function<void()>;
    using Updater = std::function<std::optional<QJsonValue>(const QJsonValue &)>;

    explicit QueryClient(QObject *parent = nullptr);
    ~QueryClient() override;

    //! The function used for queries whose observer brings none.
    void setDefaultQueryFn(QueryFn fn);
    void setRetryPolicy(const RetryPolicy &policy);
    [[nodiscard]] RetryPolicy retryPolicy() const;
    void setDefaultGcTime(std::chrono::milliseconds gcTime);
    //! The clock for timestamps, retry delays, garbage collection and polling (not owned; it
    //! must outlive the client). Default: QueryClock::system(). Set it before any query exists.
    void setClock(QueryClock *clock);
    [[nodiscard]] QueryClock *clock() const;

    [[nodiscard]] QueryState state(const QueryKey &key) const;
    [[nodiscard]] QJsonValue queryData(const QueryKey &key) const;
    //! The data of every query matching \a filter, with its key (query-core's
    //! `getQueriesData`): several queries read at once.
    [[nodiscard]] QList<std::pair<QueryKey, QJsonValue>> queriesData(
        const QueryFilter &filter) const;
    [[nodiscard]] QVariant queryMeta(const QueryKey &key) const;
    [[nodiscard]] bool contains(const QueryKey &key) const;
    [[nodiscard]] int queryCount() const;
    [[nodiscard]] QList<QueryKey> keys(const QueryFilter &filter = {}) const;
    [[nodiscard]] bool isActive(const QueryKey &key) const;
    [[nodiscard]] int observerCount(const QueryKey &key) const;
    //! How many matching queries are fetching (query-core's `isFetching(filters)`).
    [[nodiscard]] int fetchingCount(const QueryFilter &filter = {}) const;
    //! How many mutations are pending.
    [[nodiscard]] int mutatingCount() const;

    //! Writes data synchronously, as if fetched now: clears `isInvalidated`, sets `dataUpdatedAt`,
    //! leaves a running fetch running (its older answer will not overwrite this write).
    void setQueryData(const QueryKey &key, const QJsonValue &data);
    //! \a updater gets the old value; returning nullopt leaves the query untouched.
    void setQueryData(const QueryKey &key, const Updater &updater);
    //! setQueryData on every existing query that matches \a filter.
    void setQueriesData(const QueryFilter &filter, const Updater &updater);
    //! A change the server pushed: \a updater gets the server's value of an existing \a key —
    //! the value under any optimistic layers, not the one shown — and its result becomes the new
    //! server value, with the layers applied on top again (a newer server version of a row still
    //! wins over an optimistic edit of an older one). setQueryData() from the shown value would
    //! bake pending edits into the server value, so that a rollback could no longer remove them.
    //! Returns whether anything was written.
    bool patchServerData(const QueryKey &key, const Updater &updater);
    //! patchServerData() for a value that is a list of rows, edited in place: \a edit changes
    //! the rows (RowList::patch, upsertNewer, remove) and returns whether it changed any. What
    //! observers read is the rows it changed, not a diff of the whole list, and the list keeps
    //! its id index for the next edit: a pushed change of a few rows costs in proportion to
    //! those rows, not to the list. Returns whether anything was written; false also when the
    //! value is not a list. \a edit must not read this query (its value is being edited).
    bool patchServerRows(const QueryKey &key, const std::function<bool(RowList &)> &edit);

    //! Marks every match invalidated and refetches per \a refetch. Refetches are deferred to the
    //! end of the event-loop turn, so several invalidations of one key cost one fetch; a fetch
    //! already running from before the invalidation is cancelled and restarted. Disabled and
    //! static queries are not refetched.
    void invalidateQueries(
        const QueryFilter &filter = {}, RefetchType refetch = RefetchType::Active);
    //! As above; \a done runs when every refetch it caused has settled.
    void invalidateQueries(const QueryFilter &filter, RefetchType refetch, Completion done);
    //! As above, choosing what happens to a fetch already running from before the invalidation.
    //! RunningFetch::FollowUp suits a stream of invalidations (live events) closer together than
    //! one fetch takes: with Restart no fetch would ever finish and the data would freeze; with
    //! FollowUp every fetch lands and one more follows it, so the data is never staler than one
    //! fetch. \a done then runs once that follow-up fetch has settled.
    void invalidateQueries(
        const QueryFilter &filter, RefetchType refetch, RunningFetch running, Completion done = {});
    //! Refetches matching (enabled, non-static) queries now, cancelling fetches in flight.
    void refetchQueries(const QueryFilter &filter = {}, Completion done = {});
    //! Fetches \a key unless its data is fresh for \a staleTime (query-core's `fetchQuery` /
    //! `prefetchQuery`); joins a fetch in flight. \a done gets the state once settled.
    void fetchQuery(const QueryKey &key, std::chrono::milliseconds staleTime = {},
        std::function<void(const QueryState &)> done = {}, QueryFn fn = {});
    //! Cancels fetches in flight and reverts each to its state before the fetch. Never an error.
    void cancelQueries(const QueryFilter &filter = {});
    void removeQueries(const QueryFilter &filter = {});
    //! Refetches every active query whose observers want it (query-core's `resetQueries` light).
    void resetQueries(const QueryFilter &filter = {});

    //! Online state is injected (the query layer has no network): offline fetches pause and
    //! continue when back online; observers with refetchOnReconnect refetch.
    void setOnline(bool online);
    [[nodiscard]] bool isOnline() const;
    //! Focus is injected too: refetchOnWindowFocus, and retries pause while unfocused.
    void setFocused(bool focused);
    [[nodiscard]] bool isFocused() const;

Q_SIGNALS:
    //! A query's state changed (coalesced: at most once per key per event-loop turn).
    void queryUpdated(const Ops::QueryKey &key);
    void queryAdded(const Ops::QueryKey &key);
    void queryRemoved(const Ops::QueryKey &key);
    //! Every cache event, synchronously, with the action (for an inspector). Costs nothing
    //! while nothing is connected.
    void cacheEvent(const Ops::QueryCacheEvent &event);
    void onlineChanged(bool online);
    void focusedChanged(bool focused);

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    friend class QueryObserver;
    friend class Mutation;
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ops
