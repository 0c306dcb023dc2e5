#include "queryclient.h"

#include "core/logging.h"
#include "queryobserver.h"

#include <algorithm>

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QTimer>

using namespace std::chrono_literals;

namespace Ops {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

std::chrono::milliseconds RetryPolicy::delayFor(int failureCount) const
{
    // query-core's defaultRetryDelay: min(1000 * 2 ** failureCount, 30000).
    const int shift = std::clamp(failureCount, 0, 30);
    const std::chrono::milliseconds delay(baseDelay.count() * (qint64(1) << shift));
    return std::min(delay, maxDelay);
}

//! One cache entry. Held by shared_ptr so callbacks can hold a weak_ptr and outlive removal.
struct Query
{
    QueryKey key;
    QueryState state;
    QueryState beforeFetch; //!< restored by cancelQueries
    QueryFn fn;
    QList<QueryObserver *> observers;
    std::optional<QueryContext> inflight;
    quint64 fetchId = 0;
    // Generations: a fetch remembers what it started after, so an answer can tell whether an
    // invalidation or a write happened while it was in flight.
    quint64 invalidateGen = 0;
    quint64 fetchInvalidateGen = 0;
    quint64 writeGen = 0;
    quint64 fetchWriteGen = 0;
    quint64 gcGen = 0;
    std::chrono::milliseconds gcTime { 5min };
    bool dirty = false;

    [[nodiscard]] bool isActive() const
    {
        return std::any_of(observers.begin(), observers.end(),
            [](const QueryObserver *o) { return o->isEnabled(); });
    }
};

class QueryClient::Private
{
public:
    explicit Private(QueryClient *q)
        : q(q)
    {
        flushTimer.setSingleShot(true);
        flushTimer.setInterval(0);
        QObject::connect(&flushTimer, &QTimer::timeout, q, [this] { flush(); });
    }

    enum class FetchMode {
        JoinRunning, //!< automatic triggers (mount, interval) join a fetch in flight
        CancelRunning, //!< imperative refetch / invalidate restart it
    };

    QueryClient *q;
    QHash<QueryKey, std::shared_ptr<Query>> queries;
    QueryFn defaultFn;
    RetryPolicy retry;
    std::chrono::milliseconds defaultGcTime { 5min };
    bool online = true;
    QTimer flushTimer;
    QList<std::shared_ptr<Query>> dirty;
    QList<std::shared_ptr<Query>> pendingRefetch;

    std::shared_ptr<Query> find(const QueryKey &key) const { return queries.value(key); }

    std::shared_ptr<Query> ensure(const QueryKey &key)
    {
        auto &slot = queries[key];
        if (!slot) {
            slot = std::make_shared<Query>();
            slot->key = key;
            slot->gcTime = defaultGcTime;
            Q_EMIT q->queryAdded(key);
        }
        return slot;
    }

    bool matches(const Query &query, const QueryFilter &filter) const
    {
        if (filter.exact ? !(query.key == filter.key) : !query.key.matches(filter.key))
            return false;
        if (filter.type == QueryFilter::Type::Active && !query.isActive())
            return false;
        if (filter.type == QueryFilter::Type::Inactive && query.isActive())
            return false;
        return !filter.predicate || filter.predicate(query.key, query.state);
    }

    QList<std::shared_ptr<Query>> findAll(const QueryFilter &filter) const
    {
        QList<std::shared_ptr<Query>> out;
        if (filter.exact) {
            if (auto query = find(filter.key); query && matches(*query, filter))
                out.append(query);
            return out;
        }
        for (const auto &query : queries) {
            if (matches(*query, filter))
                out.append(query);
        }
        return out;
    }

    void markDirty(const std::shared_ptr<Query> &query)
    {
        if (!query->dirty) {
            query->dirty = true;
            dirty.append(query);
        }
        scheduleFlush();
    }

    void scheduleFlush()
    {
        if (!flushTimer.isActive())
            flushTimer.start();
    }

    void flush()
    {
        // Refetches first: starting them changes fetchStatus, which the notifications carry.
        const auto refetch = std::exchange(pendingRefetch, {});
        for (const auto &query : refetch) {
            // A fetch that started after the latest invalidation already answers it.
            const bool freshFetch = query->state.fetchStatus != FetchStatus::Idle
                && query->fetchInvalidateGen == query->invalidateGen;
            if (!freshFetch && queries.value(query->key) == query)
                fetch(query, FetchMode::CancelRunning);
        }
        const auto notify = std::exchange(dirty, {});
        for (const auto &query : notify) {
            query->dirty = false;
            if (queries.value(query->key) != query)
                continue;
            Q_EMIT q->queryUpdated(query->key);
            // Copy: a slot may detach observers while we iterate.
            const auto observers = query->observers;
            for (QueryObserver *observer : observers) {
                if (query->observers.contains(observer))
                    Q_EMIT observer->resultChanged();
            }
        }
    }

    QueryFn functionFor(const Query &query) const
    {
        for (const QueryObserver *observer : query.observers) {
            if (observer->options().fn)
                return observer->options().fn;
        }
        return query.fn ? query.fn : defaultFn;
    }

