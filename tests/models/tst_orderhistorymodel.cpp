#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QLocale>
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
    // Edited fields read as the dispatcher calls them, with the reason when one was given.
    QJsonObject cancelled = entry(10, u"status"_s, u"assigned"_s, u"cancelled"_s);
    cancelled.insert("reason"_L1, u"Customer called"_s);
    QJsonObject phone = entry(11, u"contactPhone"_s, {}, u"020 7946 0018"_s);
    QJsonObject amount = entry(12, u"amountCents"_s, u"2482"_s, u"2500"_s);
    client.setQueryData(QueryKeys::orderHistory(u"ORD-1"_s),
        QJsonArray { entry(3, u"created"_s, {}, u"new"_s),
            entry(9, u"status"_s, u"new"_s, u"assigned"_s), cancelled, phone, amount });
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(2, OrderHistoryModel::ChangeColumn).data().toString(),
        u"Status: Assigned → Cancelled — “Customer called”"_s);
    QCOMPARE(model.index(3, OrderHistoryModel::ChangeColumn).data().toString(),
        u"Phone: — → 020 7946 0018"_s);
    QCOMPARE(model.index(4, OrderHistoryModel::ChangeColumn).data().toString(),
        u"Amount: %1 → %2"_s.arg(
            QLocale().toString(24.82, 'f', 2), QLocale().toString(25.0, 'f', 2)));
    model.setOrderId({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_OrderHistoryModel)
#include "tst_orderhistorymodel.moc"
