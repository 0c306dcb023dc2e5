#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/paymentstablemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject payment(int n, const QString &status, int version = 1)
{
    return { { "id"_L1, u"PAY-%1"_s.arg(n) }, { "orderId"_L1, u"ORD-1"_s },
        { "region"_L1, u"north"_s }, { "amountCents"_L1, 2482 }, { "method"_L1, u"card"_s },
        { "status"_L1, status }, { "createdAt"_L1, u"2026-11-22T12:04:31.000Z"_s },
        { "version"_L1, version } };
}

} // namespace

class tst_PaymentsTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paymentsOfOneOrder();
};

void tst_PaymentsTableModel::paymentsOfOneOrder()
{
    QueryClient client;
    const QueryKey key = QueryKeys::paymentsOf(u"ORD-1"_s);
    QCOMPARE(key, (QueryKey { u"payments"_s, QJsonObject { { "orderId"_L1, u"ORD-1"_s } } }));
    client.setQueryData(key, QJsonArray { payment(1, u"pending"_s) });
    PaymentsTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOrderId(u"ORD-1"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(
        model.index(0, PaymentsTableModel::AmountColumn).data(JsonRowsModel::SortRole).toLongLong(),
        2482);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    client.setQueryData(key, QJsonArray { payment(1, u"captured"_s, 2) });
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(
        changed.first().at(0).toModelIndex(), model.index(0, PaymentsTableModel::StatusColumn));
    QCOMPARE(
        changed.first().at(1).toModelIndex(), model.index(0, PaymentsTableModel::StatusColumn));
}

QTEST_GUILESS_MAIN(tst_PaymentsTableModel)
#include "tst_paymentstablemodel.moc"
