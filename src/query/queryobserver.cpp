#include "queryobserver.h"

#include <QDateTime>

#include "queryclient.h"
#include "queryclient_p.h"

namespace Ops {

QueryObserver::QueryObserver(QueryClient *client, QueryOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
{
    m_client->d->attach(this);
    m_reported = result();
    updateInterval();
}

QueryObserver::~QueryObserver()
{
    if (m_client) {
        stopInterval();
        m_client->d->detach(this);
    }
}

QueryResult QueryObserver::result() const
{
    QueryResult r;
    r.isEnabled = m_options.enabled;
    std::shared_ptr<Query> query = m_client ? m_client->d->find(m_options.key) : nullptr;
    if (query)
        static_cast<QueryState &>(r) = query->state();
    const qint64 now = m_client ? m_client->d->wallNow() : QDateTime::currentMSecsSinceEpoch();
    r.isStaleResult = r.isStale(m_options.staleTime.count(), now);
    if (query && m_options.select && r.hasData()) {
        if (m_selectQuery != query.get() || m_selectGen != query->dataGen) {
            m_selected = m_options.select(r.data);
            m_selectQuery = query.get();
            m_selectGen = query->dataGen;
        }
        r.data = m_selected;
    }
    if (!r.hasData() && r.status == QueryStatus::Pending) {
        QJsonValue placeholder =
            m_options.keepPreviousData ? m_previousData : QJsonValue(QJsonValue::Undefined);
        if (placeholder.isUndefined() && !m_options.placeholderData.isUndefined()) {
            placeholder = m_options.select ? m_options.select(m_options.placeholderData)
                                           : m_options.placeholderData;
        }
        if (!placeholder.isUndefined()) {
            // query-core: placeholder data shows as success, flagged isPlaceholderData.
            r.data = placeholder;
            r.status = QueryStatus::Success;
            r.isPlaceholderData = true;
        }
    }
    return r;
}

QSet<QString> QueryObserver::pendingRowIds() const
{
    QSet<QString> ids;
    const std::shared_ptr<Query> query = m_client ? m_client->d->find(m_options.key) : nullptr;
    if (!query || !query->cold)
        return ids;
    for (const OptimisticLayer &layer : std::as_const(query->cold->layers)) {
        if (layer.settled || !layer.rows)
            continue;
        for (auto it = layer.upserts.keyBegin(); it != layer.upserts.keyEnd(); ++it)
            ids.insert(*it);
        ids.unite(layer.removed);
    }
    return ids;
}

bool QueryObserver::isStale() const
{
    return result().isStaleResult;
}

void QueryObserver::setEnabled(bool enabled)
{
    if (m_options.enabled == enabled)
        return;
    m_options.enabled = enabled;
    if (m_client)
        m_client->d->observerOptionsChanged(this, true);
    updateInterval();
}

void QueryObserver::setOptions(QueryOptions options)
{
    if (!m_client) {
        m_options = std::move(options);
        return;
    }
    if (options.key == m_options.key) {
        const bool enabledChanged = options.enabled != m_options.enabled;
        m_options = std::move(options);
        m_client->d->observerOptionsChanged(this, enabledChanged);
        updateInterval();
        return;
    }
    const QueryResult previous = result();
    m_previousData = previous.data;
    m_client->d->detach(this);
    m_options = std::move(options);
    m_selectQuery = nullptr;
    m_changes.invalidate();
    m_unreported = {};
    m_hasUnreported = false;
    m_client->d->attach(this);
    m_reported = result();
    updateInterval();
    QMetaObject::invokeMethod(this, &QueryObserver::resultChanged, Qt::QueuedConnection);
}

void QueryObserver::refetch()
{
    if (m_client)
        m_client->d->observerFetch(this, QueryClient::Private::FetchMode::CancelRunning);
}

std::optional<QueryOptions::ResultProps> QueryObserver::trackedProps() const
{
    using P = QueryOptions::ResultProp;
    if (m_options.notifyOnChangeProps)
        return m_options.notifyOnChangeProps;
    if (m_options.select)
        return P::Data | P::Status | P::Error;
    return std::nullopt;
}

bool QueryObserver::differs(
    const QueryResult &a, const QueryResult &b, QueryOptions::ResultProps props)
{
    using P = QueryOptions::ResultProp;
    return (props.testFlag(P::Status) && a.status != b.status)
        || (props.testFlag(P::FetchStatus) && a.fetchStatus != b.fetchStatus)
        || (props.testFlag(P::Error)
            && (a.error != b.error || a.failureCount != b.failureCount
                || a.failureReason != b.failureReason))
        || (props.testFlag(P::Invalidated) && a.isInvalidated != b.isInvalidated)
        || (props.testFlag(P::DataUpdatedAt) && a.dataUpdatedAt != b.dataUpdatedAt)
        || (props.testFlag(P::Data)
            && (a.isPlaceholderData != b.isPlaceholderData || a.data != b.data));
}

void QueryObserver::onQueryUpdated(const QueryChangeSet &changes)
{
    if (m_client && !m_previousData.isUndefined()) {
        if (auto query = m_client->d->find(m_options.key); query && query->hasData())
            m_previousData = QJsonValue(QJsonValue::Undefined);
    }
    updateInterval();
    const auto props = trackedProps();
    if (!props) {
        m_changes = changes;
        Q_EMIT resultChanged();
        return;
    }
    // Filtered: notify only when a tracked part of the result changed; the row changes of the
    // notifications left out are carried over into the next one.
    if (m_hasUnreported)
        m_unreported.merge(changes);
    else
        m_unreported = changes;
    m_hasUnreported = true;
    QueryResult now = result();
    if (!differs(m_reported, now, *props))
        return;
    m_reported = std::move(now);
    m_changes = std::exchange(m_unreported, {});
    m_hasUnreported = false;
    Q_EMIT resultChanged();
}

void QueryObserver::stopInterval()
{
    if (m_intervalTimer && m_client)
        m_client->d->clock->cancel(m_intervalTimer);
    m_intervalTimer = 0;
    m_interval = std::chrono::milliseconds(0);
}

void QueryObserver::updateInterval()
{
    std::chrono::milliseconds interval = m_options.refetchInterval;
    if (m_options.refetchIntervalFn && m_client)
        interval = m_options.refetchIntervalFn(m_client->state(m_options.key));
    if (!m_client || !m_options.enabled || interval.count() <= 0) {
        stopInterval();
        return;
    }
    if (m_intervalTimer && m_interval == interval)
        return;
    stopInterval();
    m_interval = interval;
    m_intervalTimer = m_client->d->clock->schedule(interval, this, [this] {
        m_intervalTimer = 0;
        onIntervalElapsed();
        if (!m_intervalTimer)
            updateInterval(); // the next tick, unless a result already scheduled it
    });
}

void QueryObserver::onIntervalElapsed()
{
    if (!m_client || !m_options.enabled)
        return;
    if (!m_options.refetchIntervalInBackground && !m_client->isFocused())
        return;
    // Polling is an automatic trigger: it joins a fetch in flight.
    m_client->d->observerFetch(this, QueryClient::Private::FetchMode::JoinRunning);
}

} // namespace Ops
