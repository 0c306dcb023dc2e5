#include "jsonrowsmodel.h"

#include "core/logging.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {

JsonRowsModel::JsonRowsModel(QueryClient *client, QueryKey key, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    if (!key.parts().isEmpty())
        setKey(std::move(key));
}

JsonRowsModel::~JsonRowsModel() = default;

void JsonRowsModel::setKey(QueryKey key)
{
    if (m_observer && key == m_key)
        return;
    m_key = std::move(key);
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_hasData = false;
    m_error.clear();
    m_observer.reset();
    endResetModel();
    if (!m_client || m_key.parts().isEmpty())
        return;
    QueryOptions options;
    options.key = m_key;
    m_observer = std::make_unique<QueryObserver>(m_client, options);
    connect(m_observer.get(), &QueryObserver::resultChanged, this, &JsonRowsModel::onQueryChanged);
    onQueryChanged();
}

int JsonRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant JsonRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return rowIdOf(row);
    case RowRole:
        return row;
    default:
        return cell(row, index.column(), role);
    }
}

QString JsonRowsModel::rowIdOf(const QJsonObject &row) const
{
    const QJsonValue id = row.value("id"_L1);
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}

bool JsonRowsModel::acceptsRow(const QJsonObject &) const
{
    return true;
}

QList<int> JsonRowsModel::changedRoles() const
{
    return { Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, Qt::DecorationRole, SortRole,
        RowRole };
}

void JsonRowsModel::onQueryChanged()
{
    const QueryResult result = m_observer->result();
    const QString error = result.error.ok() ? QString() : result.error.message;
    const bool hadData = m_hasData;
    const QString oldError = m_error;
    m_error = error;
    if (result.data.isArray()) {
        m_hasData = true;
        applySnapshot(result.data.toArray());
    } else if (!result.data.isUndefined() && !result.data.isNull()) {
        qCWarning(lcModels) << "query" << m_key.toString() << "holds no list";
    }
    if (hadData != m_hasData || oldError != m_error)
        Q_EMIT statusChanged();
}

void JsonRowsModel::rebuildIndex(int fromRow)
{
    for (int row = fromRow; row < m_rows.size(); ++row)
        m_index.insert(rowIdOf(m_rows.at(row)), row);
}

void JsonRowsModel::applySnapshot(const QJsonArray &array)
{
    QList<QJsonObject> incoming;
    incoming.reserve(array.size());
    QHash<QString, qsizetype> incomingIndex;
    incomingIndex.reserve(array.size());
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            continue;
        QJsonObject row = value.toObject();
        if (!acceptsRow(row))
            continue;
        const QString id = rowIdOf(row);
        if (id.isEmpty() || incomingIndex.contains(id))
            continue;
        incomingIndex.insert(id, incoming.size());
        incoming.append(std::move(row));
    }

    // 1. Removals: contiguous ranges, highest first, so earlier row numbers stay valid.
    QList<int> removed;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!incomingIndex.contains(rowIdOf(m_rows.at(row))))
            removed.append(row);
    }
    if (!removed.isEmpty()) {
        for (qsizetype i = removed.size() - 1; i >= 0;) {
            const int last = removed.at(i);
            int first = last;
            while (i > 0 && removed.at(i - 1) == first - 1)
                first = removed.at(--i);
            --i;
            beginRemoveRows({}, first, last);
            for (int row = first; row <= last; ++row)
                m_index.remove(rowIdOf(m_rows.at(row)));
            m_rows.remove(first, last - first + 1);
            // The index is right before endRemoveRows(): slots connected to rowsRemoved read it.
            rebuildIndex(first);
            endRemoveRows();
        }
    }

    // 2. Changes in place: dataChanged over the columns whose text or sort value differs.
    const int columns = columnCount();
    const QList<int> roles = changedRoles();
    QList<qsizetype> added;
    for (qsizetype i = 0; i < incoming.size(); ++i) {
        const QJsonObject &next = incoming.at(i);
        const int row = m_index.value(rowIdOf(next), -1);
        if (row < 0) {
            added.append(i);
            continue;
        }
        QJsonObject &current = m_rows[row];
        if (current == next)
            continue;
        int firstColumn = -1;
        int lastColumn = -1;
        for (int c = 0; c < columns; ++c) {
            if (cell(current, c, Qt::DisplayRole) != cell(next, c, Qt::DisplayRole)
                || cell(current, c, SortRole) != cell(next, c, SortRole)
                || cell(current, c, Qt::ForegroundRole) != cell(next, c, Qt::ForegroundRole)) {
                if (firstColumn < 0)
                    firstColumn = c;
                lastColumn = c;
            }
        }
        current = next;
        if (firstColumn < 0)
            firstColumn = lastColumn = 0; // a field no column shows (version): RowRole changed
        Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn), roles);
    }

    // 3. Insertions: one block at the end (a proxy decides the visible order).
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (qsizetype i : std::as_const(added))
            m_rows.append(incoming.at(i));
        rebuildIndex(first);
        endInsertRows();
    }
}

} // namespace Ops
