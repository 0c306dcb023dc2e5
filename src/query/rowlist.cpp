#include "rowlist.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QSet>
#include <QThread>
#include <QThreadPool>

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

//! Finds \a key in \a map, trying \a hint first: the rows of one list share a shape, so the
//! position found in one row is almost always right for the next, and checking one key there is
//! cheaper than operator[]'s walk over the keys. Returns the value's position; -1 when absent.
qsizetype positionOf(const QCborMap &map, const QCborValue &key, qsizetype &hint)
{
    const qsizetype n = map.size();
    if (hint >= 0 && hint < n && (map.constBegin() + hint).key() == key)
        return hint;
    qsizetype i = 0;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it, ++i) {
        if (it.key() == key)
            return hint = i;
    }
    return -1;
}

const QCborValue kIdKey { QLatin1StringView("id") };
const QCborValue kVersionKey { QLatin1StringView("version") };

//! A row's `id` and `version` (undefined when absent), looked for where the last row of its list
//! had them (see positionOf).
std::pair<QCborValue, QCborValue> idAndVersion(const QCborMap &map, RowStamps::Hints &hints)
{
    const qsizetype i = positionOf(map, kIdKey, hints.id);
    const qsizetype v = positionOf(map, kVersionKey, hints.version);
    return { i < 0 ? QCborValue() : QCborValue((map.constBegin() + i).value()),
        v < 0 ? QCborValue() : QCborValue((map.constBegin() + v).value()) };
}

//! The same id (a non-empty text or an integer) and the same integer `version` on both rows.
bool sameIdAndVersion(
    const QCborValue &a, const QCborValue &b, RowStamps::Hints &hintsA, RowStamps::Hints &hintsB)
{
    static const QCborValue emptyString { QString() };
    const auto [idA, versionA] = idAndVersion(a.toMap(), hintsA);
    const auto [idB, versionB] = idAndVersion(b.toMap(), hintsB);
    return versionA.isInteger() && versionA == versionB
        && (idA.isInteger() || (idA.isString() && idA != emptyString)) && idA == idB;
}

//! Rows of a list below which a pass over it stays on this thread: handing work to a pooled
//! thread costs some tens of microseconds, a row about a third of one.
constexpr qsizetype kParallelFrom = 4096;
//! Rows a thread takes at a time in a pass in pieces.
constexpr qsizetype kRowsPerPiece = 512;

//! Into how many pieces a pass over \a rows rows is cut (see inPieces()).
qsizetype pieceCount(qsizetype rows)
{
    return rows < kParallelFrom ? 1 : (rows + kRowsPerPiece - 1) / kRowsPerPiece;
}

