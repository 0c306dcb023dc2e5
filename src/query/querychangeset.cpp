#include "querychangeset.h"

#include <algorithm>

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kId = u"id"_s;
const QString kVersion = u"version"_s;

QStringList changedFields(const QJsonObject &a, const QJsonObject &b)
{
    QStringList fields;
    // Both iterate sorted by key: merge the two key lists.
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia.key() < ib.key())) {
            fields.append(ia.key());
            ++ia;
        } else if (ia == a.end() || ib.key() < ia.key()) {
            fields.append(ib.key());
            ++ib;
        } else {
            // As QJsonValue: C++20 finds QJsonValueConstRef's != ambiguous with its reversed form.
            if (QJsonValue(ia.value()) != QJsonValue(ib.value()))
                fields.append(ia.key());
            ++ia;
            ++ib;
        }
    }
    return fields;
}

//! Identical on Qt's CBOR representation, which QJsonObject and QJsonArray share (the
//! conversion is a reference, not a copy). Comparing there copies no strings: QJsonValue's
//! operator== turns both sides of every string into a QString first, and that was most of the
//! time of a 10k-row refetch. CBOR equality implies JSON equality (same types, same bytes); the
//! converse does not hold (1 vs 1.0), so "not identical" still gets the JSON comparison.
bool identical(const QCborValue &a, const QCborValue &b)
{
    return a == b;
}

//! Same row? Different versions decide at once; equal (or absent) versions compare the fields.
bool sameRow(const QJsonObject &a, const QJsonObject &b)
{
    const QJsonValue va = a.value(kVersion);
    const QJsonValue vb = b.value(kVersion);
    if (va != vb)
        return false;
    return identical(QCborMap::fromJsonObject(a), QCborMap::fromJsonObject(b)) || a == b;
}

//! rowId(row) is not empty, on the CBOR view of a row (no string copy).
bool hasRowId(const QCborValue &row)
{
    static const QCborValue emptyString { QString() };
    const QCborValue id = row[QLatin1StringView("id")];
    return id.isInteger() || id.isDouble() || (id.isString() && id != emptyString);
}

} // namespace

QString QueryChangeSet::rowId(const QJsonObject &row)
{
    const QJsonValue id = row.value(kId);
    if (id.isString())
        return id.toString();
    if (id.isDouble())
        return QString::number(id.toInteger());
    return {};
}

bool QueryChangeSet::isRowList(const QJsonValue &value)
{
    if (!value.isArray())
        return false;
    const QCborArray rows = QCborArray::fromJsonArray(value.toArray());
    return std::all_of(rows.begin(), rows.end(),
        [](const QCborValue &row) { return row.isMap() && hasRowId(row); });
}

QueryChangeSet QueryChangeSet::diff(
    const QJsonValue &before, const QJsonValue &after, bool *equal, bool beforeIsRowList)
{
    QueryChangeSet set;
    *equal = false;
    if (!before.isArray() || !after.isArray()) {
        *equal = before == after;
        return set;
    }
    const QJsonArray a = before.toArray();
    const QJsonArray b = after.toArray();
    set.m_rowDiff = true;
    const qsizetype common = std::min(a.size(), b.size());
    const QCborArray ca = QCborArray::fromJsonArray(a);
    const QCborArray cb = QCborArray::fromJsonArray(b);
    qsizetype i = 0;
    // Fast path: rows in the same order (the usual refetch) compare in place, no hashing.
    for (; i < common; ++i) {
        // The common case first: an identical row with an id (so it is still a row list) needs
        // neither its id as text nor its version. When \a before is known to be a row list,
        // identical means it has an id: looking the id up was a tenth of a 10k-row refetch.
        const QCborValue ar = ca.at(i);
        const QCborValue br = cb.at(i);
        if (ar.isMap() && identical(ar, br) && (beforeIsRowList || hasRowId(br)))
            continue;
        const QJsonValue av = a.at(i);
        const QJsonValue bv = b.at(i);
        if (!av.isObject() || !bv.isObject()) {
            set.m_rowDiff = false;
            set.m_rows.clear();
            *equal = a == b;
            return set;
        }
        const QJsonObject ao = av.toObject();
        const QJsonObject bo = bv.toObject();
        const QString id = rowId(bo);
        if (id.isEmpty() || rowId(ao) != id)
            break;
        if (!sameRow(ao, bo))
            set.m_rows.append({ id, Kind::Changed, changedFields(ao, bo), bo });
    }
    if (i < a.size() || i < b.size()) {
        QHash<QString, qsizetype> old;
        old.reserve(a.size() - i);
        for (qsizetype j = i; j < a.size(); ++j) {
            const QJsonValue av = a.at(j);
            const QString id = av.isObject() ? rowId(av.toObject()) : QString();
            if (id.isEmpty()) {
                set.m_rowDiff = false;
                set.m_rows.clear();
                *equal = a == b;
                return set;
            }
            old.insert(id, j);
        }
        for (qsizetype j = i; j < b.size(); ++j) {
            const QJsonValue bv = b.at(j);
            const QJsonObject bo = bv.toObject();
            const QString id = bv.isObject() ? rowId(bo) : QString();
            if (id.isEmpty()) {
                set.m_rowDiff = false;
                set.m_rows.clear();
                *equal = a == b;
                return set;
            }
            const auto it = old.find(id);
            if (it == old.end()) {
                set.m_rows.append({ id, Kind::Inserted, {}, bo });
                continue;
            }
            const QJsonObject ao = a.at(*it).toObject();
            old.erase(it);
            if (!sameRow(ao, bo))
                set.m_rows.append({ id, Kind::Changed, changedFields(ao, bo), bo });
        }
        for (auto it = old.begin(); it != old.end(); ++it)
            set.m_rows.append({ it.key(), Kind::Removed, {}, {} });
        // A reordering alone is a change of the value, not of any row.
        *equal = set.m_rows.isEmpty() && a == b;
        return set;
    }
    *equal = set.m_rows.isEmpty();
    return set;
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
