#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Ops {

//! \brief What changed between two values of a query whose data is a list of rows with an `id`:
//! the rows inserted, removed and changed (with the changed fields), in one pass.
//!
//! The by-product of the cache's structural sharing (query-core's `replaceEqualDeep`), so a model
//! applies a refetch of 10k rows with one changed row as one `dataChanged`, without diffing.
//! `isRowDiff()` is false when the data is not such a list; consumers then diff on their own.
class QueryChangeSet
{
public:
    enum class Kind {
        Inserted,
        Changed,
        Removed,
    };
    struct Row
    {
        QString id;
        Kind kind = Kind::Changed;
        QStringList fields; //!< changed fields (Changed only); empty = unknown, assume all
        QJsonObject value; //!< the new row (Inserted / Changed)
    };

    QueryChangeSet() = default;
    //! No row changed: a row diff with no rows (what observers of a row list read when only the
    //! state changed, e.g. a fetch started or an equal answer arrived).
    [[nodiscard]] static QueryChangeSet unchanged()
    {
        QueryChangeSet set;
        set.m_rowDiff = true;
        return set;
    }

    //! Compares \a before and \a after. \a equal is set when they are the same value.
    //! \a beforeIsRowList says \a before is already known to be a list of rows with ids (an
    //! earlier diff said isRowDiff()): rows identical to one of it then need no id check.
    [[nodiscard]] static QueryChangeSet diff(const QJsonValue &before, const QJsonValue &after,
        bool *equal, bool beforeIsRowList = false);
    //! \a value is a list of rows that each have an id (what diff() needs for a row diff).
    [[nodiscard]] static bool isRowList(const QJsonValue &value);
    //! The id of a row as text (strings as they are, numbers printed), empty when it has none.
    [[nodiscard]] static QString rowId(const QJsonObject &row);

    [[nodiscard]] bool isRowDiff() const { return m_rowDiff; }
    [[nodiscard]] bool isEmpty() const { return m_rows.isEmpty(); }
    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }
    [[nodiscard]] QStringList ids(Kind kind) const;
    [[nodiscard]] qsizetype count(Kind kind) const;
    //! Appends \a later (a change applied after this one): the net change of both.
    void merge(const QueryChangeSet &later);
    //! Marks the change as not describable row by row (consumers diff the full data).
    void invalidate();

private:
    friend class RowList;
    QList<Row> m_rows;
    bool m_rowDiff = false;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::QueryChangeSet)