//! Runs \a work(k, from, to) for the \a pieces consecutive ranges of [0, \a n), and returns
//! when all are done. The pieces are taken in order, one at a time, by this thread and by as many
//! threads of QThreadPool::globalInstance() as there are other cores, free threads and pieces, so
//! a thread that starts late or reads slower takes fewer. This thread waits for the pieces, not
//! for the helpers: one that starts after the last piece was taken finds nothing to do. An
//! exception from \a work is thrown here once every piece is done. For read-only passes over
//! long lists of rows: a row costs mostly the wait for its cache lines, and cores wait side by
//! side.
template<typename Work> void inPieces(qsizetype n, qsizetype pieces, const Work &work)
{
    // Shared with the helpers, which may outlive this call (one that starts late): standard
    // primitives rather than QSemaphore, so that ThreadSanitizer sees what they order.
    struct Shared
    {
        alignas(64) std::atomic<qsizetype> next { 0 }; //!< the next piece to take
        alignas(64) std::atomic<qsizetype> done { 0 }; //!< pieces run
        std::mutex mutex;
        std::condition_variable finished;
        std::exception_ptr failure; //!< the first one, under the mutex
    };
    const auto shared = std::make_shared<Shared>();
    // `work` is called only for a piece taken, and every piece is waited for below: a helper
    // that comes late holds the reference without using it.
    const auto take = [shared, &work, n, pieces] {
        for (qsizetype k = shared->next++; k < pieces; k = shared->next++) {
            std::exception_ptr failure;
            try {
                work(k, n * k / pieces, n * (k + 1) / pieces);
            } catch (...) {
                failure = std::current_exception();
            }
            if (failure) {
                const std::lock_guard lock(shared->mutex);
                if (!shared->failure)
                    shared->failure = failure;
            }
            if (++shared->done == pieces) {
                const std::lock_guard lock(shared->mutex); // not between the waiter's test and wait
                shared->finished.notify_all();
            }
        }
    };
    const qsizetype others = std::min<qsizetype>(QThread::idealThreadCount() - 1, pieces - 1);
    if (others > 0) {
        // What this thread wrote before is ordered before the helpers' reads (they take the
        // mutex first); the pool's own hand-over is not visible to ThreadSanitizer.
        const std::lock_guard lock(shared->mutex);
    }
    for (qsizetype k = 0; k < others; ++k) {
        bool started = false;
        try {
            started = QThreadPool::globalInstance()->tryStart([shared, take] {
                {
                    const std::lock_guard lock(shared->mutex);
                }
                take();
            });
        } catch (...) { // no memory for the task: this thread takes its pieces
        }
        if (!started)
            break;
    }
    take();
    std::unique_lock lock(shared->mutex);
    shared->finished.wait(lock, [&shared, pieces] { return shared->done == pieces; });
    if (shared->failure)
        std::rethrow_exception(shared->failure);
}

} // namespace

RowStamps::Stamp RowStamps::stampOf(const QCborValue &row, Hints &hints)
{
    Stamp stamp;
    if (!row.isMap())
        return stamp;
    const auto [id, version] = idAndVersion(row.toMap(), hints);
    if (!version.isInteger())
        return stamp;
    // As idOf() reads it, and held as text: comparing it then reads no cached row.
    stamp.numberId = id.isInteger();
    if (stamp.numberId)
        stamp.id = QString::number(id.toInteger());
    else if (id.isString())
        stamp.id = id.toString();
    if (!stamp.id.isEmpty())
        stamp.version = version.toInteger();
    return stamp;
}

std::optional<RowStamps> RowStamps::of(const QJsonValue &rows)
{
    if (!rows.isArray())
        return std::nullopt;
    const QCborArray array = QCborArray::fromJsonArray(rows.toArray());
    RowStamps stamps;
    stamps.m_stamps.reserve(size_t(array.size()));
    Hints hints;
    for (const QCborValue &row : array) {
        Stamp stamp = stampOf(row, hints);
        if (stamp.version < 0)
            return std::nullopt;
        stamps.m_stamps.push_back(std::move(stamp));
    }
    return stamps;
}

bool RowStamps::retake(const QJsonArray &rows, qsizetype i)
{
    if (i < 0 || i >= size() || rows.size() != size())
        return false;
    Hints hints;
    Stamp stamp = stampOf(QCborArray::fromJsonArray(rows).at(i), hints);
    // Another id here: rows moved (removed, and added again at the end), and every stamp after
    // them is off by one.
    if (stamp.version < 0 || !stamp.sameId(m_stamps[size_t(i)]))
        return false;
    m_stamps[size_t(i)] = std::move(stamp);
    return true;
}

RowList::RowList(QJsonArray rows)
    : m_rows(std::move(rows))
{ }

QString RowList::idOf(const QJsonObject &row)
{
    const QJsonValue id = row.value(kId);
    if (id.isString())
        return id.toString();
    if (id.isDouble())
        return QString::number(id.toInteger());
    return {};
}

qint64 RowList::versionOf(const QJsonObject &row)
{
    const QJsonValue v = row.value(kVersion);
    return v.isDouble() ? v.toInteger() : -1;
}

bool RowList::isRowList(const QJsonValue &value)
{
    if (!value.isArray())
        return false;
    const QCborArray rows = QCborArray::fromJsonArray(value.toArray());
    return std::all_of(rows.begin(), rows.end(),
        [](const QCborValue &row) { return row.isMap() && hasRowId(row); });
}