    void cancelInflight(Query &query)
    {
        if (auto context = std::exchange(query.inflight, std::nullopt))
            context->cancel();
    }

    void fetch(const std::shared_ptr<Query> &query, FetchMode mode)
    {
        if (query->state.fetchStatus != FetchStatus::Idle) {
            // Running, paused, or waiting for a retry.
            if (mode == FetchMode::JoinRunning)
                return;
            cancelInflight(*query);
        } else {
            query->beforeFetch = query->state;
        }
        const QueryFn fn = functionFor(*query);
        if (!fn) {
            qCWarning(lcQuery) << "no query function for" << query->key.toString();
            return;
        }
        query->fn = fn;
        query->fetchId++;
        query->fetchInvalidateGen = query->invalidateGen;
        query->fetchWriteGen = query->writeGen;
        query->state.fetchStatus = online ? FetchStatus::Fetching : FetchStatus::Paused;
        markDirty(query);
        if (online)
            start(query);
    }

    void start(const std::shared_ptr<Query> &query)
    {
        const quint64 id = query->fetchId;
        std::weak_ptr<Query> weak = query;
        QPointer<QueryClient> guard(q);
        QueryContext context(query->key,
            [this, guard, weak, id](bool ok, const QJsonValue &data, const Error &error) {
                auto query = weak.lock();
                if (!guard || !query || query->fetchId != id)
                    return;
                settle(query, ok, data, error);
            });
        query->inflight = context;
        qCDebug(lcQuery) << "fetch" << query->key.toString();
        query->fn(context);
    }

    void settle(const std::shared_ptr<Query> &query, bool ok, const QJsonValue &data,
        const Error &error)
    {
        query->inflight.reset();
        QueryState &s = query->state;
        if (ok) {
            if (query->writeGen != query->fetchWriteGen) {
                // setQueryData landed while this fetch was in flight: its answer is older than
                // that write and must not overwrite it.
                qCDebug(lcQuery) << "dropping answer older than a write" << query->key.toString();
            } else {
                s.data = data;
                s.dataUpdatedAt = nowMs();
                s.status = QueryStatus::Success;
                s.error = {};
            }
            s.failureCount = 0;
            s.fetchStatus = FetchStatus::Idle;
            // An invalidation during the fetch is not answered by it (query-core #8530).
            s.isInvalidated = query->invalidateGen != query->fetchInvalidateGen;
            if (s.isInvalidated && query->isActive())
                pendingRefetch.append(query);
            markDirty(query);
            scheduleGc(query);
            return;
        }
        s.failureCount++;
        if (error.kind != ErrorKind::Cancelled && error.isRetryable()
            && s.failureCount <= retry.retries) {
            const auto delay = retry.delayFor(s.failureCount - 1);
            qCInfo(lcQuery) << "retry" << s.failureCount << "of" << query->key.toString() << "in"
                            << delay.count() << "ms:" << error.message;
            const quint64 id = query->fetchId;
            std::weak_ptr<Query> weak = query;
            QTimer::singleShot(delay, q, [this, weak, id] {
                auto query = weak.lock();
                if (!query || query->fetchId != id || query->inflight)
                    return;
                if (online)
                    start(query);
                else
                    query->state.fetchStatus = FetchStatus::Paused;
            });
            markDirty(query);
            return;
        }
        s.status = QueryStatus::Error; // a background error keeps data
        s.error = error;
        s.errorUpdatedAt = nowMs();
        s.fetchStatus = FetchStatus::Idle;
        qCWarning(lcQuery) << "fetch failed" << query->key.toString() << error.message;
        markDirty(query);
        scheduleGc(query);
    }

    void scheduleGc(const std::shared_ptr<Query> &query)
    {
        if (!query->observers.isEmpty() || query->gcTime.count() < 0)
            return;
        const quint64 gen = ++query->gcGen;
        std::weak_ptr<Query> weak = query;
        QTimer::singleShot(query->gcTime, q, [this, weak, gen] {
            auto query = weak.lock();
            if (!query || query->gcGen != gen || !query->observers.isEmpty() || query->inflight)
                return;
            remove(query);
        });
    }

    void remove(const std::shared_ptr<Query> &query)
    {
        cancelInflight(*query);
        if (queries.value(query->key) == query) {
            queries.remove(query->key);
            Q_EMIT q->queryRemoved(query->key);
        }
    }

