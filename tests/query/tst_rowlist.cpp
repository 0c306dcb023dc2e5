#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "query/rowlist.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_RowList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity_data();
    void identity();
    void upsertNeverGoesBack();
    void patchOnlyWhenNewer();
    void patchesKeepTheRowsSize();
    void recordsWhatTheEditsChanged();
    void deltaMerge();
    void olderAnswerUnderNewerWrite();
    void notVersionedAnswerLeavesTheWrite();
    void diffByVersion();
    void stampsOnlyOfVersionedRows();
    void diffAgainstStamps_data();
    void diffAgainstStamps();
    void stampsStandInForTheCachedRows();
    void retakenStampsFollowRowsInPlaceOnly();
    void longListsAreReadInPieces();
};

namespace {

QJsonObject row(const QJsonValue &id, int version, const QString &status = u"new"_s)
{
    return { { "id"_L1, id }, { "version"_L1, version }, { "status"_L1, status } };
}

//! Where \a a and \a b differ in the rows they insert, change or remove, in whatever order;
//! empty when they do not.
QString rowsByKindDiffer(const QueryChangeSet &a, const QueryChangeSet &b)
{
    for (const auto kind : { QueryChangeSet::Kind::Inserted, QueryChangeSet::Kind::Changed,
             QueryChangeSet::Kind::Removed }) {
        QStringList ia = a.ids(kind);
        QStringList ib = b.ids(kind);
        ia.sort();
        ib.sort();
        if (ia != ib)
            return u"kind %1: %2 against %3"_s.arg(int(kind)).arg(ia.join(u','), ib.join(u','));
    }
    return {};
}

QStringList ids(const RowList &list)
{
    QStringList out;
    for (const QJsonValue &v : list.rows())
        out.append(RowList::idOf(v.toObject()));
    return out;
}

} // namespace

void tst_RowList::identity_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QString>("text");
    QTest::newRow("text") << QJsonValue(u"ORD-1"_s) << u"ORD-1"_s;
    QTest::newRow("number") << QJsonValue(42) << u"42"_s;
    QTest::newRow("64-bit") << QJsonValue(qint64(1234567890123456789)) << u"1234567890123456789"_s;
    QTest::newRow("none") << QJsonValue() << QString();
    QTest::newRow("object") << QJsonValue(QJsonObject {}) << QString();
}

void tst_RowList::identity()
{
    QFETCH(QJsonValue, id);
    QFETCH(QString, text);
    QCOMPARE(RowList::idOf(QJsonObject { { "id"_L1, id } }), text);
    const RowList list(QJsonArray { row(u"a"_s, 1), QJsonObject { { "id"_L1, id } } });
    QCOMPARE(RowList::isRowList(list.toJson()), !text.isEmpty());
    if (!text.isEmpty())
        QCOMPARE(list.indexOf(text), 1);
    QCOMPARE(RowList::versionOf(row(1, 7)), 7);
    QCOMPARE(RowList::versionOf(QJsonObject {}), -1);
}

void tst_RowList::upsertNeverGoesBack()
{
    RowList list(QJsonArray { row(u"A"_s, 3), row(u"B"_s, 1) });
    QVERIFY(!list.upsertNewer(row(u"A"_s, 2, u"old"_s)));
    QVERIFY(!list.upsertNewer(row(u"A"_s, 3))); // the same row
    QVERIFY(list.upsertNewer(row(u"A"_s, 3, u"same version, other fields"_s)));
    QVERIFY(list.upsertNewer(row(u"B"_s, 2, u"assigned"_s)));
    QCOMPARE(list.row(u"B"_s).value("status"_L1).toString(), u"assigned"_s);
    QVERIFY(!list.upsertNewer(row(u"C"_s, 1), false)); // not appended when told so
    QVERIFY(list.upsertNewer(row(u"C"_s, 1)));
    QCOMPARE(ids(list), (QStringList { u"A"_s, u"B"_s, u"C"_s }));
    QVERIFY(list.remove(u"A"_s));
    QCOMPARE(list.indexOf(u"C"_s), 1); // the index follows the removal
    QVERIFY(!list.remove(u"A"_s));
}

