#include "queryobserver.h"

#include "queryclient.h"

#include <QDateTime>

namespace Ops {

QueryObserver::QueryObserver(QueryClient *client, QueryOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
{
    connect(&m_intervalTimer, &QTimer::timeout, this, &QueryObserver::onIntervalElapsed);
    if (m_options.refetchInterval.count() > 0)
        m_intervalTimer.start(m_options.refetchInterval);
    m_client->attach(this);
}

QueryObserver::~QueryObserver()
{
    if (m_client)
        m_client->detach(this);
}

QueryState QueryObserver::result() const
{
    return m_client ? m_client->state(m_options.key) : QueryState {};
}

bool QueryObserver::isStale() const
{
    return result().isStale(m_options.staleTime.count(), QDateTime::currentMSecsSinceEpoch());
}

void QueryObserver::setEnabled(bool enabled)
{
    if (m_options.enabled == enabled)
        return;
    m_options.enabled = enabled;
    if (m_client)
        m_client->observerOptionsChanged(this);
}

void QueryObserver::refetch()
{
    if (m_client)
        m_client->observerRefetch(this);
}

void QueryObserver::onIntervalElapsed()
{
    if (m_client && m_options.enabled)
        m_client->observerRefetch(this);
}

} // namespace Ops
