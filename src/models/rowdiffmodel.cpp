#include "rowdiffmodel.h"

#include <algorithm>
#include <chrono>

#include "core/logging.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"
#include "query/rowlist.h"

namespace Ops {

RowDiffModel::RowDiffModel(QueryClient *client, bool versionedRows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_versionedRows(versionedRows)
{ }

RowDiffModel::~RowDiffModel() = default;

qint64 RowDiffModel::steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void RowDiffModel::setKey(QueryKey key)
{
    if (m_observer && key == m_key)
        return;
    m_key = std::move(key);
    beginResetModel();
    clearStored();
    m_ids.clear();
    m_state.clear();
    m_index.clear();
    m_hasData = false;
    m_synced = false;
    m_error.clear();
    m_observer.reset();
    endResetModel();
    if (!m_client || m_key.isEmpty())
        return;
    QueryOptions options;
    options.key = m_key;
    options.versionedRows = m_versionedRows;
    m_observer = std::make_unique<QueryObserver>(m_client, options);
    connect(m_observer.get(), &QueryObserver::resultChanged, this, &RowDiffModel::onQueryChanged);
    onQueryChanged();
}

int RowDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant RowDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return rowCell(index.row(), index.column(), role);
}

bool RowDiffModel::acceptsRow(const QJsonObject &) const
{
    return true;
}

QString RowDiffModel::rowIdOf(const QJsonObject &row) const
{
    return RowList::idOf(row);
}

void RowDiffModel::onQueryChanged()
{
    const QueryResult result = m_observer->result();
    const QString error = result.error.ok() ? QString() : result.error.message;
    const bool hadData = m_hasData;
    const QString oldError = m_error;
    m_error = error;
    const QSet<QString> pending = m_observer->pendingRowIds();
    const QueryChangeSet &changes = m_observer->changes();
    if (m_synced && changes.isRowDiff()) {
        // The cache already diffed the new value against the one shown: apply the rows it
        // names (none for a notification without a data change) and read nothing else.
        QStringList removed;
        QList<Incoming> incoming;
        for (const QueryChangeSet::Row &row : changes.rows()) {
            if (row.kind == QueryChangeSet::Kind::Removed)
                removed.append(row.id);
            else
                incoming.append({ row.id, row.value });
        }
        apply(removed, incoming, pending, false);
    } else if (result.data.isArray()) {
        m_hasData = true;
        const QJsonArray rows = result.data.toArray();
        QList<Incoming> incoming;
        incoming.reserve(rows.size());
        for (const QJsonValue &v : rows) {
            const QJsonObject row = v.toObject();
            incoming.append({ rowIdOf(row), row });
        }
        apply({}, incoming, pending, true);
    } else if (!result.data.isUndefined() && !result.data.isNull()) {
        qCWarning(lcModels) << "query" << m_key.toString() << "holds no list";
    }
    if (hadData != m_hasData || oldError != m_error)
        Q_EMIT statusChanged();
}

void RowDiffModel::applySnapshot(const QJsonArray &rows, const QSet<QString> &pending)
{
    QList<Incoming> incoming;
    incoming.reserve(rows.size());
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        incoming.append({ rowIdOf(row), row });
    }
    m_hasData = true;
    apply({}, incoming, pending, true);
}

void RowDiffModel::rebuildIndex(int fromRow)
{
    for (int row = fromRow; row < m_ids.size(); ++row)
        m_index.insert(m_ids.at(row), row);
}

void RowDiffModel::removeRowsAt(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Contiguous ranges, highest first, so earlier row numbers stay valid.
    for (qsizetype i = rows.size() - 1; i >= 0;) {
        const int last = rows.at(i);
        int first = last;
        while (i > 0 && rows.at(i - 1) == first - 1)
            first = rows.at(--i);
        --i;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_index.remove(m_ids.at(row));
        const int count = last - first + 1;
        removeStored(first, count);
        m_ids.remove(first, count);
        m_state.remove(first, count);
        // The index is right before endRemoveRows(): slots connected to rowsRemoved read it.
        rebuildIndex(first);
        endRemoveRows();
    }
}