QueryChangeSet RowList::diff(
    const QJsonValue &before, const QJsonValue &after, bool *equal, bool beforeIsRowList)
{
    return diffRows(before, after, equal, beforeIsRowList, false);
}

QueryChangeSet RowList::diffVersioned(const QJsonValue &before, const QJsonValue &after,
    bool *equal, const RowStamps *beforeStamps, std::optional<RowStamps> *afterStamps)
{
    std::optional<RowStamps> stamps;
    if (beforeStamps)
        stamps = *beforeStamps; // a copy: these are not to be changed
    QueryChangeSet set = diffAgainstStamps(before, after, equal, stamps, afterStamps != nullptr);
    if (afterStamps)
        *afterStamps = std::move(stamps);
    return set;
}

QueryChangeSet RowList::diffVersioned(const QJsonValue &before, const QJsonValue &after,
    bool *equal, std::optional<RowStamps> &stamps)
{
    return diffAgainstStamps(before, after, equal, stamps, true);
}

QueryChangeSet RowList::diffAgainstStamps(const QJsonValue &before, const QJsonValue &after,
    bool *equal, std::optional<RowStamps> &stamps, bool takeAfter)
{
    using Kind = QueryChangeSet::Kind;
    const auto slowly = [&](QueryChangeSet set, qsizetype from) {
        QueryChangeSet diff = diffRows(before, after, equal, false, true, std::move(set), from);
        stamps = takeAfter ? RowStamps::of(after) : std::nullopt;
        return diff;
    };
    if (!stamps || !before.isArray() || !after.isArray())
        return slowly({}, 0);
    const QJsonArray a = before.toArray();
    const QJsonArray b = after.toArray();
    if (stamps->size() != a.size())
        return slowly({}, 0);
    QueryChangeSet set;
    set.m_rowDiff = true;
    const qsizetype common = std::min(a.size(), b.size());
    const QCborArray cb = QCborArray::fromJsonArray(b);
    // Rows in the same order (the usual refetch): each new row against the stamp of the cached
    // one at its place. Only a row whose version moved is read on both sides, and its stamp
    // takes the new version: with every row in place, the stamps are then the answer's.
    struct Piece
    {
        QList<QueryChangeSet::Row> changed;
        qsizetype stop = 0; //!< the first row that is not the stamped one
        qsizetype end = 0;
    };
    std::vector<Piece> pieces(size_t(pieceCount(common)));
    std::atomic<qsizetype> firstStop { common }; // pieces after it need not be read
    std::vector<RowStamps::Stamp> &kept = stamps->m_stamps;
    inPieces(common, qsizetype(pieces.size()), [&](qsizetype k, qsizetype from, qsizetype to) {
        Piece &piece = pieces[size_t(k)];
        piece.end = to;
        RowStamps::Hints hints;
        qsizetype i = from;
        for (; i < to && i < firstStop.load(std::memory_order_relaxed); ++i) {
            const RowStamps::Stamp stamp = RowStamps::stampOf(cb.at(i), hints);
            RowStamps::Stamp &old = kept[size_t(i)];
            if (stamp.version < 0 || !stamp.sameId(old))
                break; // not a versioned row, or another row here: compare by id from here on
            if (stamp.version != old.version) {
                const QJsonObject ao = a.at(i).toObject();
                const QJsonObject bo = b.at(i).toObject();
                piece.changed.append({ stamp.id, Kind::Changed, changedFields(ao, bo), bo });
                old.version = stamp.version;
            }
        }
        piece.stop = i;
        if (i < to) { // this row differs: the pieces after it need not be read
            qsizetype stop = firstStop;
            while (i < stop && !firstStop.compare_exchange_weak(stop, i)) { }
        }
    });
    qsizetype i = common;
    for (Piece &piece : pieces) {
        set.m_rows.append(std::move(piece.changed));
        if (piece.stop < piece.end) {
            i = piece.stop;
            break;
        }
    }
    if (i < a.size() || i < b.size())
        return slowly(std::move(set), i);
    *equal = set.m_rows.isEmpty();
    return set;
}