void tst_RowList::patchOnlyWhenNewer()
{
    RowList list(QJsonArray { row(u"A"_s, 3), row(7, 1) });
    const QJsonObject fields { { "status"_L1, u"delivered"_s }, { "id"_L1, u"X"_s } };
    QVERIFY(!list.patch(u"A"_s, 3, fields)); // a replayed change
    QVERIFY(!list.patch(u"A"_s, 2, fields)); // a late one
    QVERIFY(list.patch(u"A"_s, 4, fields));
    QCOMPARE(list.row(u"A"_s), row(u"A"_s, 4, u"delivered"_s)); // id kept, version taken
    QVERIFY(list.patch(u"7"_s, 2, fields)); // numeric ids are ids too
    QVERIFY(!list.patch(u"missing"_s, 9, fields));
}

void tst_RowList::patchesKeepTheRowsSize()
{
#if !defined(__GLIBC__)
    QSKIP("measures the live heap with glibc's mallinfo2");
#else
    // A driver moving all day: every patch writes new text into the same row. The row must hold
    // the current text only, not every value it ever had (Qt's JSON containers append text and
    // reclaim the old only when they are copied).
    RowList list(QJsonArray { row(u"D1"_s, 1), row(u"D2"_s, 1) });
    const auto patchMany = [&list](int from, int count) {
        for (int v = from; v < from + count; ++v) {
            const QString at = u"2026-12-06T10:%1:00.000Z"_s.arg(v % 60, 2, 10, QChar(u'0'));
            QVERIFY(list.patch(u"D1"_s, v,
                { { "status"_L1, u"busy-%1"_s.arg(v) }, { "lastSeen"_L1, at },
                    { "note"_L1, QString(200, QChar(u'a' + v % 26)) } }));
        }
    };
    patchMany(2, 1000); // settle: the row's buffer reaches its working size
    const size_t before = mallinfo2().uordblks;
    patchMany(1002, 20000);
    const size_t after = mallinfo2().uordblks;
    // 20,000 patches of ~250 bytes of text each: ~10 MB if the old text stayed.
    QCOMPARE_LT(qint64(after) - qint64(before), 64 * 1024);
    QCOMPARE(list.row(u"D1"_s).value("status"_L1).toString(), u"busy-21001"_s);
    QCOMPARE(list.row(u"D1"_s).value("version"_L1).toInteger(), 21001);
    QCOMPARE(list.row(u"D2"_s), row(u"D2"_s, 1));
#endif
}

void tst_RowList::recordsWhatTheEditsChanged()
{
    RowList list(QJsonArray { row(u"A"_s, 1), row(u"B"_s, 1), row(u"C"_s, 1) });
    QVERIFY(list.patch(u"A"_s, 2, { { "status"_L1, u"late"_s } })); // before: not recorded
    list.recordChanges();
    QVERIFY(!list.hasRecordedChanges());
    QVERIFY(!list.patch(u"A"_s, 2, { { "status"_L1, u"done"_s } })); // not newer: no change
    QVERIFY(!list.hasRecordedChanges());
    QVERIFY(list.patch(u"B"_s, 2, { { "status"_L1, u"late"_s } }));
    QVERIFY(list.upsertNewer(row(u"D"_s, 1)));
    QVERIFY(list.patch(u"D"_s, 2, { { "status"_L1, u"late"_s } })); // still a new row
    QVERIFY(list.remove(u"C"_s));
    QVERIFY(list.upsertNewer(row(u"E"_s, 1)));
    QVERIFY(list.remove(u"E"_s)); // there and gone again
    list.applyDelta({}, QJsonArray { u"B"_s }); // changed, then removed
    QVERIFY(list.hasRecordedChanges());
    const QueryChangeSet changes = list.recordedChanges();
    QVERIFY(changes.isRowDiff());
    QCOMPARE(changes.ids(QueryChangeSet::Kind::Inserted), QStringList { u"D"_s });
    QCOMPARE(changes.ids(QueryChangeSet::Kind::Removed), (QStringList { u"B"_s, u"C"_s }));
    QVERIFY(changes.ids(QueryChangeSet::Kind::Changed).isEmpty());
    QCOMPARE(changes.rows().size(), 3);
    for (const auto &r : changes.rows()) {
        if (r.id == "D"_L1)
            QCOMPARE(r.value, row(u"D"_s, 2, u"late"_s)); // the row as it is now
    }
    list.recordChanges(); // starts over
    QVERIFY(list.recordedChanges().rows().isEmpty());
}

