#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QCborValue>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "querychangeset.h"

namespace Ops {

//! \brief The id and `version` of every row of a list of versioned rows, in order: what a
//! refetch compares its answer with (RowList::diffVersioned), so that it reads the new rows only
//! and not the cached ones too. 40 bytes a row plus a copy of its id; kept for observed lists.
class RowStamps
{
public:
    //! The stamps of \a rows; none when a row is not an object with an id (a non-empty text or a
    //! whole number) and a whole-number `version`.
    [[nodiscard]] static std::optional<RowStamps> of(const QJsonValue &rows);

    [[nodiscard]] qsizetype size() const { return qsizetype(m_stamps.size()); }
    //! Takes the stamp of the row at \a i of \a rows again (a row edited in place); false when
    //! it has none or is not the row stamped there, and then these stamps are no longer usable.
    bool retake(const QJsonArray &rows, qsizetype i);

    //! Where `id` and `version` were found in the last row read: rows of one list share a
    //! shape, so they are looked for there first.
    struct Hints
    {
        qsizetype id = -1;
        qsizetype version = -1;
    };

private:
    friend class RowList;
    struct Stamp
    {
        QString id; //!< as idOf() gives it
        qint64 version = -1;
        bool numberId = false; //!< the id is a number, not a text

        [[nodiscard]] bool sameId(const Stamp &o) const
        {
            return numberId == o.numberId && id == o.id;
        }
    };
    //! The stamp of \a row; its version is -1 when it has none.
    static Stamp stampOf(const QCborValue &row, Hints &hints);

    std::vector<Stamp> m_stamps;
};

//! \brief A list of versioned rows: JSON objects with an `id` (text or a whole number) and a
//! `version` that grows with every change of the row on the server.
//!
//! The one home of what the product knows about such rows: identity (idOf), versions
//! (versionOf), the diff that becomes a QueryChangeSet, and the merges that keep the newest
//! version of each row — an older answer under a newer write (mergeOlder), server rows written
//! into a list (upsertNewer), a delta read (applyDelta) and a pushed change of some fields
//! (patch). A version never goes back: every merge keeps the row with the higher version.
//!
//! A value type over a QJsonArray (implicitly shared); the id → position index is built on the
//! first lookup and kept up to date by the edits.
class RowList
{
public:
    RowList() = default;
    explicit RowList(QJsonArray rows);

    //! The id of \a row as text: a string as is, a whole number printed; empty when it has none.
    [[nodiscard]] static QString idOf(const QJsonObject &row);
    //! The row's `version`; -1 when it has none.
    [[nodiscard]] static qint64 versionOf(const QJsonObject &row);
    //! \a value is a list whose every item is an object with an id.
    [[nodiscard]] static bool isRowList(const QJsonValue &value);
    //! What changed from \a before to \a after, row by row (see QueryChangeSet::diff).
    [[nodiscard]] static QueryChangeSet diff(const QJsonValue &before, const QJsonValue &after,
        bool *equal, bool beforeIsRowList = false);
    //! As diff(), for server values of versioned rows: a row whose id and `version` are equal on
    //! both sides is the same row, and its fields are not compared (a 10k-row refetch then reads
    //! two values per row instead of every field). Only for values that hold no client-side
    //! edit of a row under the server's version (an optimistic write): compare those in full.
    //! With \a beforeStamps (the stamps of \a before), the rows of \a before are read only where
    //! a row differs; \a afterStamps, when given, receives the stamps of \a after (none when it
    //! has rows without them).
    [[nodiscard]] static QueryChangeSet diffVersioned(const QJsonValue &before,
        const QJsonValue &after, bool *equal, const RowStamps *beforeStamps = nullptr,
        std::optional<RowStamps> *afterStamps = nullptr);
    //! The same, with \a stamps those of \a before on entry (unused when none or of another
    //! length) and those of \a after on return. When every row of the answer is in its place,
    //! the stamps are updated where a version moved and no new ones are made: what a cache
    //! keeping the stamps of the list it holds calls on a refetch.
    [[nodiscard]] static QueryChangeSet diffVersioned(const QJsonValue &before,
        const QJsonValue &after, bool *equal, std::optional<RowStamps> &stamps);