QueryChangeSet RowList::diffRows(const QJsonValue &before, const QJsonValue &after, bool *equal,
    bool beforeIsRowList, bool trustVersions, QueryChangeSet set, qsizetype from)
{
    using Kind = QueryChangeSet::Kind;
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
    qsizetype i = from;
    RowStamps::Hints hintsA;
    RowStamps::Hints hintsB;
    // Fast path: rows in the same order (the usual refetch) compare in place, no hashing.
    for (; i < common; ++i) {
        // The common case first: an identical row with an id (so it is still a row list) needs
        // neither its id as text nor its version. When \a before is known to be a row list,
        // identical means it has an id: looking the id up was a tenth of a 10k-row refetch.
        const QCborValue ar = ca.at(i);
        const QCborValue br = cb.at(i);
        if (trustVersions) {
            if (ar.isMap() && br.isMap() && sameIdAndVersion(ar, br, hintsA, hintsB))
                continue;
        } else if (ar.isMap() && identical(ar, br) && (beforeIsRowList || hasRowId(br))) {
            continue;
        }
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
        const QString id = idOf(bo);
        if (id.isEmpty() || idOf(ao) != id)
            break;
        if (!sameRow(ao, bo))
            set.m_rows.append({ id, Kind::Changed, changedFields(ao, bo), bo });
    }
    if (i < a.size() || i < b.size()) {
        QHash<QString, qsizetype> old;
        old.reserve(a.size() - i);
        for (qsizetype j = i; j < a.size(); ++j) {
            const QJsonValue av = a.at(j);
            const QString id = av.isObject() ? idOf(av.toObject()) : QString();
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
            const QString id = bv.isObject() ? idOf(bo) : QString();
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

void RowList::buildIndex() const
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_index.insert(idOf(m_rows.at(i).toObject()), i);
    m_indexed = true;
}

qsizetype RowList::indexOf(const QString &id) const
{
    if (!m_indexed)
        buildIndex();
    return m_index.value(id, -1);
}

QJsonObject RowList::row(const QString &id) const
{
    const qsizetype i = indexOf(id);
    return i < 0 ? QJsonObject() : m_rows.at(i).toObject();
}

bool RowList::upsertNewer(const QJsonObject &row, bool appendNew)
{
    const QString id = idOf(row);
    const qsizetype i = indexOf(id);
    if (i < 0) {
        if (!appendNew || id.isEmpty())
            return false;
        m_index.insert(id, m_rows.size());
        m_rows.append(row);
        touched(id, QueryChangeSet::Kind::Inserted);
        return true;
    }
    const QJsonObject current = m_rows.at(i).toObject();
    if (versionOf(row) < versionOf(current) || row == current)
        return false; // never back to an older version
    m_rows.replace(i, row);
    touched(id, QueryChangeSet::Kind::Changed);
    return true;
}

bool RowList::remove(const QString &id)
{
    const qsizetype i = indexOf(id);
    if (i < 0)
        return false;
    m_rows.removeAt(i);
    m_index.remove(id);
    for (auto it = m_index.begin(); it != m_index.end(); ++it) {
        if (*it > i)
            --*it;
    }
    touched(id, QueryChangeSet::Kind::Removed);
    return true;
}

bool RowList::patch(const QString &id, qint64 version, const QJsonObject &fields)
{
    const qsizetype i = indexOf(id);
    if (i < 0)
        return false;
    const QJsonObject row = m_rows.at(i).toObject();
    if (versionOf(row) >= version)
        return false; // the list already has this or a newer version
    // A new object, not inserts into the old one: Qt's JSON object appends every text value
    // written over an existing one to its buffer and keeps the old text until it is copied, so a
    // row patched all day (a driver's position and status) would grow without bound.
    QJsonObject next;
    for (auto it = row.begin(); it != row.end(); ++it) {
        const QString key = it.key();
        if (key == kVersion)
            next.insert(key, version);
        else if (key != kId && fields.contains(key))
            next.insert(key, fields.value(key));
        else
            next.insert(key, it.value());
    }
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it.key() != kId && !row.contains(it.key()))
            next.insert(it.key(), it.value());
    }
    if (!row.contains(kVersion))
        next.insert(kVersion, version);
    m_rows.replace(i, next);
    touched(id, QueryChangeSet::Kind::Changed);
    return true;
}