void tst_RowList::deltaMerge()
{
    RowList list(QJsonArray { row(u"A"_s, 1), row(u"B"_s, 5), row(u"C"_s, 1), row(u"D"_s, 1) });
    list.applyDelta(
        QJsonArray { row(u"B"_s, 4, u"older"_s), row(u"C"_s, 2, u"assigned"_s), row(u"E"_s, 1) },
        QJsonArray { u"A"_s, u"D"_s, u"nope"_s });
    QCOMPARE(ids(list), (QStringList { u"B"_s, u"C"_s, u"E"_s }));
    QCOMPARE(RowList::versionOf(list.row(u"B"_s)), 5);
    QCOMPARE(list.row(u"C"_s).value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(list.indexOf(u"E"_s), 2);
}

void tst_RowList::olderAnswerUnderNewerWrite()
{
    RowList write(QJsonArray { row(u"A"_s, 3, u"pushed"_s), row(u"B"_s, 1), row(u"D"_s, 1) });
    const RowList::Merge merge = write.mergeOlder(
        QJsonArray { row(u"A"_s, 2, u"fetched"_s), row(u"B"_s, 2, u"fetched"_s), row(u"C"_s, 1) });
    QVERIFY(merge.changed);
    QVERIFY(merge.rowsDisagree);
    QCOMPARE(ids(write), (QStringList { u"A"_s, u"B"_s, u"D"_s, u"C"_s }));
    QCOMPARE(write.row(u"A"_s).value("status"_L1).toString(), u"pushed"_s);
    QCOMPARE(write.row(u"B"_s).value("status"_L1).toString(), u"fetched"_s);

    RowList same(QJsonArray { row(u"A"_s, 3) });
    const RowList::Merge agree = same.mergeOlder(QJsonArray { row(u"A"_s, 2) });
    QVERIFY(!agree.changed);
    QVERIFY(!agree.rowsDisagree);
}

void tst_RowList::notVersionedAnswerLeavesTheWrite()
{
    RowList write(QJsonArray { row(u"A"_s, 3) });
    const RowList::Merge merge =
        write.mergeOlder(QJsonArray { QJsonObject { { "id"_L1, u"B"_s } } });
    QVERIFY(!merge.changed);
    QCOMPARE(ids(write), QStringList { u"A"_s });
}

void tst_RowList::diffByVersion()
{
    const QJsonArray before { row(u"A"_s, 1), row(u"B"_s, 1), row(7, 2) };
    QJsonArray after = before;
    after.replace(1, row(u"B"_s, 2, u"assigned"_s)); // a new version: changed
    after.replace(0, row(u"A"_s, 1, u"edited here"_s)); // same version: the same row
    bool equal = true;
    const QueryChangeSet versioned = RowList::diffVersioned(before, after, &equal);
    QVERIFY(!equal);
    QVERIFY(versioned.isRowDiff());
    QCOMPARE(versioned.ids(QueryChangeSet::Kind::Changed), QStringList { u"B"_s });
    const QueryChangeSet full = RowList::diff(before, after, &equal);
    QCOMPARE(full.ids(QueryChangeSet::Kind::Changed), (QStringList { u"A"_s, u"B"_s }));
    // Rows without a version, or moved, fall back to comparing fields.
    const QJsonArray plain { QJsonObject { { "id"_L1, 1 }, { "n"_L1, 1 } } };
    const QJsonArray plain2 { QJsonObject { { "id"_L1, 1 }, { "n"_L1, 2 } } };
    QCOMPARE(RowList::diffVersioned(plain, plain2, &equal).ids(QueryChangeSet::Kind::Changed),
        QStringList { u"1"_s });
    const QJsonArray moved { before.at(2), before.at(0), before.at(1) };
    QVERIFY(RowList::diffVersioned(before, moved, &equal).isEmpty());
    QVERIFY(!equal); // the order changed, no row did
}

void tst_RowList::stampsOnlyOfVersionedRows()
{
    QVERIFY(RowStamps::of(QJsonArray {}));
    QCOMPARE(RowStamps::of(QJsonArray { row(u"A"_s, 1), row(7, 2) })->size(), 2);
    QVERIFY(!RowStamps::of(QJsonObject {}));
    QVERIFY(!RowStamps::of(QJsonArray { row(u"A"_s, 1), 3 }));
    QVERIFY(!RowStamps::of(QJsonArray { row(u""_s, 1) }));
    QVERIFY(!RowStamps::of(QJsonArray { QJsonObject { { "id"_L1, u"A"_s } } }));
    QVERIFY(!RowStamps::of(
        QJsonArray { QJsonObject { { "id"_L1, u"A"_s }, { "version"_L1, u"1"_s } } }));
}

void tst_RowList::diffAgainstStamps_data()
{
    QTest::addColumn<QJsonArray>("after");
    const QJsonArray before { row(u"A"_s, 1), row(u"B"_s, 1), row(7, 2), row(u"D"_s, 4) };
    QTest::addRow("equal") << before;
    QJsonArray changed = before;
    changed.replace(2, row(7, 3, u"assigned"_s));
    QTest::addRow("one changed") << changed;
    QJsonArray inserted = before;
    inserted.insert(1, row(u"N"_s, 1));
    QTest::addRow("inserted in the middle") << inserted;
    QJsonArray removed = before;
    removed.removeAt(1);
    QTest::addRow("removed") << removed;
    QTest::addRow("appended") << (QJsonArray(before) << row(u"E"_s, 1));
    QTest::addRow("last removed") << QJsonArray { before.at(0), before.at(1), before.at(2) };
    QTest::addRow("moved") << QJsonArray { before.at(3), before.at(0), before.at(1), before.at(2) };
    QTest::addRow("id as text") << QJsonArray { before.at(0), before.at(1), row(u"7"_s, 2),
        before.at(3) };
    QTest::addRow("no version") << QJsonArray { before.at(0),
        QJsonObject { { "id"_L1, u"B"_s }, { "status"_L1, u"new"_s } }, before.at(2),
        before.at(3) };
    QTest::addRow("not a row") << QJsonArray { before.at(0), 5 };
    QTest::addRow("empty") << QJsonArray {};
}

void tst_RowList::diffAgainstStamps()
{
    // With the stamps of the cached list, the diff is the one that reads both lists.
    QFETCH(QJsonArray, after);
    const QJsonArray before { row(u"A"_s, 1), row(u"B"_s, 1), row(7, 2), row(u"D"_s, 4) };
    const std::optional<RowStamps> stamps = RowStamps::of(before);
    QVERIFY(stamps);
    bool equal = false;
    const QueryChangeSet read = RowList::diffVersioned(before, after, &equal);
    bool stampedEqual = !equal;
    std::optional<RowStamps> next;
    const QueryChangeSet stamped =
        RowList::diffVersioned(before, after, &stampedEqual, &*stamps, &next);
    QCOMPARE(stampedEqual, equal);
    QCOMPARE(stamped.isRowDiff(), read.isRowDiff());
    const QString differ = rowsByKindDiffer(stamped, read);
    QVERIFY2(differ.isEmpty(), qPrintable(differ));
    for (const QueryChangeSet::Row &r : stamped.rows()) {
        if (r.kind == QueryChangeSet::Kind::Changed)
            QCOMPARE(r.value, RowList(after).row(r.id));
    }
    // The stamps of the answer come with it, when it has them.
    const std::optional<RowStamps> ofAfter = RowStamps::of(after);
    QCOMPARE(next.has_value(), ofAfter.has_value());
    if (next)
        QCOMPARE(next->size(), ofAfter->size());
}

void tst_RowList::stampsStandInForTheCachedRows()
{
    // Where a row's stamp matches the answer, the cached row is not read: stamps taken after
    // B went to version 2 make B of version 2 the same row, whatever the list says.
    const QJsonArray before { row(u"A"_s, 1), row(u"B"_s, 1) };
    const QJsonArray after { row(u"A"_s, 1), row(u"B"_s, 2, u"assigned"_s) };
    bool equal = false;
    QCOMPARE(RowList::diffVersioned(before, after, &equal).ids(QueryChangeSet::Kind::Changed),
        QStringList { u"B"_s });
    const std::optional<RowStamps> stamps = RowStamps::of(after);
    QVERIFY(RowList::diffVersioned(before, after, &equal, &*stamps).isEmpty());
    QVERIFY(equal);
    // Stamps of another length than the list are not used.
    const std::optional<RowStamps> shorter = RowStamps::of(QJsonArray { row(u"A"_s, 1) });
    QCOMPARE(
        RowList::diffVersioned(before, after, &equal, &*shorter).ids(QueryChangeSet::Kind::Changed),
        QStringList { u"B"_s });
}

void tst_RowList::retakenStampsFollowRowsInPlaceOnly()
{
    const QJsonArray before { row(u"A"_s, 1), row(u"B"_s, 1), row(u"C"_s, 1) };
    std::optional<RowStamps> stamps = RowStamps::of(before);
    RowList list(before);
    QVERIFY(list.patch(u"B"_s, 2, QJsonObject { { "status"_L1, u"assigned"_s } }));
    QVERIFY(stamps->retake(list.rows(), 1));
    bool equal = false;
    QVERIFY(RowList::diffVersioned(list.rows(), list.rows(), &equal, &*stamps).isEmpty());
    QVERIFY(equal);
    // A is gone and back at the end: B and C moved up, the stamps no longer fit.
    QVERIFY(list.remove(u"A"_s));
    QVERIFY(list.upsertNewer(row(u"A"_s, 2)));
    QVERIFY(!stamps->retake(list.rows(), list.indexOf(u"A"_s)));
    QVERIFY(!stamps->retake(list.rows(), -1));
    QVERIFY(!stamps->retake(QJsonArray { row(u"A"_s, 1) }, 0));
}

void tst_RowList::longListsAreReadInPieces()
{
    // Long lists are compared with their stamps in pieces, on several threads where there are
    // cores: the change set is the one of a single pass, in row order, whichever piece a change
    // or the first moved row falls in.
    QJsonArray before;
    for (int i = 0; i < 9000; ++i)
        before.append(row(u"R%1"_s.arg(i), 1));
    const std::optional<RowStamps> stamps = RowStamps::of(before);
    QVERIFY(stamps);
    QJsonArray after = before;
    for (const int i : { 8990, 10, 4600 })
        after.replace(i, row(u"R%1"_s.arg(i), 2, u"assigned"_s));
    bool equal = true;
    std::optional<RowStamps> next;
    QueryChangeSet set = RowList::diffVersioned(before, after, &equal, &*stamps, &next);
    QVERIFY(!equal);
    QCOMPARE(
        set.ids(QueryChangeSet::Kind::Changed), (QStringList { u"R10"_s, u"R4600"_s, u"R8990"_s }));
    QVERIFY(next);
    QCOMPARE(next->size(), after.size());
    // The stamps taken in pieces are whole: against them, the same answer is equal.
    QVERIFY(RowList::diffVersioned(after, after, &equal, &*next).isEmpty());
    QVERIFY(equal);

    // A row inserted late in the list: the rows before it compared in place, the rest by id.
    // The cache's own stamps (in and out): the versions written before the inserted row are
    // then replaced by the stamps of the whole answer.
    QJsonArray inserted = after;
    inserted.insert(7000, row(u"N"_s, 1));
    std::optional<RowStamps> kept = stamps;
    set = RowList::diffVersioned(before, inserted, &equal, kept);
    QVERIFY(!equal);
    QCOMPARE(
        set.ids(QueryChangeSet::Kind::Changed), (QStringList { u"R10"_s, u"R4600"_s, u"R8990"_s }));
    QCOMPARE(set.ids(QueryChangeSet::Kind::Inserted), QStringList { u"N"_s });
    QVERIFY(set.ids(QueryChangeSet::Kind::Removed).isEmpty());
    QVERIFY(kept);
    QCOMPARE(kept->size(), inserted.size());
    QVERIFY(RowList::diffVersioned(inserted, inserted, &equal, kept).isEmpty());
    QVERIFY(equal);
    // In place, the same stamps follow a changed row's version.
    QJsonArray changedAgain = inserted;
    changedAgain.replace(9000, row(u"R8999"_s, 5, u"delivered"_s));
    QCOMPARE(RowList::diffVersioned(inserted, changedAgain, &equal, kept)
                 .ids(QueryChangeSet::Kind::Changed),
        QStringList { u"R8999"_s });
    QVERIFY(RowList::diffVersioned(changedAgain, changedAgain, &equal, kept).isEmpty());
    QVERIFY(equal);

    // Whichever piece the first moved row is in, the answer is the one of reading both lists.
    for (const int at : { 0, 600, 4500, 8998 }) {
        QJsonArray moved = after;
        moved.removeAt(at);
        moved.append(after.at(at));
        bool readEqual = true;
        const QueryChangeSet read = RowList::diffVersioned(before, moved, &readEqual);
        set = RowList::diffVersioned(before, moved, &equal, &*stamps, &next);
        QCOMPARE(equal, readEqual);
        const QString differ = rowsByKindDiffer(set, read);
        QVERIFY2(differ.isEmpty(), qPrintable(differ));
        QVERIFY(next);
        QVERIFY(RowList::diffVersioned(moved, moved, &equal, &*next).isEmpty());
        QVERIFY(equal);
    }
}

QTEST_APPLESS_MAIN(tst_RowList)
#include "tst_rowlist.moc"
