#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "models/driverstablemodel.h"
#include "models/workspace.h"
#include "panelfixture.h"
#include "ui/driverspanel.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_DriversPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsDriversFollowsPatchesAndSelects();
};

void tst_DriversPanel::listsDriversFollowsPatchesAndSelects()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.resize(620, 320);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 8, 10000);

    // A position report arrives as a driver.updated event with fields: patched, not refetched.
    const Driver before = *store.drivers().get(u"DRV-001"_s);
    Driver moved = before;
    moved.lat += 0.01;
    moved.status = DriverStatus::EnRoute;
    moved.lastSeenAt = QDateTime::currentDateTimeUtc();
    QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
    QVERIFY(store.drivers().updateLive(moved, u"sim"_s).ok());
    const int row = panel.model()->rowOf(u"DRV-001"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.model()->index(row, 0).data(DriversTableModel::LatRole).toDouble(), moved.lat, 5000);
    QCOMPARE(panel.model()->index(row, 0).data(DriversTableModel::PresenceRole).toInt(),
        int(DriversTableModel::Presence::InTransit));

    QSignalSpy activated(&panel, &DashPanel::driverActivated);
    panel.selectDriver(u"DRV-003"_s);
    QCOMPARE(panel.selectedDriver(), u"DRV-003"_s);
    QCOMPARE(activated.size(), 0); // following is not announcing
    const QModelIndex index = panel.view()->model()->index(0, DriversTableModel::NameColumn);
    QTest::mouseClick(
        panel.view()->viewport(), Qt::LeftButton, {}, panel.view()->visualRect(index).center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), index.data(DriversTableModel::IdRole).toString());
    PanelFixture::screenshot(&panel, u"driverspanel"_s);
}

QTEST_MAIN(tst_DriversPanel)
#include "tst_driverspanel.moc"
