#pragma once

#include <chrono>
#include <functional>
#include <limits>
#include <optional>

#include <QFlags>
#include <QObject>
#include <QSet>

#include "querychangeset.h"
#include "querycontext.h"
#include "querykey.h"
#include "querystate.h"
#include "retrypolicy.h"

namespace Ops {

class QueryClient;

//! When an observer trigger (mount, window focus, reconnect) refetches.
enum class RefetchOn {
    Never, //!< query-core's `false`
    IfStale, //!< `true`: only when the data is stale
    Always, //!< `'always'`
};

//! \brief How an observer uses its query (query-core's `QueryObserverOptions`).
struct QueryOptions
{
    //! The parts of an observer's result a change of which notifies it (query-core's
    //! `notifyOnChangeProps`).
    enum class ResultProp {
        Data = 0x1, //!< `data` as the observer shows it (after `select`)
        Status = 0x2,
        FetchStatus = 0x4,
        Error = 0x8, //!< `error` and `failureCount` / `failureReason`
        Invalidated = 0x10,
        DataUpdatedAt = 0x20,
    };
    Q_DECLARE_FLAGS(ResultProps, ResultProp)

    QueryOptions() = default;
    QueryOptions(QueryKey queryKey) // NOLINT(google-explicit-constructor): `{key}` reads well
        : key(std::move(queryKey))
    { }

    QueryKey key;
    QueryFn fn; //!< empty: the client's default query function
    bool enabled = true;
    //! 0 = stale at once; StaleTime::infinite; StaleTime::staticData.
    std::chrono::milliseconds staleTime { 0 };
    //! How long the query stays cached once unobserved and idle; `infinite` = forever.
    std::chrono::milliseconds gcTime { 5 * 60 * 1000 };
    //! Poll while mounted (0 = off): the fallback when no live connection exists.
    std::chrono::milliseconds refetchInterval { 0 };
    //! Conditional polling: the interval from the current state (0 = off); wins over the number.
    std::function<std::chrono::milliseconds(const QueryState &)> refetchIntervalFn;
    //! Keep polling while the app is not focused.
    bool refetchIntervalInBackground = false;
    RefetchOn refetchOnMount = RefetchOn::IfStale;
    RefetchOn refetchOnWindowFocus = RefetchOn::IfStale;
    RefetchOn refetchOnReconnect = RefetchOn::IfStale;
    //! Transforms the data this observer shows (memoised per data change); the cache keeps the
    //! raw value.
    std::function<QJsonValue(const QJsonValue &)> select;
    //! Shown (with isPlaceholderData) while the query has no data; undefined = none.
    QJsonValue placeholderData = QJsonValue(QJsonValue::Undefined);
    //! After setOptions() changes the key, show the previous key's data until the new one has
    //! data (query-core's `placeholderData: keepPreviousData`).
    bool keepPreviousData = false;
    //! Overrides the client's retry policy for this query.
    std::optional<RetryPolicy> retry;
    //! The data is a list of versioned rows whose `version` changes with every change of any
    //! field on the server (RowList): a new value is diffed by id and version, and rows with both
    //! equal are not compared field by field. Optimistic writes are still compared in full.
    bool versionedRows = false;
    //! Put in the cache when the query has no data yet, as if fetched at initialDataUpdatedAt
    //! (query-core's `initialData`): shown at once, fetched at once only when stale.
    QJsonValue initialData = QJsonValue(QJsonValue::Undefined);
    //! ms since epoch the initial data is as of; 0 = now.
    qint64 initialDataUpdatedAt = 0;
    //! Which changes of the result notify (resultChanged). Unset: every change of the query,
    //! except for an observer with `select`, which hears only of its data, status and error
    //! (query-core's tracked properties: a slice that did not change costs no notification).
    std::optional<ResultProps> notifyOnChangeProps;

