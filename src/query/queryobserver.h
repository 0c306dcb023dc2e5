#pragma once

#include "querycontext.h"
#include "querykey.h"
#include "querystate.h"

#include <QObject>
#include <QTimer>
#include <chrono>
#include <limits>

namespace Ops {

class QueryClient;

//! \brief How an observer uses its query (query-core's `QueryObserverOptions`, the subset built).
struct QueryOptions
{
    QueryOptions() = default;
    QueryOptions(QueryKey queryKey) // NOLINT(google-explicit-constructor): `{key}` reads well
        : key(std::move(queryKey))
    {
    }

    QueryKey key;
    QueryFn fn; //!< empty: the client's default query function
    bool enabled = true;
    std::chrono::milliseconds staleTime { 0 };
    std::chrono::milliseconds gcTime { 5 * 60 * 1000 };
    //! Poll while mounted (0 = off): the fallback when no live connection exists.
    std::chrono::milliseconds refetchInterval { 0 };

    static constexpr std::chrono::milliseconds infinite { std::numeric_limits<qint64>::max() };
};

//! \brief Subscribes to one cached query: fetches it on mount when stale, keeps it alive while
//! observed, and tells when its state changed. Destroying the observer unsubscribes.
class QueryObserver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryObserver)

public:
    explicit QueryObserver(QueryClient *client, QueryOptions options, QObject *parent = nullptr);
    ~QueryObserver() override;

    [[nodiscard]] const QueryOptions &options() const { return m_options; }
    [[nodiscard]] const QueryKey &key() const { return m_options.key; }
    [[nodiscard]] QueryState result() const;
    [[nodiscard]] bool isStale() const;
    [[nodiscard]] bool isEnabled() const { return m_options.enabled; }
    void setEnabled(bool enabled);
    //! Imperative refetch: cancels a fetch in flight and starts a new one.
    void refetch();

Q_SIGNALS:
    //! The query's state changed; read result(). Coalesced per event-loop turn.
    void resultChanged();

private:
    friend class QueryClient;
    void onIntervalElapsed();

    QueryClient *m_client;
    QueryOptions m_options;
    QTimer m_intervalTimer;
};

} // namespace Ops
