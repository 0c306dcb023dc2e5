#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/driverstablemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QDateTime kNow = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);

QJsonObject driver(
    int n, const QString &status, int silentSeconds, double lat = 51.5, int version = 1)
{
    return { { "id"_L1, u"DRV-%1"_s.arg(n, 3, 10, QChar(u'0')) },
        { "name"_L1, u"Driver %1"_s.arg(n) }, { "region"_L1, u"north"_s }, { "status"_L1, status },
        { "lat"_L1, lat }, { "lon"_L1, -0.12 },
        { "lastSeenAt"_L1, kNow.addSecs(-silentSeconds).toString(Qt::ISODateWithMs) },
        { "version"_L1, version } };
}

} // namespace

class tst_DriversTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presenceIsDerived_data();
    void presenceIsDerived();
    void tickIsOneDataChangedForTwoColumns();
    void positionPatchIsOneRowChange();
    void rowsCompareByVersion();
    void insertsAndRemovesExact();
    void stalePositionMovesWithTheClock();
    void noPositionIsNotZeroZero();
    void batteryAndPhone();
    void dialString_data();
    void dialString();
};

void tst_DriversTableModel::presenceIsDerived_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("silent");
    QTest::addColumn<int>("presence");
    QTest::addColumn<QString>("lastSeen");
    using P = DriversTableModel::Presence;
    QTest::newRow("en route") << u"en_route"_s << 5 << int(P::InTransit) << u"5 s"_s;
    QTest::newRow("idle") << u"idle"_s << 90 << int(P::Idle) << u"1 min"_s;
    QTest::newRow("on break") << u"on_break"_s << 100 << int(P::Idle) << u"1 min"_s;
    QTest::newRow("silent") << u"idle"_s << 121 << int(P::NotResponding) << u"2 min"_s;
    QTest::newRow("silent en route") << u"en_route"_s << 4000 << int(P::NotResponding) << u"1 h"_s;
    QTest::newRow("offline") << u"offline"_s << 9000 << int(P::Offline) << u"2 h"_s;
}

