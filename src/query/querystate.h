#pragma once

#include <chrono>
#include <limits>

#include <QJsonValue>
#include <QMetaType>

#include "core/error.h"

namespace Ops {

//! Whether the query has data: kept apart from whether it is fetching (query-core's `status`).
enum class QueryStatus {
    Pending,
    Success,
    Error,
};

//! Whether a fetch is running (query-core's `fetchStatus`).
enum class FetchStatus {
    Idle,
    Fetching,
    Paused,
};

//! Special staleTime values (query-core's `Infinity` and `'static'`).
namespace StaleTime {
//! Never stale by age; an invalidation still makes it stale.
inline constexpr std::chrono::milliseconds infinite { std::numeric_limits<qint64>::max() };
//! Never stale once it has data, not even after invalidation, and never refetched by it.
inline constexpr std::chrono::milliseconds staticData { std::numeric_limits<qint64>::min() };
} // namespace StaleTime

//! \brief A snapshot of one cached query, as observers and models read it.
struct QueryState
{
    QueryStatus status = QueryStatus::Pending;
    FetchStatus fetchStatus = FetchStatus::Idle;
    QJsonValue data;
    Ops::Error error; //!< the last error; a background error keeps `data`
    qint64 dataUpdatedAt = 0; //!< ms since epoch; 0 = never
    qint64 errorUpdatedAt = 0;
    int failureCount = 0; //!< failed attempts of the current (or last) fetch
    Ops::Error failureReason; //!< the error of the last failed attempt
    bool isInvalidated = false;

    [[nodiscard]] bool hasData() const { return dataUpdatedAt > 0; }
    [[nodiscard]] bool isPending() const { return status == QueryStatus::Pending; }
    [[nodiscard]] bool isSuccess() const { return status == QueryStatus::Success; }
    [[nodiscard]] bool isError() const { return status == QueryStatus::Error; }
    [[nodiscard]] bool isFetching() const { return fetchStatus == FetchStatus::Fetching; }
    [[nodiscard]] bool isPaused() const { return fetchStatus == FetchStatus::Paused; }
    //! First load: no data yet and fetching.
    [[nodiscard]] bool isLoading() const
    {
        return status == QueryStatus::Pending && fetchStatus == FetchStatus::Fetching;
    }
    //! A background refetch of data already shown.
    [[nodiscard]] bool isRefetching() const { return isFetching() && !isPending(); }
    //! The first fetch failed: there is no data to show.
    [[nodiscard]] bool isLoadingError() const { return isError() && !hasData(); }
    //! A background refetch failed: the data is still there.
    [[nodiscard]] bool isRefetchError() const { return isError() && hasData(); }
    [[nodiscard]] bool isFetched() const { return dataUpdatedAt > 0 || errorUpdatedAt > 0; }
    //! Stale when invalidated, never fetched, or older than \a staleTimeMs at \a nowMs.
    //! StaleTime::staticData: stale only while it has no data.
    [[nodiscard]] bool isStale(qint64 staleTimeMs, qint64 nowMs) const;
    //! isStale() over the fields it reads (the cache's entries hold them too).
    [[nodiscard]] static bool isStale(
        bool hasData, bool isInvalidated, qint64 dataUpdatedAt, qint64 staleTimeMs, qint64 nowMs);
};

//! \brief What an observer shows: the query's state through the observer's options
//! (`select`, placeholder / previous data) plus the flags that depend on them.
struct QueryResult : QueryState
{
    bool isStaleResult = true; //!< stale for this observer's staleTime
    bool isPlaceholderData = false; //!< `data` is the placeholder or the previous key's data
    bool isEnabled = true;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::QueryState)
Q_DECLARE_METATYPE(Ops::QueryResult)
Q_DECLARE_METATYPE(Ops::QueryStatus)
Q_DECLARE_METATYPE(Ops::FetchStatus)
