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
    void insertsAndRemovesExact();
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
    QCOMPARE(args.at(1).toModelIndex(), model.index(199, DriversTableModel::LastSeenColumn));
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

QTEST_GUILESS_MAIN(tst_DriversTableModel)
#include "tst_driverstablemodel.moc"