    static constexpr std::chrono::milliseconds infinite { std::numeric_limits<qint64>::max() };
};

Q_DECLARE_OPERATORS_FOR_FLAGS(QueryOptions::ResultProps)

//! \brief Subscribes to one cached query: fetches it on mount when stale, keeps it alive while
//! observed, and tells when its state changed. Destroying the observer unsubscribes.
class QueryObserver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryObserver)
    Q_PROPERTY(Ops::QueryStatus status READ status NOTIFY resultChanged)
    Q_PROPERTY(Ops::FetchStatus fetchStatus READ fetchStatus NOTIFY resultChanged)
    Q_PROPERTY(QJsonValue data READ data NOTIFY resultChanged)
    Q_PROPERTY(bool isLoading READ isLoading NOTIFY resultChanged)
    Q_PROPERTY(bool isFetching READ isFetching NOTIFY resultChanged)
    Q_PROPERTY(bool isStale READ isStale NOTIFY resultChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY resultChanged)

public:
    explicit QueryObserver(QueryClient *client, QueryOptions options, QObject *parent = nullptr);
    ~QueryObserver() override;

    [[nodiscard]] const QueryOptions &options() const { return m_options; }
    [[nodiscard]] const QueryKey &key() const { return m_options.key; }
    //! The query's state through this observer's options (select, placeholder, staleTime).
    [[nodiscard]] QueryResult result() const;
    //! The net row change since the last resultChanged(); valid inside a resultChanged() slot.
    [[nodiscard]] const QueryChangeSet &changes() const { return m_changes; }
    //! Ids of the rows an optimistic write of a mutation still in flight changed, added or
    //! removed (the shown data is not the server's yet for them). Empty when the data is not a
    //! row list or nothing is pending; a change of it comes with a resultChanged().
    [[nodiscard]] QSet<QString> pendingRowIds() const;
    [[nodiscard]] bool isStale() const;
    [[nodiscard]] bool isEnabled() const { return m_options.enabled; }
    [[nodiscard]] QueryStatus status() const { return result().status; }
    [[nodiscard]] FetchStatus fetchStatus() const { return result().fetchStatus; }
    [[nodiscard]] QJsonValue data() const { return result().data; }
    [[nodiscard]] bool isLoading() const { return result().isLoading(); }
    [[nodiscard]] bool isFetching() const { return result().isFetching(); }
    void setEnabled(bool enabled);
    //! Replaces the options; a new key switches the query (keepPreviousData applies).
    void setOptions(QueryOptions options);
    //! Imperative refetch: cancels a fetch in flight and starts a new one.
    void refetch();

Q_SIGNALS:
    //! The query's state changed; read result() and changes(). Coalesced per event-loop turn.
    void resultChanged();

private:
    friend class QueryClient;
    void onIntervalElapsed();
    void onQueryUpdated(const QueryChangeSet &changes);
    void updateInterval();
    void stopInterval();
    //! The props whose change notifies (all when unfiltered).
    [[nodiscard]] std::optional<QueryOptions::ResultProps> trackedProps() const;
    [[nodiscard]] static bool differs(
        const QueryResult &a, const QueryResult &b, QueryOptions::ResultProps props);

    QueryClient *m_client;
    QueryOptions m_options;
    quint64 m_intervalTimer = 0; //!< the clock's timer id; 0 = not polling
    std::chrono::milliseconds m_interval { 0 };
    QueryChangeSet m_changes;
    QueryChangeSet m_unreported; //!< changes not notified yet (a filtered observer)
    bool m_hasUnreported = false;
    QueryResult m_reported; //!< the result at the last notification (a filtered observer)
    QJsonValue m_previousData = QJsonValue(QJsonValue::Undefined);
    // select() memo: the cache's data generation it was computed for.
    mutable quint32 m_selectGen = 0;
    mutable const void *m_selectQuery = nullptr;
    mutable QJsonValue m_selected;
};

} // namespace Ops