void RowList::applyDelta(const QJsonArray &changed, const QJsonArray &deleted)
{
    for (const QJsonValue &v : changed)
        upsertNewer(v.toObject());
    if (deleted.isEmpty())
        return;
    // One pass for many deletions instead of a shift of the index per row.
    QSet<QString> gone;
    for (const QJsonValue &id : deleted)
        gone.insert(id.isString() ? id.toString() : QString::number(id.toInteger()));
    QJsonArray kept;
    for (const QJsonValue &v : std::as_const(m_rows)) {
        const QString id = idOf(v.toObject());
        if (!gone.contains(id))
            kept.append(v);
        else
            touched(id, QueryChangeSet::Kind::Removed);
    }
    if (kept.size() != m_rows.size()) {
        m_rows = kept;
        m_indexed = false;
    }
}

void RowList::recordChanges()
{
    m_recording = true;
    m_touched.clear();
}

void RowList::touched(const QString &id, QueryChangeSet::Kind kind)
{
    if (m_recording)
        m_touched.append({ id, kind });
}

QueryChangeSet RowList::recordedChanges() const
{
    using Kind = QueryChangeSet::Kind;
    // The net change of each id, in the order ids were first touched; none: there and gone
    // again, nothing to tell.
    QList<std::pair<QString, std::optional<Kind>>> net;
    QHash<QString, qsizetype> at;
    for (const auto &[id, kind] : m_touched) {
        const auto it = at.constFind(id);
        if (it == at.cend()) {
            at.insert(id, net.size());
            net.append({ id, kind });
            continue;
        }
        std::optional<Kind> &was = net[*it].second;
        if (was == Kind::Inserted && kind == Kind::Removed)
            was.reset();
        else if (was == Kind::Removed && kind == Kind::Inserted)
            was = Kind::Changed; // gone and back: another row under the same id
        else if (!was || kind == Kind::Removed)
            was = kind;
    }
    QueryChangeSet set;
    set.m_rowDiff = true;
    for (const auto &[id, kind] : std::as_const(net)) {
        if (kind)
            set.m_rows.append({ id, *kind, {}, *kind == Kind::Removed ? QJsonObject() : row(id) });
    }
    return set;
}

RowList::Merge RowList::mergeOlder(const QJsonArray &older)
{
    Merge result;
    RowList answer(older);
    for (const QJsonValue &v : older) {
        const QJsonObject row = v.toObject();
        if (idOf(row).isEmpty() || !row.contains(kVersion))
            return result; // not versioned rows: the later write wins whole
    }
    // This (newer) write's rows stand, except where the answer carries a newer version.
    qsizetype shared = 0;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const QJsonObject mine = m_rows.at(i).toObject();
        const qsizetype j = answer.indexOf(idOf(mine));
        if (j < 0) {
            result.rowsDisagree = true; // only the write has it
            continue;
        }
        ++shared;
        const QJsonObject theirs = answer.m_rows.at(j).toObject();
        if (versionOf(theirs) > versionOf(mine)) {
            m_rows.replace(i, theirs);
            touched(idOf(theirs), QueryChangeSet::Kind::Changed);
            result.changed = true;
        }
    }
    if (shared < older.size()) {
        // Rows only the answer has: created on the server after the write was taken, or
        // removed by the write. Nobody here can tell which, so they stay (a just-created order
        // must not vanish) and the caller asks the server again.
        for (const QJsonValue &v : older) {
            const QJsonObject row = v.toObject();
            if (indexOf(idOf(row)) < 0) {
                m_index.insert(idOf(row), m_rows.size());
                m_rows.append(row);
                touched(idOf(row), QueryChangeSet::Kind::Inserted);
            }
        }
        result.changed = true;
        result.rowsDisagree = true;
    }
    return result;
}

} // namespace Ops
