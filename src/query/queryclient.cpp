#include "queryclient.h"

#include <algorithm>
#include <exception>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QMetaMethod>
#include <QPointer>

#include "core/logging.h"
#include "queryclient_p.h"
#include "queryobserver.h"
#include "rowlist.h"

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace Ops {

using Action = QueryCacheEvent::Action;
using EventType = QueryCacheEvent::Type;

// ---- Private ----------------------------------------------------------------------------------

QueryClient::Private::Private(QueryClient *q)
    : q(q)
{
    flushTimer.setSingleShot(true);
    flushTimer.setInterval(0);
    QObject::connect(&flushTimer, &QTimer::timeout, q, [this] { flush(); });
}

QueryKey QueryClient::Private::keyOf(const Query &query)
{
    if (query.isObserved())
        return query.cold->observers.first()->key();
    return QueryKey::fromHash(query.hash);
}

void QueryClient::Private::index(Query *query, bool add)
{
    const qsizetype parts = QueryKey::partCount(query->hash);
    for (qsizetype n = 1; n < parts; ++n) {
        // A view of the entry's text: the bucket name is copied only when the bucket is new.
        const QByteArray prefix = QByteArray::fromRawData(
            query->hash.constData(), QueryKey::prefixLength(query->hash, n));
        auto it = prefixIndex.find(prefix);
        if (add) {
            if (it == prefixIndex.end())
                it = prefixIndex.insert(QByteArray(prefix.constData(), prefix.size()), {});
            it->insert(query);
        } else if (it != prefixIndex.end()) {
            it->remove(query);
            if (it->isEmpty())
                prefixIndex.erase(it);
        }
    }
}

std::shared_ptr<Query> QueryClient::Private::ensure(const QueryKey &key)
{
    auto &slot = queries[key.hash()];
    if (!slot) {
        slot = std::make_shared<Query>();
        slot->hash = key.hash();
        slot->gcTimeMs = defaultGcTime.count();
        index(slot.get(), true);
        Q_EMIT q->queryAdded(key);
        event(EventType::Added, Action::None, *slot);
        // query-core schedules collection when a query is built: unobserved entries expire.
        scheduleGc(slot);
    }
    return slot;
}

bool QueryClient::Private::matchesRest(
    const Query &query, const QueryFilter &filter, qint64 now) const
{
    if (filter.type != QueryFilter::Type::All) {
        const bool active = query.isActive();
        if ((filter.type == QueryFilter::Type::Active) != active)
            return false;
    }
    if (filter.stale && query.isStale(now) != *filter.stale)
        return false;
    if (filter.fetchStatus && query.fetchStatus != *filter.fetchStatus)
        return false;
    return !filter.predicate || filter.predicate(keyOf(query), query.state());
}

QList<std::shared_ptr<Query>> QueryClient::Private::findAll(const QueryFilter &filter) const
{
    // Two passes, as query-core filters a snapshot: the key match walks the live cache and its
    // index but calls no code from outside; the rest of the filter, whose predicate may write
    // to the cache (and so rehash what the first pass walks), runs over the list it made.
    QList<std::shared_ptr<Query>> out = matchKeys(filter);
    const bool rest = filter.type != QueryFilter::Type::All || filter.stale || filter.fetchStatus
        || filter.predicate;
    if (rest) {
        const qint64 now = clock->now();
        out.removeIf(
            [&](const std::shared_ptr<Query> &q) { return !matchesRest(*q, filter, now); });
    }
    return out;
}

QList<std::shared_ptr<Query>> QueryClient::Private::matchKeys(const QueryFilter &filter) const
{
    QList<std::shared_ptr<Query>> out;
    if (filter.exact) {
        if (auto query = find(filter.key))
            out.append(std::move(query));
        return out;
    }
    const qsizetype size = filter.key.size();
    const qsizetype scalar = filter.key.scalarPrefixLength();
    if (size == 0) {
        out.reserve(queries.size());
        for (const auto &query : queries)
            out.append(query);
        return out;
    }
    if (scalar == 0) {
        for (const auto &query : queries) {
            if (keyOf(*query).matches(filter.key))
                out.append(query);
        }
        return out;
    }
    // Equal leading scalar parts: the exact key itself plus the bucket of longer keys.
    if (scalar == size) {
        if (auto query = find(filter.key))
            out.append(std::move(query));
    }
    const auto bucket = prefixIndex.constFind(filter.key.prefixHash(scalar));
    if (bucket == prefixIndex.constEnd())
        return out;
    out.reserve(out.size() + bucket->size());
    for (Query *query : *bucket) {
        if (scalar == size || keyOf(*query).matches(filter.key))
            out.append(query->shared_from_this());
    }
    return out;
}

void QueryClient::Private::event(EventType type, Action action, const Query &query)
{
    refreshReceivers();
    if (eventsConnected)
        Q_EMIT q->cacheEvent({ type, action, keyOf(query) });
}

void QueryClient::Private::markDirty(const std::shared_ptr<Query> &query)
{
    if (!query->dirty) {
        query->dirty = true;
        dirty.append(query);
    }
    scheduleFlush();
}

void QueryClient::Private::scheduleFlush()
{
    if (!flushTimer.isActive())
        flushTimer.start();
}

Waiter QueryClient::Private::joined(std::vector<Waiter> waiters)
{
    if (waiters.empty())
        return {};
    return [waiters = std::move(waiters)] {
        for (const auto &w : waiters)
            w();
    };
}

void QueryClient::Private::finishFollowUp(const std::shared_ptr<Query> &query, bool refetch,
    std::vector<Waiter> followUpWaiters, std::vector<Waiter> &waiters)
{
    if (refetch)
        queueRefetch(query, joined(std::move(followUpWaiters)));
    else
        waiters.insert(waiters.end(), followUpWaiters.begin(), followUpWaiters.end());
}

std::vector<Waiter> QueryClient::Private::takeWaiters(QueryFetch &fetch)
{
    auto waiters = std::move(fetch.waiters);
    waiters.insert(waiters.end(), fetch.followUpWaiters.begin(), fetch.followUpWaiters.end());
    fetch.waiters.clear();
    fetch.followUpWaiters.clear();
    return waiters;
}

void QueryClient::Private::queueRefetch(
    const std::shared_ptr<Query> &query, Waiter waiter, bool restart)
{
    if (waiter)
        queuedWaiters[query.get()].push_back(std::move(waiter));
    query->queuedRestart = query->queuedRestart || restart;
    if (!query->queuedRefetch) {
        query->queuedRefetch = true;
        pendingRefetch.append(query);
    }
    scheduleFlush();
}

void QueryClient::Private::flush()
{
    // Refetches first: starting them changes fetchStatus, which the notifications carry.
    const auto refetch = std::exchange(pendingRefetch, {});
    for (const auto &query : refetch) {
        query->queuedRefetch = false;
        const bool restart = std::exchange(query->queuedRestart, false);
        std::vector<Waiter> waiters;
        if (auto it = queuedWaiters.find(query.get()); it != queuedWaiters.end()) {
            waiters = std::move(*it);
            queuedWaiters.erase(it);
        }
        const bool cached = queries.value(query->hash) == query;
        // A fetch that started after the latest invalidation already answers it.
        const bool freshFetch = query->fetch && query->fetch->invalidateGen == query->invalidateGen;
        if (!cached) {
            for (const auto &w : waiters)
                w();
            continue;
        }
        Waiter all = joined(std::move(waiters));
        if (!freshFetch && !restart && query->fetch) {
            // Let the stale fetch land; settle() starts the follow-up that answers this.
            query->fetch->followUp = true;
            if (all)
                query->fetch->followUpWaiters.push_back(std::move(all));
            continue;
        }
        fetch(query, freshFetch ? FetchMode::JoinRunning : FetchMode::CancelRunning, all);
    }
    const auto notify = std::exchange(dirty, {});
    for (const auto &query : notify) {
        query->dirty = false;
        if (queries.value(query->hash) != query)
            continue;
        // No data change since the last notification (a fetch started, an equal or 304 answer,
        // an invalidation): for a row list that is an empty row change, not "diff it yourself".
        QueryChangeSet changes =
            query->dataIsRowList ? QueryChangeSet::unchanged() : QueryChangeSet();
        if (query->cold && query->cold->changes) {
            changes = std::move(*query->cold->changes);
            query->cold->changes.reset();
        }
        refreshReceivers();
        if (updatedConnected)
            Q_EMIT q->queryUpdated(keyOf(*query));
        // Copy: a slot may detach observers while we iterate.
        const auto observers = query->observers();
        for (QueryObserver *observer : observers) {
            if (query->observers().contains(observer))
                observer->onQueryUpdated(changes);
        }
    }
}

QueryFn QueryClient::Private::functionFor(Query &query) const
{
    for (const QueryObserver *observer : query.observers()) {
        if (observer->options().fn)
            return observer->options().fn;
    }
    return query.cold && query.cold->fn ? query.cold->fn : defaultFn;
}

RetryPolicy QueryClient::Private::retryFor(const Query &query) const
{
    for (const QueryObserver *observer : query.observers()) {
        if (observer->options().retry)
            return *observer->options().retry;
    }
    return retry;
}

void QueryClient::Private::fetch(const std::shared_ptr<Query> &query, FetchMode mode, Waiter waiter)
{
    if (query->fetch) {
        // Running, paused, or waiting for a retry.
        if (mode == FetchMode::JoinRunning) {
            if (waiter)
                query->fetch->waiters.push_back(std::move(waiter));
            return;
        }
        if (auto context = std::exchange(query->fetch->context, std::nullopt))
            context->cancel();
        // The restarted fetch answers every invalidation so far: no follow-up after it.
        QueryFetch &running = *query->fetch;
        running.followUp = false;
        running.waiters.insert(
            running.waiters.end(), running.followUpWaiters.begin(), running.followUpWaiters.end());
        running.followUpWaiters.clear();
    } else {
        query->fetch = std::make_unique<QueryFetch>();
        query->fetch->before = query->state();
    }
    QueryFetch &f = *query->fetch;
    if (waiter)
        f.waiters.push_back(std::move(waiter));
    const QueryFn fn = functionFor(*query);
    if (!fn) {
        qCWarning(lcQuery) << "no query function for" << keyText(*query);
        auto waiters = takeWaiters(f);
        query->fetch.reset();
        for (const auto &w : waiters)
            w();
        return;
    }
    query->coldData().fn = fn;
    f.retry = retryFor(*query);
    f.invalidateGen = query->invalidateGen;
    f.writeGen = query->writeGen;
    f.started = false;
    query->fetchId++;
    query->fetchStatus = online ? FetchStatus::Fetching : FetchStatus::Paused;
    query->clearFailures();
    if (!query->hasData()) {
        query->status = QueryStatus::Pending;
        query->clearError();
    }
    event(EventType::Updated, Action::Fetch, *query);
    markDirty(query);
    if (online)
        start(query);
}

void QueryClient::Private::start(const std::shared_ptr<Query> &query)
{
    const quint32 id = query->fetchId;
    std::weak_ptr<Query> weak = query;
    QPointer<QueryClient> guard(q);
    QueryContext context(keyOf(*query),
        [this, guard, weak, id](bool ok, const QJsonValue &data, const Error &error) {
            auto query = weak.lock();
            if (!guard || !query || query->fetchId != id || !query->fetch)
                return;
            settle(query, ok, data, error);
        });
    // A conditional or delta read is relative to the server's value, never to pending edits
    // shown over it: an answer built on those would make them the server's value, and a rollback
    // while the fetch is in flight could no longer take them back.
    const bool layered = query->cold && !query->cold->layers.isEmpty();
    context.setPrevious(
        layered ? query->cold->base : query->data, query->cold ? query->cold->meta : QVariant());
    query->fetch->context = context;
    query->fetch->started = true;
    qCDebug(lcQuery) << "fetch" << keyText(*query);
    const QueryFn fn = query->cold->fn;
    // May settle synchronously. A function that throws fails the fetch like a rejection
    // (query-core turns a throw into an error state); nothing escapes into the event loop.
    try {
        fn(context);
    } catch (const std::exception &e) {
        context.reject({ ErrorKind::Protocol,
            QueryClient::tr("The query function failed: %1").arg(QString::fromUtf8(e.what())) });
    } catch (...) {
        context.reject({ ErrorKind::Protocol, QueryClient::tr("The query function failed") });
    }
}

void QueryClient::Private::settle(
    const std::shared_ptr<Query> &query, bool ok, const QJsonValue &data, const Error &error)
{
    QueryFetch &f = *query->fetch;
    const QueryContext context = *f.context;
    f.context.reset();
    if (ok) {
        const bool writeLanded = query->writeGen != f.writeGen;
        bool answerDisagrees = false;
        const qint64 now = wallNow();
        if (writeLanded) {
            // setQueryData landed while this fetch was in flight: its answer is older than that
            // write and must not overwrite it (#3579); rows only take newer versions.
            bool merged = false;
            const QJsonValue current =
                query->cold && !query->cold->layers.isEmpty() ? query->cold->base : query->data;
            RowList rows(current.toArray());
            if (!context.wasNotModified() && current.isArray() && data.isArray()) {
                const RowList::Merge merge = rows.mergeOlder(data.toArray());
                merged = merge.changed;
                answerDisagrees = merge.rowsDisagree;
            }
            const QJsonValue next = rows.toJson();
            qCDebug(lcQuery) << "answer older than a write" << keyText(*query) << "merged" << merged
                             << "rows disagree" << answerDisagrees;
            if (merged)
                setBase(query, next, Action::None); // the Success event follows
            if (query->cold)
                query->cold->meta = {}; // the validators describe the older answer
        } else if (!context.wasNotModified()) {
            setBase(query, data, Action::None); // the Success event follows
            if (context.hasNewMeta())
                query->coldData().meta = context.meta();
        }
        query->dataUpdatedAt = now;
        query->status = QueryStatus::Success;
        query->clearError();
        query->clearFailures();
        query->fetchStatus = FetchStatus::Idle;
        // An invalidation during the fetch is not answered by it (query-core #8530); nor is the
        // question which rows exist when the answer and a later write disagree on it.
        query->isInvalidated = query->invalidateGen != f.invalidateGen || answerDisagrees;
        auto waiters = std::move(f.waiters);
        auto followUpWaiters = std::move(f.followUpWaiters);
        const bool followUp = f.followUp;
        query->fetch.reset();
        finishFollowUp(query, query->isInvalidated && (query->isActive() || followUp),
            std::move(followUpWaiters), waiters);
        event(EventType::Updated, Action::Success, *query);
        markDirty(query);
        scheduleGc(query);
        for (const auto &w : waiters)
            w();
        return;
    }
    QueryFailure &failure = query->failureData();
    failure.failureCount++;
    failure.failureReason = error;
    if (f.retry.shouldRetry(failure.failureCount, error)) {
        const auto delay =
            std::max(f.retry.delayAfter(failure.failureCount, error), context.retryAfter());
        qCInfo(lcQuery) << "retry" << failure.failureCount << "of" << keyText(*query) << "in"
                        << delay.count() << "ms:" << error.message;
        const quint32 id = query->fetchId;
        std::weak_ptr<Query> weak = query;
        f.started = false;
        clock->schedule(delay, q, [this, weak, id] {
            auto query = weak.lock();
            if (!query || query->fetchId != id || !query->fetch || query->fetch->context)
                return;
            if (online && focused) {
                query->fetchStatus = FetchStatus::Fetching;
                start(query);
            } else {
                query->fetchStatus = FetchStatus::Paused;
                event(EventType::Updated, Action::Pause, *query);
                markDirty(query);
            }
        });
        event(EventType::Updated, Action::FailedAttempt, *query);
        markDirty(query);
        return;
    }
    query->status = QueryStatus::Error; // a background error keeps data
    failure.error = error;
    failure.errorUpdatedAt = wallNow();
    query->fetchStatus = FetchStatus::Idle;
    qCWarning(lcQuery) << "fetch failed" << keyText(*query) << error.message;
    auto waiters = std::move(f.waiters);
    // A follow-up was asked for because the server changed since this fetch began: try once
    // more rather than leave the failure standing for a change nobody has fetched.
    auto followUpWaiters = std::move(f.followUpWaiters);
    const bool followUp = f.followUp && error.kind != ErrorKind::Cancelled;
    query->fetch.reset();
    finishFollowUp(query, followUp, std::move(followUpWaiters), waiters);
    event(EventType::Updated, Action::Error, *query);
    markDirty(query);
    scheduleGc(query);
    for (const auto &w : waiters)
        w();
}

void QueryClient::Private::resumePaused()
{
    if (!online)
        return;
    const auto all = queries.values();
    for (const auto &query : all) {
        if (!query->fetch || query->fetchStatus != FetchStatus::Paused)
            continue;
        // A paused first attempt starts whenever online; a paused retry also needs focus.
        if (query->failure() && query->failure()->failureCount > 0 && !focused)
            continue;
        query->fetchStatus = FetchStatus::Fetching;
        event(EventType::Updated, Action::Continue, *query);
        markDirty(query);
        start(query);
    }
}

// ---- QueryClient ------------------------------------------------------------------------------

QueryClient::QueryClient(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{ }

QueryClient::~QueryClient()
{
    d->clock->cancel(std::exchange(d->gcTimer, 0));
    for (const auto &query : std::as_const(d->queries)) {
        if (query->fetch && query->fetch->context)
            query->fetch->context->cancel();
        query->fetchId++;
        for (QueryObserver *observer : query->observers())
            observer->m_client = nullptr;
    }
}

void QueryClient::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&QueryClient::cacheEvent))
        d->eventsConnected = true;
    else if (signal == QMetaMethod::fromSignal(&QueryClient::queryUpdated))
        d->updatedConnected = true;
    else if (signal == QMetaMethod::fromSignal(&QueryClient::queryRemoved))
        d->removedConnected = true;
}

