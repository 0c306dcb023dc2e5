#include "querychangeset.h"

#include <algorithm>

#include <QHash>

#include "rowlist.h"

namespace Ops {

QString QueryChangeSet::rowId(const QJsonObject &row)
{
    return RowList::idOf(row);
}

bool QueryChangeSet::isRowList(const QJsonValue &value)
{
    return RowList::isRowList(value);
}

QueryChangeSet QueryChangeSet::diff(
    const QJsonValue &before, const QJsonValue &after, bool *equal, bool beforeIsRowList)
{
    return RowList::diff(before, after, equal, beforeIsRowList);
}

QStringList QueryChangeSet::ids(Kind kind) const
{
    QStringList out;
    for (const Row &row : m_rows) {
        if (row.kind == kind)
            out.append(row.id);
    }
    return out;
}

qsizetype QueryChangeSet::count(Kind kind) const
{
    return std::count_if(
        m_rows.begin(), m_rows.end(), [kind](const Row &r) { return r.kind == kind; });
}

void QueryChangeSet::invalidate()
{
    m_rowDiff = false;
    m_rows.clear();
}

void QueryChangeSet::merge(const QueryChangeSet &later)
{
    if (!m_rowDiff || !later.m_rowDiff) {
        invalidate();
        return;
    }
    QHash<QString, qsizetype> at;
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        at.insert(m_rows.at(i).id, i);
    QList<qsizetype> dropped;
    for (const Row &row : later.m_rows) {
        const auto it = at.constFind(row.id);
        if (it == at.constEnd()) {
            at.insert(row.id, m_rows.size());
            m_rows.append(row);
            continue;
        }
        Row &mine = m_rows[*it];
        if (row.kind == Kind::Removed) {
            if (mine.kind == Kind::Inserted)
                dropped.append(*it); // inserted then removed: no net change
            else
                mine = row;
        } else if (mine.kind == Kind::Removed) {
            mine = { row.id, Kind::Changed, {}, row.value }; // removed then back: fields unknown
        } else if (mine.kind == Kind::Inserted) {
            mine.value = row.value;
        } else {
            for (const QString &f : row.fields) {
                if (!mine.fields.contains(f))
                    mine.fields.append(f);
            }
            if (row.fields.isEmpty())
                mine.fields.clear();
            mine.value = row.value;
        }
    }
    std::sort(dropped.begin(), dropped.end(), std::greater<>());
    for (qsizetype i : std::as_const(dropped))
        m_rows.removeAt(i);
}

} // namespace Ops