    void write(const std::shared_ptr<Query> &query, const QJsonValue &data)
    {
        QueryState &s = query->state;
        s.data = data;
        s.dataUpdatedAt = nowMs();
        s.status = QueryStatus::Success;
        s.error = {};
        s.isInvalidated = false;
        query->writeGen++;
        markDirty(query);
        scheduleGc(query);
    }
};

QueryClient::QueryClient(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
}

QueryClient::~QueryClient()
{
    for (const auto &query : std::as_const(d->queries)) {
        d->cancelInflight(*query);
        for (QueryObserver *observer : std::as_const(query->observers))
            observer->m_client = nullptr;
    }
}

void QueryClient::setDefaultQueryFn(QueryFn fn)
{
    d->defaultFn = std::move(fn);
}

void QueryClient::setRetryPolicy(const RetryPolicy &policy)
{
    d->retry = policy;
}

RetryPolicy QueryClient::retryPolicy() const
{
    return d->retry;
}

void QueryClient::setDefaultGcTime(std::chrono::milliseconds gcTime)
{
    d->defaultGcTime = gcTime;
}

QueryState QueryClient::state(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query ? query->state : QueryState {};
}

QJsonValue QueryClient::queryData(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query ? query->state.data : QJsonValue();
}

bool QueryClient::contains(const QueryKey &key) const
{
    return d->queries.contains(key);
}

int QueryClient::queryCount() const
{
    return int(d->queries.size());
}

QList<QueryKey> QueryClient::keys(const QueryFilter &filter) const
{
    QList<QueryKey> out;
    for (const auto &query : d->findAll(filter))
        out.append(query->key);
    return out;
}

bool QueryClient::isActive(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query && query->isActive();
}

void QueryClient::setQueryData(const QueryKey &key, const QJsonValue &data)
{
    d->write(d->ensure(key), data);
}

void QueryClient::setQueryData(const QueryKey &key,
    const std::function<std::optional<QJsonValue>(const QJsonValue &)> &updater)
{
    const auto existing = d->find(key);
    auto next = updater(existing ? existing->state.data : QJsonValue());
    if (!next)
        return;
    d->write(existing ? existing : d->ensure(key), *next);
}

void QueryClient::setQueriesData(const QueryFilter &filter,
    const std::function<std::optional<QJsonValue>(const QJsonValue &)> &updater)
{
    for (const auto &query : d->findAll(filter)) {
        if (auto next = updater(query->state.data))
            d->write(query, *next);
    }
}

void QueryClient::invalidateQueries(const QueryFilter &filter, RefetchType refetch)
{
    for (const auto &query : d->findAll(filter)) {
        query->invalidateGen++;
        if (!query->state.isInvalidated) {
            query->state.isInvalidated = true;
            d->markDirty(query);
        }
        const bool active = query->isActive();
        const bool wanted = refetch == RefetchType::All
            || (refetch == RefetchType::Active && active)
            || (refetch == RefetchType::Inactive && !active);
        // Disabled queries (observed, none enabled) are never refetched by invalidation.
        const bool disabled = !query->observers.isEmpty() && !active;
        if (wanted && !disabled && !d->pendingRefetch.contains(query))
            d->pendingRefetch.append(query);
    }
    if (!d->pendingRefetch.isEmpty())
        d->scheduleFlush();
}

void QueryClient::refetchQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter)) {
        const bool disabled = !query->observers.isEmpty() && !query->isActive();
        if (!disabled)
            d->fetch(query, Private::FetchMode::CancelRunning);
    }
}

void QueryClient::cancelQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter)) {
        if (query->state.fetchStatus == FetchStatus::Idle)
            continue;
        d->cancelInflight(*query);
        query->fetchId++; // a pending retry timer must not resume it
        const bool invalidated = query->state.isInvalidated;
        query->state = query->beforeFetch;
        query->state.fetchStatus = FetchStatus::Idle;
        query->state.isInvalidated = invalidated;
        d->markDirty(query);
    }
}

void QueryClient::removeQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter))
        d->remove(query);
}

void QueryClient::setOnline(bool online)
{
    if (d->online == online)
        return;
    d->online = online;
    if (!online)
        return;
    for (const auto &query : std::as_const(d->queries)) {
        if (query->state.fetchStatus == FetchStatus::Paused) {
            query->state.fetchStatus = FetchStatus::Fetching;
            d->markDirty(query);
            d->start(query);
        }
    }
}

bool QueryClient::isOnline() const
{
    return d->online;
}

void QueryClient::attach(QueryObserver *observer)
{
    const bool created = !d->queries.contains(observer->key());
    auto query = d->ensure(observer->key());
    query->observers.append(observer);
    query->gcGen++; // observed again: cancel a pending collection
    // The longest gcTime any observer asked for wins (query-core's updateGcTime).
    query->gcTime = created ? observer->options().gcTime
                            : std::max(query->gcTime, observer->options().gcTime);
    if (observer->isEnabled()
        && observer->result().isStale(observer->options().staleTime.count(), nowMs()))
        d->fetch(query, Private::FetchMode::JoinRunning);
}

void QueryClient::detach(QueryObserver *observer)
{
    auto query = d->find(observer->key());
    if (!query)
        return;
    query->observers.removeAll(observer);
    if (query->observers.isEmpty())
        d->scheduleGc(query);
}

void QueryClient::observerOptionsChanged(QueryObserver *observer)
{
    auto query = d->find(observer->key());
    if (query && observer->isEnabled()
        && query->state.isStale(observer->options().staleTime.count(), nowMs()))
        d->fetch(query, Private::FetchMode::JoinRunning);
}

void QueryClient::observerRefetch(QueryObserver *observer)
{
    if (auto query = d->find(observer->key()))
        d->fetch(query, Private::FetchMode::CancelRunning);
}

} // namespace Ops
