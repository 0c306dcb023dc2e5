#pragma once

#include "querycontext.h"
#include "querykey.h"
#include "querystate.h"

#include <QObject>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace Ops {

class QueryObserver;

//! \brief Which cached queries an operation applies to (query-core's `QueryFilters`).
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

    static QueryFilter prefix(QueryKey key) { return { std::move(key), false, Type::All, {} }; }
    static QueryFilter exactly(QueryKey key) { return { std::move(key), true, Type::All, {} }; }
};

//! Which invalidated queries are refetched right away.
enum class RefetchType {
    Active,
    Inactive,
    All,
    None,
};

//! \brief Retries of a failed fetch: `retries` more attempts, delay min(base·2ⁿ, max).
struct RetryPolicy
{
    int retries = 3;
    std::chrono::milliseconds baseDelay { 1000 };
    std::chrono::milliseconds maxDelay { 30000 };

    [[nodiscard]] std::chrono::milliseconds delayFor(int failureCount) const;
};

//! \brief The cache of server state: the single source of truth models read from.
//!
//! A Qt port of TanStack Query's QueryClient. Queries are fetched through a QueryFn, deduplicated
//! while in flight, retried, invalidated by prefix, written with setQueryData and garbage-collected
//! when unobserved. Change notifications are coalesced per event-loop turn: a burst of updates to
//! one key costs one queryUpdated(key) and one QueryObserver::resultChanged().
class QueryClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryClient)

public:
    explicit QueryClient(QObject *parent = nullptr);
    ~QueryClient() override;

    //! The function used for queries whose observer brings none.
    void setDefaultQueryFn(QueryFn fn);
    void setRetryPolicy(const RetryPolicy &policy);
    [[nodiscard]] RetryPolicy retryPolicy() const;
    void setDefaultGcTime(std::chrono::milliseconds gcTime);

    [[nodiscard]] QueryState state(const QueryKey &key) const;
    [[nodiscard]] QJsonValue queryData(const QueryKey &key) const;
    [[nodiscard]] bool contains(const QueryKey &key) const;
    [[nodiscard]] int queryCount() const;
    [[nodiscard]] QList<QueryKey> keys(const QueryFilter &filter = {}) const;
    [[nodiscard]] bool isActive(const QueryKey &key) const;

    //! Writes data synchronously, as if fetched now: clears `isInvalidated`, sets `dataUpdatedAt`,
    //! leaves a running fetch running (its older answer will not overwrite this write).
    void setQueryData(const QueryKey &key, const QJsonValue &data);
    //! \a updater gets the old value; returning nullopt leaves the query untouched.
    void setQueryData(const QueryKey &key,
        const std::function<std::optional<QJsonValue>(const QJsonValue &)> &updater);
    //! setQueryData on every existing query that matches \a filter.
    void setQueriesData(const QueryFilter &filter,
        const std::function<std::optional<QJsonValue>(const QJsonValue &)> &updater);

    //! Marks every match invalidated and refetches per \a refetch. Refetches are deferred to the
    //! end of the event-loop turn, so several invalidations of one key cost one fetch; a fetch
    //! already running from before the invalidation is cancelled and restarted.
    void invalidateQueries(const QueryFilter &filter = {}, RefetchType refetch = RefetchType::Active);
    //! Refetches matching (enabled) queries now, cancelling fetches in flight.
    void refetchQueries(const QueryFilter &filter = {});
    //! Cancels fetches in flight and reverts each to its state before the fetch. Never an error.
    void cancelQueries(const QueryFilter &filter = {});
    void removeQueries(const QueryFilter &filter = {});

    //! Online state is injected (the query layer has no network): offline fetches pause and
    //! continue when back online.
    void setOnline(bool online);
    [[nodiscard]] bool isOnline() const;

Q_SIGNALS:
    //! A query's state changed (coalesced: at most once per key per event-loop turn).
    void queryUpdated(const Ops::QueryKey &key);
    void queryAdded(const Ops::QueryKey &key);
    void queryRemoved(const Ops::QueryKey &key);

private:
    friend class QueryObserver;
    void attach(QueryObserver *observer);
    void detach(QueryObserver *observer);
    void observerOptionsChanged(QueryObserver *observer);
    void observerRefetch(QueryObserver *observer);

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ops
