#include "livesync.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonObject>

#include "api/apiclient.h"
#include "core/logging.h"
#include "query/queryclient.h"
#include "query/rowlist.h"
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
    m_window = window;
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
    // An event that carries its changed fields is written into the rows it names (see below
    // when); the other keys it maps to (totals, feeds, details) are still invalidated.
    const auto patchTargets =
        event.fields.isEmpty() ? QList<EventMap::Resolved>() : m_map.patchTargetsFor(event);
    for (const auto &target : patchTargets)
        m_pendingPatches.append({ target, event });
    if (!patchTargets.isEmpty())
        ++m_pendingPatchEvents;
    for (const auto &target : m_map.targetsFor(event)) {
        const bool patched = std::any_of(
            patchTargets.begin(), patchTargets.end(), [&target](const EventMap::Resolved &p) {
                return p.exact == target.exact && p.key == target.key;
            });
        if (!patched)
            (target.exact ? m_pendingExact : m_pendingPrefix).insert(target.key);
    }
    // The first change after a quiet spell shows at once (no timer in between); a steady
    // stream is written once per frame, so a 10k-row list is walked once per batch, not per
    // event.
    if (!m_pendingPatches.isEmpty() && m_window.count() == 0 && !m_flushTimer.isActive()
        && (!m_sincePatch.isValid() || m_sincePatch.elapsed() >= kMinFlushGap.count()))
        applyPatches();
    scheduleFlush();
}

void LiveSync::scheduleFlush()
{
    if (m_flushTimer.isActive()
        || (m_pendingPatches.isEmpty() && m_pendingExact.isEmpty() && m_pendingPrefix.isEmpty()))
        return;
    qint64 wait = m_window.count();
    if (m_sinceFlush.isValid())
        wait = std::max(wait, qint64(kMinFlushGap.count()) - m_sinceFlush.elapsed());
    if (!m_pendingPatches.isEmpty() && m_sincePatch.isValid())
        wait = std::max(wait, qint64(kMinFlushGap.count()) - m_sincePatch.elapsed());
    m_flushTimer.start(int(std::max<qint64>(0, wait)));
}

void LiveSync::applyPatches()
{
    if (m_pendingPatches.isEmpty())
        return;
    m_sincePatch.start();
    const auto pending = std::exchange(m_pendingPatches, {});
    m_eventsPatched += std::exchange(m_pendingPatchEvents, 0);
    // Group by target, keeping event order within each.
    QList<std::pair<EventMap::Resolved, QList<ChangeEvent>>> groups;
    // Not structured bindings: clang lets lambdas capture those only from version 16 on.
    for (const auto &entry : pending) {
        const EventMap::Resolved &target = entry.first;
        const ChangeEvent &event = entry.second;
        auto it = std::find_if(groups.begin(), groups.end(), [&target](const auto &g) {
            return g.first.exact == target.exact && g.first.key == target.key;
        });
        if (it == groups.end())
            groups.append({ target, { event } });
        else
            it->second.append(event);
    }
    for (const auto &group : std::as_const(groups)) {
        const EventMap::Resolved &target = group.first;
        const QList<ChangeEvent> &events = group.second;
        const QueryFilter filter =
            target.exact ? QueryFilter::exactly(target.key) : QueryFilter::prefix(target.key);
        for (const QueryKey &key : m_client->keys(filter)) {
            // Into the server's value, under any optimistic edit still waiting for its answer.
            // A list is patched in place: the cost is the events', not the list's.
            QList<ChangeEvent> unknown;
            bool list = false;
            m_client->patchServerRows(key, [&](RowList &rows) {
                list = true;
                return patchRows(rows, events, &unknown);
            });
            if (!list) { // one row (or no list at all)
                m_client->patchServerData(
                    key, [&](const QJsonValue &data) { return patchRows(data, events, nullptr); });
            }
            // A list without the row (e.g. an order it has not fetched yet): only a fetch can
            // tell whether it belongs there.
            if (list && !unknown.isEmpty())
                m_pendingExact.insert(key);
        }
    }
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
    m_pendingPatches.clear(); // everything is refetched; rows only ever take newer versions
    m_eventsPatched += std::exchange(m_pendingPatchEvents, 0);
    m_client->invalidateQueries();
}

void LiveSync::flush()
{
    m_sinceFlush.start();
    applyPatches(); // first: a row a patch cannot place adds its list to the refetches
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
