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
    m_intervalTimer.setSingleShot(false);
    connect(&m_intervalTimer, &QTimer::timeout, this, &QueryObserver::onIntervalElapsed);
    m_client->d->attach(this);
    updateInterval();
}

QueryObserver::~QueryObserver()
{
    if (m_client)
        m_client->d->detach(this);
}

QueryResult QueryObserver::result() const
{
    QueryResult r;
    r.isEnabled = m_options.enabled;
    std::shared_ptr<Query> query = m_client ? m_client->d->find(m_options.key) : nullptr;
    if (query)
        static_cast<QueryState &>(r) = query->state();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
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
    m_client->d->attach(this);
    updateInterval();
    QMetaObject::invokeMethod(this, &QueryObserver::resultChanged, Qt::QueuedConnection);
}

void QueryObserver::refetch()
{
    if (m_client)
        m_client->d->observerFetch(this, QueryClient::Private::FetchMode::CancelRunning);
}

void QueryObserver::onQueryUpdated(const QueryChangeSet &changes)
{
    m_changes = changes;
    if (m_client && !m_previousData.isUndefined()) {
        if (auto query = m_client->d->find(m_options.key); query && query->hasData())
            m_previousData = QJsonValue(QJsonValue::Undefined);
    }
    updateInterval();
    Q_EMIT resultChanged();
}

void QueryObserver::updateInterval()
{
    std::chrono::milliseconds interval = m_options.refetchInterval;
    if (m_options.refetchIntervalFn && m_client)
        interval = m_options.refetchIntervalFn(m_client->state(m_options.key));
    if (!m_options.enabled || interval.count() <= 0) {
        m_intervalTimer.stop();
        return;
    }
    if (!m_intervalTimer.isActive() || m_intervalTimer.intervalAsDuration() != interval)
        m_intervalTimer.start(interval);
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
