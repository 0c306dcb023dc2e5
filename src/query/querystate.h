#pragma once

#include "core/error.h"

#include <QJsonValue>
#include <QMetaType>

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

//! \brief A snapshot of one cached query, as observers and models read it.
struct QueryState
{
    QueryStatus status = QueryStatus::Pending;
    FetchStatus fetchStatus = FetchStatus::Idle;
    QJsonValue data;
    Ops::Error error; //!< the last error; a background error keeps `data`
    qint64 dataUpdatedAt = 0; //!< ms since epoch; 0 = never
    qint64 errorUpdatedAt = 0;
    int failureCount = 0;
    bool isInvalidated = false;

    [[nodiscard]] bool hasData() const { return dataUpdatedAt > 0; }
    [[nodiscard]] bool isSuccess() const { return status == QueryStatus::Success; }
    [[nodiscard]] bool isError() const { return status == QueryStatus::Error; }
    [[nodiscard]] bool isFetching() const { return fetchStatus == FetchStatus::Fetching; }
    //! First load: no data yet and fetching.
    [[nodiscard]] bool isLoading() const
    {
        return status == QueryStatus::Pending && fetchStatus == FetchStatus::Fetching;
    }
    //! A background refetch of data already shown.
    [[nodiscard]] bool isRefetching() const { return isFetching() && !isLoading(); }
    //! Stale when invalidated, never fetched, or older than \a staleTimeMs at \a nowMs.
    [[nodiscard]] bool isStale(qint64 staleTimeMs, qint64 nowMs) const;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::QueryState)