void QueryClient::disconnectNotify(const QMetaMethod &)
{
    // Qt calls this with its connection lock held when a receiver is destroyed: asking
    // isSignalConnected() here would take that lock again and hang whenever the receiver's and
    // this object's locks are the same one of Qt's pool. The flags are re-read at the next emit.
    d->receiversStale = true;
}

void QueryClient::Private::refreshReceivers()
{
    if (!receiversStale)
        return;
    receiversStale = false;
    eventsConnected = q->isSignalConnected(QMetaMethod::fromSignal(&QueryClient::cacheEvent));
    updatedConnected = q->isSignalConnected(QMetaMethod::fromSignal(&QueryClient::queryUpdated));
    removedConnected = q->isSignalConnected(QMetaMethod::fromSignal(&QueryClient::queryRemoved));
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

void QueryClient::setClock(QueryClock *clock)
{
    if (!clock || clock == d->clock)
        return;
    d->clock->cancel(std::exchange(d->gcTimer, 0));
    d->clock = clock;
    for (const auto &query : std::as_const(d->queries)) {
        if (query->gcAt != 0 && !query->isObserved())
            d->scheduleGc(query);
    }
}

QueryClock *QueryClient::clock() const
{
    return d->clock;
}

QList<std::pair<QueryKey, QJsonValue>> QueryClient::queriesData(const QueryFilter &filter) const
{
    QList<std::pair<QueryKey, QJsonValue>> out;
    const auto matches = d->findAll(filter);
    out.reserve(matches.size());
    for (const auto &query : matches)
        out.append({ Private::keyOf(*query), query->data });
    return out;
}

QueryState QueryClient::state(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query ? query->state() : QueryState {};
}

QJsonValue QueryClient::queryData(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query ? query->data : QJsonValue();
}

QVariant QueryClient::queryMeta(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query && query->cold ? query->cold->meta : QVariant();
}

bool QueryClient::contains(const QueryKey &key) const
{
    return d->queries.contains(key.hash());
}

int QueryClient::queryCount() const
{
    return int(d->queries.size());
}

QList<QueryKey> QueryClient::keys(const QueryFilter &filter) const
{
    QList<QueryKey> out;
    for (const auto &query : d->findAll(filter))
        out.append(Private::keyOf(*query));
    return out;
}

bool QueryClient::isActive(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query && query->isActive();
}

int QueryClient::observerCount(const QueryKey &key) const
{
    const auto query = d->find(key);
    return query ? int(query->observers().size()) : 0;
}

int QueryClient::fetchingCount(const QueryFilter &filter) const
{
    QueryFilter f = filter;
    f.fetchStatus = FetchStatus::Fetching;
    return int(d->findAll(f).size());
}

int QueryClient::mutatingCount() const
{
    return d->mutating;
}

void QueryClient::invalidateQueries(const QueryFilter &filter, RefetchType refetch)
{
    invalidateQueries(filter, refetch, {});
}

void QueryClient::invalidateQueries(const QueryFilter &filter, RefetchType refetch, Completion done)
{
    invalidateQueries(filter, refetch, RunningFetch::Restart, std::move(done));
}

void QueryClient::invalidateQueries(
    const QueryFilter &filter, RefetchType refetch, RunningFetch running, Completion done)
{
    struct Batch
    {
        int pending = 1;
        Completion done;
        void release()
        {
            if (--pending == 0 && done)
                done();
        }
    };
    auto batch = std::make_shared<Batch>();
    batch->done = std::move(done);
    for (const auto &query : d->findAll(filter)) {
        query->invalidateGen++;
        if (!query->isInvalidated) {
            query->isInvalidated = true;
            d->event(EventType::Updated, Action::Invalidate, *query);
            d->markDirty(query);
        }
        if (refetch == RefetchType::None)
            continue;
        const bool active = query->isActive();
        const bool wanted = refetch == RefetchType::All
            || (refetch == RefetchType::Active && active)
            || (refetch == RefetchType::Inactive && !active);
        if (!wanted || query->isDisabled() || query->isStatic())
            continue;
        Waiter waiter;
        if (batch->done) {
            batch->pending++;
            waiter = [batch] { batch->release(); };
        }
        d->queueRefetch(query, std::move(waiter), running == RunningFetch::Restart);
    }
    if (batch->done) {
        // Settles after this turn at the earliest, like query-core's promise.
        QTimer::singleShot(0, this, [batch] { batch->release(); });
    }
}

void QueryClient::refetchQueries(const QueryFilter &filter, Completion done)
{
    auto pending = std::make_shared<int>(1);
    auto finish = [pending, done] {
        if (--*pending == 0 && done)
            done();
    };
    for (const auto &query : d->findAll(filter)) {
        if (query->isDisabled() || query->isStatic())
            continue;
        ++*pending;
        d->fetch(query, Private::FetchMode::CancelRunning, finish);
    }
    QTimer::singleShot(0, this, finish);
}

void QueryClient::fetchQuery(const QueryKey &key, std::chrono::milliseconds staleTime,
    std::function<void(const QueryState &)> done, QueryFn fn)
{
    auto query = d->ensure(key);
    if (fn)
        query->coldData().fn = std::move(fn);
    std::weak_ptr<Query> weak = query;
    Waiter waiter;
    if (done) {
        waiter = [weak, done] {
            auto query = weak.lock();
            done(query ? query->state() : QueryState {});
        };
    }
    if (!query->isStaleFor(staleTime.count(), d->wallNow()) && !query->fetch) {
        if (waiter)
            QTimer::singleShot(0, this, waiter);
        return;
    }
    d->fetch(query, Private::FetchMode::JoinRunning, std::move(waiter));
    d->scheduleGc(query);
}

void QueryClient::cancelQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter)) {
        if (!query->fetch)
            continue;
        QueryFetch &f = *query->fetch;
        if (f.context)
            f.context->cancel();
        query->fetchId++; // a pending retry timer must not resume it
        const bool invalidated = query->isInvalidated;
        if (query->writeGen == f.writeGen) {
            query->restore(f.before);
        } else if (f.before.failureCount != 0 || !f.before.failureReason.ok() || query->failure()) {
            // A write landed during the fetch: reverting must not undo it.
            QueryFailure &failure = query->failureData();
            failure.failureCount = f.before.failureCount;
            failure.failureReason = f.before.failureReason;
        }
        query->fetchStatus = FetchStatus::Idle;
        query->isInvalidated = invalidated;
        auto waiters = Private::takeWaiters(f);
        query->fetch.reset();
        d->event(EventType::Updated, Action::Cancel, *query);
        d->markDirty(query);
        d->scheduleGc(query);
        for (const auto &w : waiters)
            w();
    }
}

