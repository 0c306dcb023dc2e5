#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/kpismodel.h"
#include "query/queryclient.h"
#include "query/queryclock.h"

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
    void driversOnlineFollowsTheDriversList();
    void atRiskTileAndTheServersClock();
};

void tst_KpisModel::showsTheCachedFigures()
{
    QueryClient client;
    client.setQueryData(QueryKeys::kpis(), kpis(118, 9));
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
        u"Delivered today"_s);
    QCOMPARE(model.index(KpisModel::PaymentsToday).data(KpisModel::KeyRole).toString(),
        u"paymentsToday"_s);
    QCOMPARE(model.roleNames().value(KpisModel::LabelRole), QByteArray("label"));
    QCOMPARE(model.roleNames().value(KpisModel::KeyRole), QByteArray("key"));
    QCOMPARE(model.roleNames().value(Qt::DisplayRole), QByteArray("display"));
    // No deliveries today: on-time is unknown, not 0.
    model.applySnapshot(kpis(118, 0, QJsonValue::Null));
    QVERIFY(!model.index(KpisModel::OnTimePercent).data(KpisModel::ValueRole).isValid());
    QCOMPARE(model.index(KpisModel::OnTimePercent).data().toString(), u"–"_s);
}

void tst_KpisModel::onlyChangedTilesChange()
{
    QueryClient client;
    const QueryKey key = QueryKeys::kpis();
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

void tst_KpisModel::driversOnlineFollowsTheDriversList()
{
    QueryClient client;
    const QueryKey drivers = QueryKeys::drivers();
    const auto driver = [](const QString &id, const QString &status) {
        return QJsonObject { { "id"_L1, id }, { "status"_L1, status } };
    };
    client.setQueryData(QueryKeys::kpis(), kpis(118, 9)); // says 19 online
    KpisModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex online = model.index(KpisModel::DriversOnline);
    QCOMPARE(online.data(KpisModel::ValueRole).toLongLong(), 19); // no drivers list yet

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    client.setQueryData(drivers,
        QJsonArray { driver(u"DRV-001"_s, u"idle"_s), driver(u"DRV-002"_s, u"en_route"_s),
            driver(u"DRV-003"_s, u"offline"_s), driver(u"DRV-004"_s, u"on_break"_s) });
    QTRY_COMPARE(online.data(KpisModel::ValueRole).toLongLong(), 3);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), int(KpisModel::DriversOnline));

    // A driver goes offline: the tile follows the patched list, with no KPI refetch.
    client.setQueryData(drivers,
        QJsonArray { driver(u"DRV-001"_s, u"offline"_s), driver(u"DRV-002"_s, u"en_route"_s),
            driver(u"DRV-003"_s, u"offline"_s), driver(u"DRV-004"_s, u"on_break"_s) });
    QTRY_COMPARE(online.data().toString(), QLocale().toString(2));
    // A move that changes no presence repaints nothing.
    changed.clear();
    client.setQueryData(drivers,
        QJsonArray { driver(u"DRV-001"_s, u"offline"_s), driver(u"DRV-002"_s, u"en_route"_s),
            driver(u"DRV-003"_s, u"offline"_s), driver(u"DRV-004"_s, u"idle"_s) });
    QCOMPARE(changed.size(), 0);
    // A later KPI answer (its count is older than the list) does not overwrite it.
    client.setQueryData(QueryKeys::kpis(), kpis(120, 9));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), int(KpisModel::OpenOrders));
    QCOMPARE(online.data(KpisModel::ValueRole).toLongLong(), 2);
}

void tst_KpisModel::atRiskTileAndTheServersClock()
{
    ManualClock clock; // the query's dataUpdatedAt: when each answer arrived, locally
    QueryClient client;
    client.setClock(&clock);
    const QueryKey key = QueryKeys::kpis();
    const QDateTime arrived = QDateTime::fromMSecsSinceEpoch(clock.now(), Qt::UTC);
    QJsonObject answer = kpis(118, 9);
    answer.insert("atRisk"_L1, 14);
    answer.insert("atRiskMinutes"_L1, 20);
    // The server's clock is 90 s ahead of the local one.
    answer.insert("asOf"_L1, arrived.addSecs(90).toString(Qt::ISODateWithMs));
    client.setQueryData(key, answer);
    KpisModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex tile = model.index(KpisModel::AtRisk);
    QCOMPARE(tile.data(KpisModel::ValueRole).toLongLong(), 14);
    QCOMPARE(tile.data(KpisModel::KeyRole).toString(), u"atRisk"_s);
    QVERIFY(tile.data(KpisModel::WarningRole).toBool());
    QVERIFY(tile.data(Qt::ToolTipRole).toString().contains(u"20 min"_s));
    QCOMPARE(model.serverOffsetMs(), 90'000);
    QCOMPARE(model.atRiskMinutes(), 20);
    QCOMPARE(model.asOf(), arrived.addSecs(90));

    // A later answer read 10 s after it arrived still gives the same offset (dataUpdatedAt,
    // not the moment it is read); jitter under half a second is not news.
    QSignalSpy clockChanged(&model, &KpisModel::serverClockChanged);
    clock.advance(std::chrono::seconds(60));
    answer.insert("asOf"_L1, arrived.addSecs(150).addMSecs(200).toString(Qt::ISODateWithMs));
    client.setQueryData(key, answer);
    QTRY_COMPARE(model.asOf(), arrived.addSecs(150).addMSecs(200));
    QCOMPARE(model.serverOffsetMs(), 90'000);
    QCOMPARE(clockChanged.size(), 0);
    // The server's clock was corrected: now 30 s ahead; and its threshold changes.
    clock.advance(std::chrono::seconds(60));
    answer.insert("asOf"_L1, arrived.addSecs(150).toString(Qt::ISODateWithMs));
    answer.insert("atRiskMinutes"_L1, 15);
    client.setQueryData(key, answer);
    QTRY_COMPARE(clockChanged.size(), 1);
    QCOMPARE(clockChanged.first().at(0).toLongLong(), 30'000);
    QCOMPARE(clockChanged.first().at(1).toInt(), 15);

    // An older server: no asOf, no atRisk; the figures still show, the clock stays.
    KpisModel older(nullptr);
    older.applySnapshot(kpis(3, 0));
    QCOMPARE(older.index(KpisModel::AtRisk).data().toString(), u"–"_s);
    QVERIFY(!older.index(KpisModel::AtRisk).data(KpisModel::WarningRole).toBool());
    QCOMPARE(older.serverOffsetMs(), 0);
    QCOMPARE(older.atRiskMinutes(), 15);
}

QTEST_GUILESS_MAIN(tst_KpisModel)
#include "tst_kpismodel.moc"
