#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/kpismodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject kpis(int open, int late, const QJsonValue &onTime = 88.1)
{
    return { { "openOrders"_L1, open }, { "inTransit"_L1, 31 }, { "deliveredToday"_L1, 42 },
        { "late"_L1, late }, { "driversOnline"_L1, 19 }, { "onTimePercent"_L1, onTime },
        { "paymentsToday"_L1, 40 }, { "paymentsTodayCents"_L1, 412345 }, { "openAlerts"_L1, 11 } };
}

} // namespace

class tst_KpisModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCachedFigures();
    void onlyChangedTilesChange();
};

void tst_KpisModel::showsTheCachedFigures()
{
    QueryClient client;
    client.setQueryData(QueryKey { u"kpis"_s }, kpis(118, 9));
    KpisModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), int(KpisModel::KpiCount));
    QVERIFY(model.hasData());
    QCOMPARE(model.index(KpisModel::OpenOrders).data(KpisModel::ValueRole).toLongLong(), 118);
    QCOMPARE(model.index(KpisModel::Late).data(KpisModel::WarningRole).toBool(), true);
    QCOMPARE(model.index(KpisModel::DriversOnline).data().toString(), QLocale().toString(19));
    QVERIFY(model.index(KpisModel::OnTimePercent).data().toString().contains(u"88"_s));
    QCOMPARE(model.index(KpisModel::OnTimePercent).data(KpisModel::WarningRole).toBool(), true);
    QCOMPARE(model.index(KpisModel::DeliveredToday).data(KpisModel::LabelRole).toString(),
        KpisModel::labelOf(KpisModel::DeliveredToday));
    // No deliveries today: on-time is unknown, not 0.
    model.applySnapshot(kpis(118, 0, QJsonValue::Null));
    QVERIFY(!model.index(KpisModel::OnTimePercent).data(KpisModel::ValueRole).isValid());
    QCOMPARE(model.index(KpisModel::OnTimePercent).data().toString(), u"–"_s);
}

void tst_KpisModel::onlyChangedTilesChange()
{
    QueryClient client;
    const QueryKey key { u"kpis"_s };
    client.setQueryData(key, kpis(118, 9));
    KpisModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    client.setQueryData(key, kpis(119, 9));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), int(KpisModel::OpenOrders));
    QCOMPARE(changed.first().at(1).toModelIndex().row(), int(KpisModel::OpenOrders));
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(KpisModel::ValueRole));
    changed.clear();
    client.setQueryData(key, kpis(119, 10));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), int(KpisModel::Late));
}

QTEST_GUILESS_MAIN(tst_KpisModel)
#include "tst_kpismodel.moc"
