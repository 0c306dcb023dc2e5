#include "queryinspectormodel.h"

#include "orderstablemodel.h"
#include "query/queryclient.h"
#include "query/queryclock.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString statusText(QueryStatus status)
{
    switch (status) {
    case QueryStatus::Pending:
        return QueryInspectorModel::tr("pending");
    case QueryStatus::Success:
        return QueryInspectorModel::tr("success");
    case QueryStatus::Error:
        return QueryInspectorModel::tr("error");
    }
    return {};
}

QString fetchStatusText(FetchStatus status)
{
    switch (status) {
    case FetchStatus::Idle:
        return QueryInspectorModel::tr("idle");
    case FetchStatus::Fetching:
        return QueryInspectorModel::tr("fetching");
    case FetchStatus::Paused:
        return QueryInspectorModel::tr("paused");
    }
    return {};
}

} // namespace

QueryInspectorModel::QueryInspectorModel(QueryClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    for (const QueryKey &key : client->keys())
        add(key);
    connect(client, &QueryClient::cacheEvent, this, &QueryInspectorModel::onCacheEvent);
}

QueryInspectorModel::~QueryInspectorModel() = default;

int QueryInspectorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueryInspectorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void QueryInspectorModel::add(const QueryKey &key)
{
    if (m_index.contains(key.hash()))
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append({ key });
    m_index.insert(key.hash(), row);
    endInsertRows();
}

void QueryInspectorModel::onCacheEvent(const QueryCacheEvent &event)
{
    using Type = QueryCacheEvent::Type;
    using Action = QueryCacheEvent::Action;
    if (event.type == Type::Added) {
        add(event.key);
    } else if (event.type == Type::Removed) {
        const int row = rowOf(event.key);
        if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            m_index.remove(event.key.hash());
            for (int r = row; r < m_rows.size(); ++r)
                m_index.insert(m_rows.at(r).key.hash(), r);
            endRemoveRows();
        }
    } else if (const int row = rowOf(event.key); row >= 0 && m_client) {
        Row &r = m_rows[row];
        const qint64 now = m_client->clock()->monotonicNow();
        if (event.action == Action::Fetch)
            r.fetchStartedAt = now;
        else if ((event.action == Action::Success || event.action == Action::Error)
            && r.fetchStartedAt) {
            r.lastFetchMs = now - r.fetchStartedAt;
            r.fetchStartedAt = 0;
        } else if (event.action == Action::Cancel) {
            r.fetchStartedAt = 0;
        } else if (event.action == Action::Invalidate) {
            ++r.invalidations;
        }
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    Q_EMIT eventSeen(event);
}

QVariant QueryInspectorModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_client)
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == KeyRole)
        return QVariant::fromValue(row.key);
    if (role == Qt::ToolTipRole && index.column() == KeyColumn)
        return row.key.toString();
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const QueryState state = m_client->state(row.key);
    const bool sort = role == SortRole;
    switch (index.column()) {
    case KeyColumn:
        return row.key.toString();
    case StatusColumn:
        return sort ? QVariant(int(state.status)) : QVariant(statusText(state.status));
    case FetchStatusColumn:
        return sort ? QVariant(int(state.fetchStatus))
                    : QVariant(fetchStatusText(state.fetchStatus));
    case ObserversColumn:
        return m_client->observerCount(row.key);
    case AgeColumn: {
        if (!state.hasData())
            return sort ? QVariant(qint64(-1)) : QVariant(tr("–"));
        const qint64 age = std::max<qint64>(0, m_client->clock()->now() - state.dataUpdatedAt);
        if (sort)
            return age;
        const QString text = OrdersTableModel::ageText(age / 1000);
        return state.isInvalidated ? tr("%1 (invalidated)").arg(text) : text;
    }
    case FetchDurationColumn:
        if (sort)
            return row.lastFetchMs;
        return row.lastFetchMs < 0 ? tr("–") : tr("%1 ms").arg(row.lastFetchMs);
    case InvalidationsColumn:
        return row.invalidations;
    default:
        return {};
    }
}

QVariant QueryInspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Query key");
    case StatusColumn:
        return tr("Status");
    case FetchStatusColumn:
        return tr("Fetch status");
    case ObserversColumn:
        return tr("Observers");
    case AgeColumn:
        return tr("Data age");
    case FetchDurationColumn:
        return tr("Last fetch");
    case InvalidationsColumn:
        return tr("Invalidations");
    default:
        return {};
    }
}

QString QueryInspectorModel::describe(const QueryCacheEvent &event)
{
    using Type = QueryCacheEvent::Type;
    using Action = QueryCacheEvent::Action;
    QString what;
    switch (event.type) {
    case Type::Added:
        what = tr("added");
        break;
    case Type::Removed:
        what = tr("removed");
        break;
    case Type::ObserverAdded:
        what = tr("observer added");
        break;
    case Type::ObserverRemoved:
        what = tr("observer removed");
        break;
    case Type::Updated:
        switch (event.action) {
        case Action::Fetch:
            what = tr("fetch started");
            break;
        case Action::Success:
            what = tr("fetched");
            break;
        case Action::Error:
            what = tr("fetch failed");
            break;
        case Action::FailedAttempt:
            what = tr("attempt failed, retry scheduled");
            break;
        case Action::Pause:
            what = tr("paused");
            break;
        case Action::Continue:
            what = tr("continued");
            break;
        case Action::Invalidate:
            what = tr("invalidated");
            break;
        case Action::SetData:
            what = tr("data written");
            break;
        case Action::Cancel:
            what = tr("fetch cancelled");
            break;
        case Action::None:
            what = tr("updated");
            break;
        }
        break;
    }
    return tr("%1 · %2").arg(what, event.key.toString());
}

} // namespace Ops
