// QueryClient's writes: the public ones (setQueryData, patchServerData, patchServerRows,
// setQueriesData), structural sharing of a new value (the diff that becomes the observers' change
// set), optimistic layers of pending mutations, and observers attaching and leaving.

#include <algorithm>
#include <utility>

#include <QJsonArray>

#include "core/logging.h"
#include "queryclient.h"
#include "queryclient_p.h"
#include "queryobserver.h"
#include "rowlist.h"

namespace Ops {

using Action = QueryCacheEvent::Action;
using EventType = QueryCacheEvent::Type;

void QueryClient::Private::commit(
    const std::shared_ptr<Query> &query, const QJsonValue &data, Action action)
{
    bool equal = false;
    bool rowList = false;
    std::optional<RowStamps> stamps; // of `data`, for the next refetch of versioned rows
    if (query->isObserved()) {
        QueryCold &cold = *query->cold;
        auto &changes = cold.changes;
        // Versioned rows compare by id and version, unless an optimistic write is shown before
        // or after: it changes a row under the server's version.
        const bool versioned = query->versionedRows && cold.layers.isEmpty() && !query->dataLayered;
        if (query->data.isArray() && data.isArray()) {
            // Structural sharing: an equal answer keeps the cached value and bumps nothing; the
            // diff is also the change set observers read.
            QueryChangeSet diff;
            if (versioned) {
                // The kept stamps become the answer's (updated in place when its rows are).
                // Taken out while they change: a diff that throws leaves none, not half-updated.
                std::optional<RowStamps> kept = std::exchange(cold.stamps, std::nullopt);
                if (cold.stampsGen != query->dataGen)
                    kept.reset();
                diff = RowList::diffVersioned(query->data, data, &equal, kept);
                if (equal) { // the answer's are the cached value's
                    cold.stamps = std::move(kept);
                    cold.stampsGen = query->dataGen;
                } else {
                    stamps = std::move(kept); // kept past dataReplaced() below
                }
            } else {
                diff = RowList::diff(query->data, data, &equal, query->dataIsRowList);
            }
            rowList = diff.isRowDiff();
            if (!equal) {
                if (changes)
                    changes->merge(diff);
                else
                    changes = std::make_unique<QueryChangeSet>(std::move(diff));
            }
        } else {
            if (!changes)
                changes = std::make_unique<QueryChangeSet>();
            changes->invalidate();
            // Checked once here, so the refetches after it skip the id check of equal rows (and
            // versioned rows read only the answer).
            if (versioned)
                stamps = RowStamps::of(data);
            rowList = stamps || RowList::isRowList(data);
        }
    }
    if (!equal) {
        query->data = data;
        query->dataIsRowList = rowList; // unknown (false) when it was not diffed
        query->dataGen++;
        if (query->cold) {
            query->cold->dataReplaced(); // what was kept would hold the old value
            if (stamps) {
                query->cold->stamps = std::move(stamps);
                query->cold->stampsGen = query->dataGen;
            }
        }
    }
    committed(query, action);
}

void QueryClient::Private::commitRows(const std::shared_ptr<Query> &query, RowList rows)
{
    QueryCold &cold = query->coldData();
    bool stampsKept = cold.stamps && cold.stampsGen == query->dataGen;
    // The change set: what observers read, and which stamps to take again.
    const QueryChangeSet diff =
        query->isObserved() || stampsKept ? rows.recordedChanges() : QueryChangeSet();
    if (query->isObserved()) {
        if (cold.changes)
            cold.changes->merge(diff);
        else
            cold.changes = std::make_unique<QueryChangeSet>(diff);
    }
    // Rows changed in place keep the stamps of the others; an insert or a removal moves them.
    for (const QueryChangeSet::Row &row : diff.rows()) {
        if (!stampsKept)
            break;
        stampsKept = row.kind == QueryChangeSet::Kind::Changed
            && cold.stamps->retake(rows.rows(), rows.indexOf(row.id));
    }
    query->data = rows.toJson();
    query->dataGen++;
    cold.rows = std::move(rows);
    cold.rowsGen = query->dataGen;
    if (stampsKept)
        cold.stampsGen = query->dataGen;
    else
        cold.stamps.reset();
    committed(query, Action::SetData);
}

void QueryClient::Private::committed(const std::shared_ptr<Query> &query, Action action)
{
    query->dataLayered = query->cold && !query->cold->layers.isEmpty();
    query->dataUpdatedAt = wallNow();
    query->status = QueryStatus::Success;
    query->clearError();
    query->isInvalidated = false;
    if (action != Action::None)
        event(EventType::Updated, action, *query);
    markDirty(query);
}

void QueryClient::Private::write(const std::shared_ptr<Query> &query, const QJsonValue &data)
{
    if (mutationScope && phase == MutationPhase::Mutate) {
        addLayer(query, data);
        return;
    }
    if (mutationScope && phase == MutationPhase::Rollback && query->cold) {
        const auto &layers = query->cold->layers;
        const bool mine = std::any_of(layers.begin(), layers.end(),
            [this](const OptimisticLayer &l) { return l.mutation == mutationScope; });
        if (mine) {
            // The documented rollback writes the snapshot taken in onMutate; dropping this
            // mutation's layer instead keeps other pending writes and newer server values.
            dropLayers(query, mutationScope);
            return;
        }
    }
    query->writeGen++;
    setBase(query, data, Action::SetData);
    scheduleGc(query);
}

void QueryClient::Private::setBase(
    const std::shared_ptr<Query> &query, const QJsonValue &data, Action action)
{
    if (!query->cold || query->cold->layers.isEmpty()) {
        commit(query, data, action);
        return;
    }
    query->cold->base = data;
    auto &layers = query->cold->layers;
    layers.removeIf([](const OptimisticLayer &l) { return l.settled; });
    recompute(query, action);
}

void QueryClient::Private::addLayer(const std::shared_ptr<Query> &query, const QJsonValue &data)
{
    QueryCold &cold = query->coldData();
    if (cold.layers.isEmpty())
        cold.base = query->data;
    OptimisticLayer layer;
    layer.mutation = mutationScope;
    bool equal = false;
    const QueryChangeSet diff = RowList::diff(query->data, data, &equal);
    if (diff.isRowDiff()) {
        layer.rows = true;
        QHash<QString, qint64> versions;
        const QJsonArray visible = query->data.toArray();
        for (const QJsonValue &v : visible) {
            const QJsonObject row = v.toObject();
            versions.insert(RowList::idOf(row), RowList::versionOf(row));
        }
        for (const auto &row : diff.rows()) {
            if (row.kind == QueryChangeSet::Kind::Removed) {
                layer.removed.insert(row.id);
            } else {
                layer.upserts.insert(row.id, row.value);
                layer.baseVersion.insert(row.id, versions.value(row.id, -1));
            }
        }
    } else {
        layer.value = data;
    }
    cold.layers.append(std::move(layer));
    auto &owners = layerOwners[mutationScope];
    owners.append(query);
    recompute(query, Action::SetData);
}

void QueryClient::Private::dropLayers(
    const std::shared_ptr<Query> &query, const MutationRun *mutation)
{
    if (!query->cold)
        return;
    query->cold->layers.removeIf(
        [mutation](const OptimisticLayer &l) { return l.mutation == mutation; });
    recompute(query, Action::SetData);
}

void QueryClient::Private::recompute(const std::shared_ptr<Query> &query, Action action)
{
    QueryCold &cold = *query->cold;
    QJsonValue value = cold.base;
    for (const OptimisticLayer &layer : std::as_const(cold.layers)) {
        if (!layer.rows || !value.isArray()) {
            if (!layer.rows)
                value = layer.value;
            continue;
        }
        QJsonArray rows = value.toArray();
        const RowList list(rows);
        for (auto it = layer.upserts.begin(); it != layer.upserts.end(); ++it) {
            const qint64 written = layer.baseVersion.value(it.key(), -1);
            const qsizetype pos = list.indexOf(it.key());
            if (pos < 0) {
                if (written < 0) // a row this mutation adds
                    rows.append(*it);
                continue; // else deleted on the server meanwhile
            }
            // A newer server version of the row wins over the optimistic edit of an older one.
            if (RowList::versionOf(rows.at(pos).toObject()) > written && written >= 0)
                continue;
            rows.replace(pos, *it);
        }
        if (!layer.removed.isEmpty()) {
            QList<qsizetype> gone;
            for (const QString &id : layer.removed) {
                if (const qsizetype pos = list.indexOf(id); pos >= 0)
                    gone.append(pos);
            }
            std::sort(gone.begin(), gone.end(), std::greater<>());
            for (qsizetype i : std::as_const(gone))
                rows.removeAt(i);
        }
        value = rows;
    }
    if (cold.layers.isEmpty())
        cold.base = QJsonValue();
    commit(query, value, action);
}

void QueryClient::Private::mutationSettled(const MutationRun *mutation)
{
    const auto owners = layerOwners.take(mutation);
    for (const auto &weak : owners) {
        if (auto query = weak.lock(); query && query->cold) {
            // Kept until the next server value arrives, so the edit does not flicker back; no
            // longer pending, which observers hear of (QueryObserver::pendingRowIds).
            for (OptimisticLayer &l : query->cold->layers) {
                if (l.mutation == mutation)
                    l.settled = true;
            }
            markDirty(query);
        }
    }
}

// ---- observers --------------------------------------------------------------------------------

void QueryClient::Private::attach(QueryObserver *observer)
{
    const bool created = !queries.contains(observer->key().hash());
    auto query = ensure(observer->key());
    query->coldData().observers.append(observer);
    query->versionedRows = query->versionedRows || observer->options().versionedRows;
    query->gcAt = 0; // observed again: cancel a pending collection
    // The longest gcTime any observer asked for wins (query-core's updateGcTime).
    const qint64 gc = observer->options().gcTime.count();
    query->gcTimeMs = created ? gc : std::max(query->gcTimeMs, gc);
    event(EventType::ObserverAdded, Action::None, *query);
    const auto &o = observer->options();
    if (!query->hasData() && !o.initialData.isUndefined() && !query->fetch) {
        // query-core's initialData: in the cache as if fetched at initialDataUpdatedAt (now
        // when unset), so staleTime decides whether it is fetched at once.
        commit(query, o.initialData, Action::SetData);
        if (o.initialDataUpdatedAt > 0)
            query->dataUpdatedAt = o.initialDataUpdatedAt;
    }
    if (!observer->isEnabled())
        return;
    // query-core's shouldLoadOnMount (retryOnMount defaults to true) /
    // shouldFetchOn(refetchOnMount); static data is never refetched by a trigger.
    const bool load = !query->hasData();
    const bool refetch = query->hasData() && o.refetchOnMount != RefetchOn::Never
        && o.staleTime != StaleTime::staticData
        && (o.refetchOnMount == RefetchOn::Always
            || query->isStaleFor(o.staleTime.count(), wallNow()));
    if (load || refetch)
        fetch(query, FetchMode::JoinRunning);
}

void QueryClient::Private::detach(QueryObserver *observer)
{
    auto query = find(observer->key());
    if (!query)
        return;
    if (query->cold) {
        query->cold->observers.removeAll(observer);
        const auto &rest = query->cold->observers;
        query->versionedRows = std::any_of(rest.begin(), rest.end(),
            [](const QueryObserver *o) { return o->options().versionedRows; });
    }
    event(EventType::ObserverRemoved, Action::None, *query);
    if (!query->isObserved())
        scheduleGc(query);
}

void QueryClient::Private::observerOptionsChanged(QueryObserver *observer, bool enabledChanged)
{
    auto query = find(observer->key());
    if (!query || !observer->isEnabled() || !enabledChanged)
        return;
    if (query->isStaleFor(observer->options().staleTime.count(), wallNow()))
        fetch(query, FetchMode::JoinRunning);
}

void QueryClient::Private::observerFetch(QueryObserver *observer, FetchMode mode)
{
    if (auto query = find(observer->key()))
        fetch(query, mode);
}

void QueryClient::Private::triggerObservers(RefetchOn QueryOptions::*trigger)
{
    const qint64 now = wallNow();
    const auto all = queries.values();
    for (const auto &query : all) {
        for (const QueryObserver *o : query->observers()) {
            const RefetchOn when = o->options().*trigger;
            // query-core's shouldFetchOn: static data is never refetched on focus or reconnect,
            // not even with 'always'.
            if (!o->isEnabled() || when == RefetchOn::Never
                || o->options().staleTime == StaleTime::staticData)
                continue;
            if (when == RefetchOn::Always
                || query->isStaleFor(o->options().staleTime.count(), now)) {
                fetch(query, FetchMode::JoinRunning);
                break;
            }
        }
    }
}

// ---- Public writes ---------------------------------------------------------------------------

void QueryClient::setQueryData(const QueryKey &key, const QJsonValue &data)
{
    d->write(d->ensure(key), data);
}

void QueryClient::setQueryData(const QueryKey &key, const Updater &updater)
{
    const auto existing = d->find(key);
    auto next = updater(existing ? existing->data : QJsonValue(QJsonValue::Undefined));
    if (!next)
        return;
    d->write(existing ? existing : d->ensure(key), *next);
}

bool QueryClient::patchServerData(const QueryKey &key, const Updater &updater)
{
    const auto query = d->find(key);
    if (!query)
        return false;
    const bool layered = query->cold && !query->cold->layers.isEmpty();
    auto next = updater(layered ? query->cold->base : query->data);
    if (!next)
        return false;
    query->writeGen++; // a fetch in flight from before is older than this
    d->setBase(query, *next, QueryCacheEvent::Action::SetData);
    d->scheduleGc(query);
    return true;
}

bool QueryClient::patchServerRows(const QueryKey &key, const std::function<bool(RowList &)> &edit)
{
    const auto query = d->find(key);
    if (!query)
        return false;
    if (query->cold && !query->cold->layers.isEmpty()) {
        // Optimistic layers are shown: the server value under them is edited and the layers
        // applied again (setBase), as patchServerData() does.
        if (!query->cold->base.isArray())
            return false;
        RowList rows(query->cold->base.toArray());
        if (!edit(rows))
            return false;
        query->writeGen++;
        d->setBase(query, rows.toJson(), QueryCacheEvent::Action::SetData);
        d->scheduleGc(query);
        return true;
    }
    if (!query->data.isArray())
        return false;
    QueryCold &cold = query->coldData();
    RowList rows = cold.rows && cold.rowsGen == query->dataGen ? std::move(*cold.rows)
                                                               : RowList(query->data.toArray());
    cold.rows.reset();
    // The list is edited in place: the entry lets go of its reference first, so that the edit
    // does not copy a list nobody else holds.
    query->data = QJsonValue();
    // Every edit of a RowList records the rows it changed: they are the change set.
    rows.recordChanges();
    if (!edit(rows) && !rows.hasRecordedChanges()) {
        query->data = rows.toJson();
        cold.rows = std::move(rows);
        cold.rowsGen = query->dataGen;
        return false;
    }
    query->writeGen++; // a fetch in flight from before is older than this
    d->commitRows(query, std::move(rows));
    d->scheduleGc(query);
    return true;
}

void QueryClient::setQueriesData(const QueryFilter &filter, const Updater &updater)
{
    for (const auto &query : d->findAll(filter)) {
        if (auto next = updater(query->data))
            d->write(query, *next);
    }
}
} // namespace Ops
