#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "models/jsonrowsmodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! Two columns: the name and the count.
class NamesModel final : public JsonRowsModel
{
public:
    NamesModel(QueryClient *client, const QueryKey &key)
        : JsonRowsModel(client, nullptr)
    {
        setKey(key);
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 2;
    }

protected:
    QVariant cell(const QJsonObject &row, int column, int role) const override
    {
        if (role != Qt::DisplayRole && role != SortRole)
            return {};
        return column == 0 ? QVariant(row.value("name"_L1).toString())
                           : QVariant(row.value("count"_L1).toInt());
    }
};

QJsonObject row(int id, const QString &name, int count = 0, int version = 1)
{
    return { { "id"_L1, u"R-%1"_s.arg(id) }, { "name"_L1, name }, { "count"_L1, count },
        { "version"_L1, version } };
}

QJsonArray rows(int n)
{
    QJsonArray a;
    for (int i = 1; i <= n; ++i)
        a.append(row(i, u"name %1"_s.arg(i)));
    return a;
}

} // namespace

class tst_JsonRowsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsFromCacheAndFollowsIt();
    void changedCellIsOneDataChangedOverItsColumns();
    void removesAndInsertsExactRanges();
    void keySwitchIsTheOnlyReset();
};

void tst_JsonRowsModel::fillsFromCacheAndFollowsIt()
{
    QueryClient client;
    const QueryKey key { u"things"_s };
    client.setQueryData(key, rows(3));
    NamesModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.hasData());
    QCOMPARE(model.rowOf(u"R-2"_s), 1);
    QCOMPARE(model.index(1, 0).data(JsonRowsModel::IdRole).toString(), u"R-2"_s);
    QCOMPARE(model.index(2, 0).data().toString(), u"name 3"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QJsonArray more = rows(3);
    more.append(row(4, u"four"_s));
    client.setQueryData(key, more);
    QTRY_COMPARE(model.rowCount(), 4);
    QCOMPARE(inserted.size(), 1);
}

void tst_JsonRowsModel::changedCellIsOneDataChangedOverItsColumns()
{
    QueryClient client;
    const QueryKey key { u"things"_s };
    client.setQueryData(key, rows(50));
    NamesModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QJsonArray next = rows(50);
    next.replace(20, row(21, u"name 21"_s, 7, 2)); // only the count changed
    client.setQueryData(key, next);
    QTRY_COMPARE(changed.size(), 1);
    const auto args = changed.takeFirst();
    QCOMPARE(args.at(0).toModelIndex(), model.index(20, 1));
    QCOMPARE(args.at(1).toModelIndex(), model.index(20, 1));
    const auto roles = args.at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(JsonRowsModel::RowRole));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    // A version-only change still tells RowRole readers, on column 0.
    next.replace(20, row(21, u"name 21"_s, 7, 3));
    client.setQueryData(key, next);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(20, 0));
    // The same data again: nothing.
    changed.clear();
    model.applySnapshot(next);
    QCOMPARE(changed.size(), 0);
}

void tst_JsonRowsModel::removesAndInsertsExactRanges()
{
    QueryClient client;
    const QueryKey key { u"things"_s };
    client.setQueryData(key, rows(10));
    NamesModel model(&client, key);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Remove rows 2,3 and 7; add two.
    QJsonArray next;
    for (int i = 1; i <= 10; ++i) {
        if (i != 3 && i != 4 && i != 8)
            next.append(row(i, u"name %1"_s.arg(i)));
    }
    next.append(row(11, u"eleven"_s));
    next.append(row(12, u"twelve"_s));
    client.setQueryData(key, next);
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 2);
    // Highest range first so lower row numbers stay valid.
    QCOMPARE(removed.at(0).at(1).toInt(), 7);
    QCOMPARE(removed.at(0).at(2).toInt(), 7);
    QCOMPARE(removed.at(1).at(1).toInt(), 2);
    QCOMPARE(removed.at(1).at(2).toInt(), 3);
    QCOMPARE(inserted.at(0).at(1).toInt(), 7);
    QCOMPARE(inserted.at(0).at(2).toInt(), 8);
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(model.rowOf(u"R-12"_s), 8);
    QCOMPARE(model.rowOf(u"R-9"_s), 5);
    QCOMPARE(model.rowOf(u"R-3"_s), -1);
}

void tst_JsonRowsModel::keySwitchIsTheOnlyReset()
{
    QueryClient client;
    client.setQueryData(QueryKey { u"a"_s }, rows(2));
    client.setQueryData(QueryKey { u"b"_s }, rows(5));
    NamesModel model(&client, QueryKey { u"a"_s });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setKey(QueryKey { u"b"_s });
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 5);
}

QTEST_GUILESS_MAIN(tst_JsonRowsModel)
#include "tst_jsonrowsmodel.moc"
