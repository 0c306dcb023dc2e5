#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/orderhistorymodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject entry(int seq, const QString &field, const QString &from, const QString &to)
{
    return { { "seq"_L1, seq }, { "orderId"_L1, u"ORD-1"_s }, { "actor"_L1, u"ann"_s },
        { "field"_L1, field }, { "from"_L1, from }, { "to"_L1, to },
        { "ts"_L1, u"2026-11-22T12:04:31.000Z"_s } };
}

} // namespace

class tst_OrderHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheSelectedOrder();
};

void tst_OrderHistoryModel::followsTheSelectedOrder()
{
    QueryClient client;
    QCOMPARE(
        QueryKeys::orderHistory(u"ORD-1"_s), (QueryKey { u"orders"_s, u"ORD-1"_s, u"history"_s }));
    client.setQueryData(
        QueryKeys::orderHistory(u"ORD-1"_s), QJsonArray { entry(3, u"created"_s, {}, u"new"_s) });
    OrderHistoryModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setOrderId(u"ORD-1"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, OrderHistoryModel::ActorColumn).data().toString(), u"ann"_s);
    QCOMPARE(
        model.index(0, OrderHistoryModel::ChangeColumn).data().toString(), u"created as New"_s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    client.setQueryData(QueryKeys::orderHistory(u"ORD-1"_s),
        QJsonArray {
            entry(3, u"created"_s, {}, u"new"_s), entry(9, u"status"_s, u"new"_s, u"assigned"_s) });
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    QCOMPARE(model.index(1, OrderHistoryModel::ChangeColumn).data().toString(),
        u"Status: New → Assigned"_s);
    model.setOrderId({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_OrderHistoryModel)
#include "tst_orderhistorymodel.moc"