void RowDiffModel::apply(const QStringList &removedIds, const QList<Incoming> &incoming,
    const QSet<QString> &pending, bool full)
{
    // 1. Read every incoming row first: a row that cannot be read rejects the whole value, and
    //    nothing shown changes.
    clearStaged();
    QList<std::pair<int, qsizetype>> existing; // (row, staged)
    QList<qsizetype> added;
    QList<QString> addedIds;
    QList<int> removed;
    QSet<QString> seen;
    qsizetype staged = 0;
    for (const Incoming &in : incoming) {
        if (in.id.isEmpty() || (full && seen.contains(in.id)))
            continue;
        if (full)
            seen.insert(in.id);
        const int row = rowOf(in.id);
        if (!acceptsRow(in.json)) {
            if (row >= 0)
                removed.append(row);
            continue;
        }
        QString error;
        if (!stage(in.json, &error)) {
            qCWarning(lcModels) << "rejecting snapshot of" << m_key.toString() << ":" << error;
            clearStaged();
            m_synced = false;
            Q_EMIT snapshotRejected(error);
            return;
        }
        if (row >= 0) {
            existing.append({ row, staged });
        } else {
            added.append(staged);
            addedIds.append(in.id);
        }
        ++staged;
    }
    // The first fill is not a change anybody needs pointed out; later ones are.
    const qint64 now = m_ids.isEmpty() && !m_synced ? 0 : steadyNowMs();
    m_synced = true;
    m_hasData = true;

    // 2. Removals.
    for (const QString &id : removedIds) {
        if (const int row = rowOf(id); row >= 0)
            removed.append(row);
    }
    if (full) {
        for (int row = 0; row < m_ids.size(); ++row) {
            if (!seen.contains(m_ids.at(row)))
                removed.append(row);
        }
    }
    if (!removed.isEmpty()) {
        const QList<QString> ids = m_ids; // rows move: find the changed ones again by id
        removeRowsAt(removed);
        for (auto &[row, s] : existing)
            row = rowOf(ids.at(row));
        existing.removeIf([](const auto &e) { return e.first < 0; });
    }

    // 3. Changes in place, and pending marks that came or went without a data change.
    QList<std::pair<int, qsizetype>> changed;
    for (const auto &[row, s] : std::as_const(existing)) {
        if (!stagedEquals(s, row) || m_state.at(row).pending != pending.contains(m_ids.at(row)))
            changed.append({ row, s });
    }
    // Rows whose mark changed: those marked before or now (few), not the whole list.
    QList<int> pendingOnly;
    QSet<int> touched;
    for (const auto &[row, s] : std::as_const(changed))
        touched.insert(row);
    for (const QSet<QString> *ids :
        std::initializer_list<const QSet<QString> *> { &m_pendingIds, &pending }) {
        for (const QString &id : *ids) {
            const int row = rowOf(id);
            if (row >= 0 && !touched.contains(row)
                && m_state.at(row).pending != pending.contains(id)) {
                pendingOnly.append(row);
                touched.insert(row);
            }
        }
    }
    const int columns = columnCount();
    const QList<int> roles = changedRoles();
    const bool spanning =
        (changed.size() + pendingOnly.size()) * 2 > m_ids.size() && m_ids.size() > 1;
    auto touch = [&](int row) {
        RowState &state = m_state[row];
        state.pending = pending.contains(m_ids.at(row));
        if (now) {
            state.changedAt = now;
            m_lastChangeAt = now;
        }
    };
    const int cellRoles[] = { Qt::DisplayRole, sortRole(), Qt::ForegroundRole };
    for (const auto &[row, s] : std::as_const(changed)) {
        if (spanning) {
            replaceWithStaged(row, s);
            touch(row);
            continue;
        }
        // The columns whose text, sort value or colour differ (a version-only change touches
        // none of them: column 0 then carries the row's roles).
        QList<QVariant> before;
        before.reserve(columns * 3);
        for (int c = 0; c < columns; ++c) {
            for (int role : cellRoles)
                before.append(rowCell(row, c, role));
        }
        const bool pendingFlip = m_state.at(row).pending != pending.contains(m_ids.at(row));
        replaceWithStaged(row, s);
        touch(row);
        int firstColumn = -1;
        int lastColumn = -1;
        for (int c = 0; c < columns; ++c) {
            for (int r = 0; r < 3; ++r) {
                if (rowCell(row, c, cellRoles[r]) != before.at(c * 3 + r)) {
                    if (firstColumn < 0)
                        firstColumn = c;
                    lastColumn = c;
                    break;
                }
            }
        }
        if (pendingFlip && firstColumn < 0)
            lastColumn = columns - 1;
        if (firstColumn < 0)
            firstColumn = lastColumn = std::max(0, lastColumn);
        Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn), roles);
    }
    for (int row : std::as_const(pendingOnly)) {
        touch(row);
        if (!spanning)
            Q_EMIT dataChanged(index(row, 0), index(row, columns - 1), roles);
    }
    if (spanning)
        Q_EMIT dataChanged(index(0, 0), index(int(m_ids.size()) - 1, columns - 1), roles);
    m_pendingIds = pending;

    // 4. Insertions: one block at the end (the view's proxy decides the visible order).
    if (!added.isEmpty()) {
        const int first = int(m_ids.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (qsizetype i = 0; i < added.size(); ++i) {
            appendStaged(added.at(i));
            const QString &id = addedIds.at(i);
            m_index.insert(id, int(m_ids.size()));
            m_ids.append(id);
            m_state.append({ now, pending.contains(id) });
        }
        if (now)
            m_lastChangeAt = now;
        endInsertRows();
    }
    clearStaged();
    qCDebug(lcModels) << m_key.toString() << "removed" << removed.size() << "changed"
                      << changed.size() << "added" << added.size();
}

} // namespace Ops
