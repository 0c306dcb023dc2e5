#include "livesync.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonObject>

#include "api/apiclient.h"
#include "core/logging.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "rowpatch.h"

using namespace Qt::StringLiterals;

namespace Ops {

LiveSync::LiveSync(ConnectionManager *connection, ApiClient *api, QueryClient *client, EventMap map,
    QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_client(client)
    , m_map(std::move(map))
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &LiveSync::flush);
    connect(connection, &ConnectionManager::eventReceived, this, &LiveSync::onEvent);
    connect(connection, &ConnectionManager::subscribed, this, &LiveSync::onSubscribed);
    connect(connection, &ConnectionManager::resyncRequired, this, [this] {
        m_resyncPending = true;
        invalidateEverything();
    });
    // REST answers say which log position they reflect: resuming from there leaves no gap.
    connect(api, &ApiClient::positionObserved, connection, &ConnectionManager::seedPosition);
    // Without a network, fetches pause instead of failing (the query layer has no network).
    connect(connection, &ConnectionManager::stateChanged, this,
        [this] { m_client->setOnline(m_connection->isNetworkReachable()); });
}

void LiveSync::setCoalescingWindow(std::chrono::milliseconds window)
{
    m_flushTimer.setInterval(window);
}

LiveSync::~LiveSync() = default;

void LiveSync::onEvent(const ChangeEvent &event)
{
    if (!m_map.contains(event.type)) {
        qCDebug(lcSync) << "no mapping for event type" << event.type;
        Q_EMIT unknownEvent(event.type);
        return;
    }
    ++m_eventsApplied;
    // An event that carries its changed fields patches the rows it names in place; the other
    // keys it maps to (totals, feeds, details) are still invalidated and refetched.
    const bool patched = !event.fields.isEmpty() && patch(event);
    const auto patchTargets = patched ? m_map.patchTargetsFor(event) : QList<EventMap::Resolved>();
    bool pending = false;
    for (const auto &target : m_map.targetsFor(event)) {
        const bool done = std::any_of(
            patchTargets.begin(), patchTargets.end(), [&target](const EventMap::Resolved &p) {
                return p.exact == target.exact && p.key == target.key;
            });
        if (done)
            continue;
        (target.exact ? m_pendingExact : m_pendingPrefix).insert(target.key);
        pending = true;
    }
    if (pending && !m_flushTimer.isActive())
        m_flushTimer.start();
}

bool LiveSync::patch(const ChangeEvent &event)
{
    const auto targets = m_map.patchTargetsFor(event);
    if (targets.isEmpty())
        return false;
    bool unknownRow = false;
    for (const auto &target : targets) {
        const QueryFilter filter =
            target.exact ? QueryFilter::exactly(target.key) : QueryFilter::prefix(target.key);
        for (const QueryKey &key : m_client->keys(filter)) {
            // Into the server's value, under any optimistic edit still waiting for its answer.
            if (m_client->patchServerData(
                    key, [&event](const QJsonValue &data) { return patchRows(data, event); }))
                continue;
            const QJsonValue data = m_client->queryData(key);
            if (data.isArray()) {
                // A list without this row (or with an unknown version): only a fetch can tell.
                const QJsonArray rows = data.toArray();
                const bool has = std::any_of(rows.begin(), rows.end(), [&](const QJsonValue &row) {
                    return row.toObject().value("id"_L1).toString() == event.id;
                });
                if (!has) {
                    m_pendingExact.insert(key);
                    unknownRow = true;
                }
            }
        }
    }
    ++m_eventsPatched;
    if (unknownRow && !m_flushTimer.isActive())
        m_flushTimer.start();
    return true;
}

void LiveSync::onSubscribed(qint64 replayed, bool resumed)
{
    const bool first = !m_subscribedOnce;
    m_subscribedOnce = true;
    if (m_resyncPending) {
        m_resyncPending = false;
        Q_EMIT caughtUp(-1);
        return;
    }
    if (!resumed) {
        // Nothing is known about what happened while we were away.
        if (!first)
            qCInfo(lcSync) << "subscribed without a resume position: refetching everything";
        invalidateEverything();
        if (!first)
            Q_EMIT caughtUp(-1);
        return;
    }
    qCInfo(lcSync) << "resumed;" << replayed << "missed events replayed";
    // The replay covers every change, but not a fetch that failed while the server was away:
    // without this, a list whose refetch failed during a restart stays empty or stale under a
    // badge that says Live, until some event for it happens to arrive.
    QueryFilter failed;
    failed.type = QueryFilter::Type::Active;
    failed.predicate = [](const QueryKey &, const QueryState &state) {
        return state.status == QueryStatus::Error;
    };
    m_client->invalidateQueries(failed);
    if (!first || replayed > 0)
        Q_EMIT caughtUp(replayed);
}

void LiveSync::invalidateEverything()
{
    m_pendingPrefix.clear();
    m_pendingExact.clear();
    m_client->invalidateQueries();
}

void LiveSync::flush()
{
    const auto prefixes = std::exchange(m_pendingPrefix, {});
    const auto exact = std::exchange(m_pendingExact, {});
    // Restarting a running fetch on every event would starve it under a steady stream of events
    // closer together than one fetch: the table would stop changing while the badge says Live.
    // FollowUp lets it land and fetches once more after it, so the data is at most one fetch old.
    for (const QueryKey &key : prefixes)
        m_client->invalidateQueries(
            QueryFilter::prefix(key), RefetchType::Active, RunningFetch::FollowUp);
    for (const QueryKey &key : exact)
        m_client->invalidateQueries(
            QueryFilter::exactly(key), RefetchType::Active, RunningFetch::FollowUp);
    m_invalidations += prefixes.size() + exact.size();
}

} // namespace Ops