void QueryClient::removeQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter))
        d->remove(query);
}

void QueryClient::resetQueries(const QueryFilter &filter)
{
    for (const auto &query : d->findAll(filter)) {
        if (query->fetch && query->fetch->context)
            query->fetch->context->cancel();
        query->fetchId++;
        // Whoever waits on the fetch the reset replaces (invalidateQueries, fetchQuery) settles
        // with the fetch that replaces it, or now when nothing is refetched.
        std::vector<Waiter> waiters;
        if (query->fetch)
            waiters = Private::takeWaiters(*query->fetch);
        query->fetch.reset();
        query->restore({});
        query->dataGen++;
        if (query->cold)
            query->cold->meta = {};
        d->markDirty(query);
        if (query->isActive()) {
            d->fetch(query, Private::FetchMode::CancelRunning, Private::joined(std::move(waiters)));
            continue;
        }
        for (const auto &w : waiters)
            w();
    }
}

void QueryClient::setOnline(bool online)
{
    if (d->online == online)
        return;
    d->online = online;
    Q_EMIT onlineChanged(online);
    if (!online)
        return;
    d->resumePaused();
    d->triggerObservers(&QueryOptions::refetchOnReconnect);
}

bool QueryClient::isOnline() const
{
    return d->online;
}

void QueryClient::setFocused(bool focused)
{
    if (d->focused == focused)
        return;
    d->focused = focused;
    Q_EMIT focusedChanged(focused);
    if (!focused)
        return;
    d->resumePaused();
    d->triggerObservers(&QueryOptions::refetchOnWindowFocus);
}

bool QueryClient::isFocused() const
{
    return d->focused;
}

} // namespace Ops