void tst_DriversTableModel::presenceIsDerived()
{
    QFETCH(QString, status);
    QFETCH(int, silent);
    QFETCH(int, presence);
    QFETCH(QString, lastSeen);
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.tick(kNow);
    model.applySnapshot(QJsonArray { driver(1, status, silent) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(DriversTableModel::PresenceRole).toInt(), presence);
    QCOMPARE(model.index(0, DriversTableModel::PresenceColumn).data().toString(),
        DriversTableModel::presenceLabel(DriversTableModel::Presence(presence)));
    QCOMPARE(model.index(0, DriversTableModel::LastSeenColumn).data().toString(), lastSeen);
}

void tst_DriversTableModel::tickIsOneDataChangedForTwoColumns()
{
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.tick(kNow);
    QJsonArray rows;
    for (int i = 1; i <= 200; ++i)
        rows.append(driver(i, u"idle"_s, i));
    model.applySnapshot(rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick(kNow.addSecs(60));
    QCOMPARE(changed.size(), 1);
    const auto args = changed.takeFirst();
    QCOMPARE(args.at(0).toModelIndex(), model.index(0, DriversTableModel::PresenceColumn));
    QCOMPARE(args.at(1).toModelIndex(), model.index(199, DriversTableModel::GpsColumn));
    QVERIFY(args.at(2).value<QList<int>>().contains(Qt::DisplayRole));
    // The clock moved: 61 s for the first driver; the 200 s one is now silent.
    QCOMPARE(model.index(0, DriversTableModel::LastSeenColumn).data().toString(), u"1 min"_s);
    QCOMPARE(model.index(199, 0).data(DriversTableModel::PresenceRole).toInt(),
        int(DriversTableModel::Presence::NotResponding));
}

void tst_DriversTableModel::positionPatchIsOneRowChange()
{
    QueryClient client;
    const QueryKey key = QueryKeys::drivers();
    QJsonArray rows;
    for (int i = 1; i <= 20; ++i)
        rows.append(driver(i, u"en_route"_s, 1));
    client.setQueryData(key, rows);
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.tick(kNow);
    QCOMPARE(model.rowCount(), 20);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);
    // What LiveSync's patch writes: the same row with a new position and version.
    rows.replace(6, driver(7, u"en_route"_s, 1, 51.6, 2));
    client.setQueryData(key, rows);
    QTRY_COMPARE(changed.size(), 1);
    const auto args = changed.takeFirst();
    QCOMPARE(args.at(0).toModelIndex().row(), 6);
    QCOMPARE(args.at(1).toModelIndex().row(), 6);
    const auto roles = args.at(2).value<QList<int>>();
    QVERIFY(roles.contains(DriversTableModel::LatRole));
    QCOMPARE(model.index(6, 0).data(DriversTableModel::LatRole).toDouble(), 51.6);
    QCOMPARE(reset.size(), 0);
}

void tst_DriversTableModel::rowsCompareByVersion()
{
    // Every write of a driver moves its version on (a GPS fix too), so the list of 2,000
    // drivers is compared by id and version, not field by field: a row whose version did not
    // move is the row already shown.
    QueryClient client;
    const QueryKey key = QueryKeys::drivers();
    QJsonArray rows;
    for (int i = 1; i <= 5; ++i)
        rows.append(driver(i, u"idle"_s, 1));
    client.setQueryData(key, rows);
    DriversTableModel model(&client);
    model.tick(kNow);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    rows.replace(2, driver(3, u"idle"_s, 1, 51.7, 1)); // same version: not a change
    client.setQueryData(key, rows);
    QVERIFY(!changed.wait(50));
    QCOMPARE(model.index(2, 0).data(DriversTableModel::LatRole).toDouble(), 51.5);
    rows.replace(2, driver(3, u"idle"_s, 1, 51.7, 2));
    client.setQueryData(key, rows);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(model.index(2, 0).data(DriversTableModel::LatRole).toDouble(), 51.7);
}

void tst_DriversTableModel::insertsAndRemovesExact()
{
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(
        QJsonArray { driver(1, u"idle"_s, 1), driver(2, u"idle"_s, 1), driver(3, u"idle"_s, 1) });
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applySnapshot(
        QJsonArray { driver(1, u"idle"_s, 1), driver(3, u"idle"_s, 1), driver(4, u"idle"_s, 1) });
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(removed.first().at(2).toInt(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(model.rowOf(u"DRV-004"_s), 2);
}

void tst_DriversTableModel::stalePositionMovesWithTheClock()
{
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.tick(kNow);
    QJsonObject row = driver(1, u"idle"_s, 5);
    row.insert("positionAt"_L1, kNow.addSecs(-100).toString(Qt::ISODateWithMs));
    model.applySnapshot(QJsonArray { row });
    const QModelIndex gps = model.index(0, DriversTableModel::GpsColumn);
    QCOMPARE(gps.data().toString(), u"1 min"_s);
    QCOMPARE(gps.data(DriversTableModel::StaleRole).toBool(), false);
    QCOMPARE(gps.data(DriversTableModel::StaleTextRole).toString(), QString());
    QCOMPARE(gps.data(Qt::ForegroundRole), QVariant());

    // 7 min later the same fix is stale: said on the tick, in the one dataChanged.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick(kNow.addSecs(7 * 60));
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(DriversTableModel::StaleRole));
    QCOMPARE(gps.data(DriversTableModel::PositionAgeRole).toLongLong(), 7 * 60 + 100);
    QCOMPARE(gps.data(DriversTableModel::StaleRole).toBool(), true);
    QCOMPARE(gps.data(DriversTableModel::StaleTextRole).toString(), u"GPS 8 min old"_s);
    QCOMPARE(gps.data().toString(), u"GPS 8 min old"_s);
    QVERIFY(gps.data(Qt::ForegroundRole).isValid());

    // The threshold is a setting: 10 min makes it fresh again.
    model.setStaleAfter(std::chrono::minutes(10));
    QCOMPARE(gps.data(DriversTableModel::StaleRole).toBool(), false);
    QCOMPARE(gps.data().toString(), u"8 min"_s);
}

void tst_DriversTableModel::noPositionIsNotZeroZero()
{
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.tick(kNow);
    QJsonObject fresh = driver(1, u"offline"_s, 0);
    fresh.insert("lat"_L1, QJsonValue::Null);
    fresh.insert("lon"_L1, QJsonValue::Null);
    fresh.insert("positionAt"_L1, QJsonValue::Null);
    fresh.insert("lastSeenAt"_L1, QJsonValue::Null);
    fresh.insert("battery"_L1, QJsonValue::Null);
    model.applySnapshot(QJsonArray { fresh });
    const QModelIndex i = model.index(0, DriversTableModel::GpsColumn);
    QCOMPARE(i.data(DriversTableModel::HasPositionRole).toBool(), false);
    QVERIFY(!i.data(DriversTableModel::LatRole).isValid());
    QVERIFY(!i.data(DriversTableModel::LonRole).isValid());
    QVERIFY(!i.data(DriversTableModel::PositionAgeRole).isValid());
    QCOMPARE(i.data(DriversTableModel::StaleRole).toBool(), false);
    QCOMPARE(i.data().toString(), QString());
    QVERIFY(!i.data(Qt::ToolTipRole).toString().contains(u"0.0000"_s));
    QCOMPARE(model.index(0, DriversTableModel::LastSeenColumn).data().toString(), u"never"_s);
    QCOMPARE(model.index(0, DriversTableModel::BatteryColumn).data().toString(), QString());
    QVERIFY(!i.data(DriversTableModel::BatteryRole).isValid());
}

void tst_DriversTableModel::batteryAndPhone()
{
    QueryClient client;
    DriversTableModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonObject ok = driver(1, u"idle"_s, 1);
    ok.insert("battery"_L1, 77);
    ok.insert("phone"_L1, u"+44 20 7946 0018"_s);
    QJsonObject low = driver(2, u"idle"_s, 1);
    low.insert("battery"_L1, 14);
    low.insert("active"_L1, false);
    model.applySnapshot(QJsonArray { ok, low });
    const QModelIndex okBattery = model.index(0, DriversTableModel::BatteryColumn);
    const QModelIndex lowBattery = model.index(1, DriversTableModel::BatteryColumn);
    QCOMPARE(okBattery.data().toString(), u"77 %"_s);
    QCOMPARE(okBattery.data(DriversTableModel::LowBatteryRole).toBool(), false);
    QCOMPARE(okBattery.data(Qt::ForegroundRole), QVariant());
    QCOMPARE(lowBattery.data().toString(), u"14 %"_s);
    QCOMPARE(lowBattery.data(DriversTableModel::LowBatteryRole).toBool(), true);
    QCOMPARE(
        model.index(0, DriversTableModel::PhoneColumn).data().toString(), u"+44 20 7946 0018"_s);
    QCOMPARE(model.index(0, 0).data(DriversTableModel::ActiveRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(DriversTableModel::ActiveRole).toBool(), false);
    QCOMPARE(model.index(1, DriversTableModel::PresenceColumn).data().toString(), u"Deactivated"_s);
}

void tst_DriversTableModel::dialString_data()
{
    QTest::addColumn<QString>("phone");
    QTest::addColumn<QString>("dial");
    QTest::newRow("international") << u"+44 20 7946 0018"_s << u"+442079460018"_s;
    QTest::newRow("punctuation") << u"(030) 123-45.67"_s << u"0301234567"_s;
    QTest::newRow("plus only first") << u"+1 +2"_s << u"+12"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no digits") << u"+ ()"_s << QString();
}

void tst_DriversTableModel::dialString()
{
    QFETCH(QString, phone);
    QFETCH(QString, dial);
    QCOMPARE(DriversTableModel::dialString(phone), dial);
}

QTEST_GUILESS_MAIN(tst_DriversTableModel)
#include "tst_driverstablemodel.moc"
