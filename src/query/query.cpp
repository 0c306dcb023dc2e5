// The cache entry (Query) and its lifetime: state snapshots, staleness, garbage collection.

#include <algorithm>

#include "core/logging.h"
#include "queryclient.h"
#include "queryclient_p.h"
#include "queryobserver.h"

namespace Ops {

using Action = QueryCacheEvent::Action;
using EventType = QueryCacheEvent::Type;

// ---- Query ------------------------------------------------------------------------------------

const QList<QueryObserver *> &Query::observers() const
{
    static const QList<QueryObserver *> none;
    return cold ? cold->observers : none;
}

bool Query::isActive() const
{
    const auto &list = observers();
    return std::any_of(
        list.begin(), list.end(), [](const QueryObserver *o) { return o->isEnabled(); });
}

bool Query::isDisabled() const
{
    // query-core: observed but none enabled; unobserved and never settled.
    if (isObserved())
        return !isActive();
    return !isFetched();
}

bool Query::isStatic() const
{
    const auto &list = observers();
    return std::any_of(list.begin(), list.end(),
        [](const QueryObserver *o) { return o->options().staleTime == StaleTime::staticData; });
}

bool Query::isStaleFor(qint64 staleTimeMs, qint64 nowMs) const
{
    return QueryState::isStale(hasData(), isInvalidated, dataUpdatedAt, staleTimeMs, nowMs);
}

bool Query::isStale(qint64 nowMs) const
{
    if (!isObserved())
        return isStaleFor(0, nowMs) && (!hasData() || isInvalidated);
    const auto &list = observers();
    return std::any_of(list.begin(), list.end(), [this, nowMs](const QueryObserver *o) {
        return o->isEnabled() && isStaleFor(o->options().staleTime.count(), nowMs);
    });
}

QueryState Query::state() const
{
    QueryState s;
    s.status = status;
    s.fetchStatus = fetchStatus;
    s.data = data;
    s.dataUpdatedAt = dataUpdatedAt;
    s.isInvalidated = isInvalidated;
    if (const QueryFailure *f = failure()) {
        s.error = f->error;
        s.errorUpdatedAt = f->errorUpdatedAt;
        s.failureCount = f->failureCount;
        s.failureReason = f->failureReason;
    }
    return s;
}

void Query::restore(const QueryState &s)
{
    status = s.status;
    fetchStatus = s.fetchStatus;
    data = s.data;
    dataIsRowList = false;
    ++dataGen; // what was derived from the data (select memo) is stale
    if (cold)
        cold->dataReplaced();
    dataUpdatedAt = s.dataUpdatedAt;
    isInvalidated = s.isInvalidated;
    if (s.error.ok() && s.errorUpdatedAt == 0 && s.failureCount == 0 && s.failureReason.ok()) {
        if (auto *f = failure())
            *f = {};
        return;
    }
    QueryFailure &f = failureData();
    f.error = s.error;
    f.errorUpdatedAt = s.errorUpdatedAt;
    f.failureCount = s.failureCount;
    f.failureReason = s.failureReason;
}

// ---- garbage collection ----------------------------------------------------------------------

void QueryClient::Private::scheduleSweep(qint64 at)
{
    clock->cancel(std::exchange(gcTimer, 0));
    gcTimerAt = at;
    const qint64 wait = std::clamp<qint64>(at - monoNow(), 0, 24LL * 3600 * 1000);
    gcTimer = clock->schedule(std::chrono::milliseconds(wait), q, [this] {
        gcTimer = 0;
        sweep();
    });
}

void QueryClient::Private::scheduleGc(const std::shared_ptr<Query> &query)
{
    if (query->isObserved() || query->gcTimeMs == QueryOptions::infinite.count())
        return;
    query->gcAt = monoNow() + query->gcTimeMs;
    if (gcTimer == 0 || query->gcAt < gcTimerAt)
        scheduleSweep(query->gcAt);
}

void QueryClient::Private::sweep()
{
    // The cache itself is the gc list (an entry is due when gcAt is set and passed): a separate
    // list would cost a slot per query, and a sweep visits every unobserved entry either way.
    const qint64 now = monoNow();
    qint64 next = 0;
    QList<std::shared_ptr<Query>> expired;
    for (const auto &query : std::as_const(queries)) {
        if (query->gcAt == 0 || query->isObserved())
            continue;
        if (query->gcAt <= now) {
            // Removed only when unobserved and idle; a fetch reschedules when it settles.
            if (!query->fetch)
                expired.append(query);
            else
                query->gcAt = 0;
            continue;
        }
        next = next == 0 ? query->gcAt : std::min(next, query->gcAt);
    }
    for (const auto &query : std::as_const(expired))
        remove(query);
    if (next)
        scheduleSweep(next);
}

void QueryClient::Private::remove(const std::shared_ptr<Query> &query)
{
    if (query->fetch && query->fetch->context)
        query->fetch->context->cancel();
    query->fetchId++;
    std::vector<Waiter> waiters;
    if (query->fetch)
        waiters = takeWaiters(*query->fetch);
    query->fetch.reset();
    if (queries.value(query->hash) == query) {
        queries.remove(query->hash);
        index(query.get(), false);
        refreshReceivers();
        if (removedConnected)
            Q_EMIT q->queryRemoved(keyOf(*query));
        event(EventType::Removed, Action::None, *query);
    }
    for (const auto &w : waiters)
        w();
}

} // namespace Ops