    [[nodiscard]] const QJsonArray &rows() const { return m_rows; }
    [[nodiscard]] QJsonValue toJson() const { return m_rows; }
    [[nodiscard]] qsizetype size() const { return m_rows.size(); }
    [[nodiscard]] bool isEmpty() const { return m_rows.isEmpty(); }
    [[nodiscard]] QJsonObject at(qsizetype i) const { return m_rows.at(i).toObject(); }
    //! Position of the row with \a id; -1 when absent.
    [[nodiscard]] qsizetype indexOf(const QString &id) const;
    [[nodiscard]] bool contains(const QString &id) const { return indexOf(id) >= 0; }
    //! The row with \a id; empty when absent.
    [[nodiscard]] QJsonObject row(const QString &id) const;

    //! Writes \a row over the row with its id when its version is not older (equal replaces:
    //! the same version of a row is the same row); appends it when absent and \a appendNew.
    //! Returns whether anything changed.
    bool upsertNewer(const QJsonObject &row, bool appendNew = true);
    //! Removes the row with \a id; returns whether it was there.
    bool remove(const QString &id);
    //! A pushed change: \a fields (and \a version) into the row with \a id, only when \a version
    //! is newer than the row's (a late or replayed change never rolls a row back). `id` in
    //! \a fields is ignored. Returns whether the row changed; false also when it is absent.
    bool patch(const QString &id, qint64 version, const QJsonObject &fields);
    //! A delta read (`?since=`): \a changed rows upserted (newest version wins), \a deleted ids
    //! removed.
    void applyDelta(const QJsonArray &changed, const QJsonArray &deleted);

    //! What mergeOlder() did.
    struct Merge
    {
        bool changed = false; //!< the list differs from before
        //! The two held different rows: rows only the answer had were kept (created on the
        //! server, or removed by this newer write: only a new fetch can tell).
        bool rowsDisagree = false;
    };
    //! Starts recording the rows the edits change (upsertNewer, remove, patch, applyDelta,
    //! mergeOlder), forgetting what was recorded before.
    void recordChanges();
    //! The rows changed since recordChanges(), as observers read a change: each id once, with
    //! its row as it is now (Inserted, Changed) or none (Removed); a row inserted and removed
    //! again is not named. Fields are not named (all may have changed).
    [[nodiscard]] QueryChangeSet recordedChanges() const;
    //! An edit since recordChanges() changed a row.
    [[nodiscard]] bool hasRecordedChanges() const { return !m_touched.isEmpty(); }

    //! Merges \a older, an answer that started before this (newer) value was written: each row
    //! keeps its newest version; rows only the answer has are appended. Nothing happens (and
    //! the write wins whole) when \a older is not a list of versioned rows.
    Merge mergeOlder(const QJsonArray &older);

private:
    //! The diff from row \a from on, \a set holding what rows before it gave.
    [[nodiscard]] static QueryChangeSet diffRows(const QJsonValue &before, const QJsonValue &after,
        bool *equal, bool beforeIsRowList, bool trustVersions, QueryChangeSet set = {},
        qsizetype from = 0);
    //! diffVersioned() with \a stamps in and out; when \a takeAfter is false the stamps of
    //! \a after are not taken where the rows are not in place (none are left then).
    [[nodiscard]] static QueryChangeSet diffAgainstStamps(const QJsonValue &before,
        const QJsonValue &after, bool *equal, std::optional<RowStamps> &stamps, bool takeAfter);
    void buildIndex() const;
    void touched(const QString &id, QueryChangeSet::Kind kind);

    QJsonArray m_rows;
    mutable QHash<QString, qsizetype> m_index;
    mutable bool m_indexed = false;
    bool m_recording = false;
    QList<std::pair<QString, QueryChangeSet::Kind>> m_touched; //!< in the order of the edits
};

} // namespace Ops
