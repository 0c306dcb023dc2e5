#include <QAccessible>
#include <QFrame>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include "models/kpismodel.h"
#include "models/kpitimelinemodel.h"
#include "panelfixture.h"
#include "ui/kpipanel.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_KpiPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tilesShowTheServersValues();
};

void tst_KpiPanel::tilesShowTheServersValues()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QVERIFY(f.goLive());
    KpiPanel panel(&f.queries);
    panel.resize(900, 560);
    panel.show();
    const Kpis expected = store.kpis().snapshot({}, QDateTime::currentDateTimeUtc());
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->hasData(), 10000);
    QCOMPARE(panel.tileText(KpisModel::OpenOrders), QLocale().toString(expected.openOrders));
    QCOMPARE(panel.tileText(KpisModel::DriversOnline), QLocale().toString(expected.driversOnline));
    QCOMPARE(panel.tileText(KpisModel::InTransit), QLocale().toString(expected.inTransit));
    // At risk moves with the clock: the tile shows the server's figure, whatever it is now.
    QVERIFY(panel.model()->index(KpisModel::AtRisk).data(KpisModel::ValueRole).isValid());
    // Each tile is one figure to a screen reader: its caption and value.
    auto *tile = panel.findChild<QFrame *>(u"kpiTile%1"_s.arg(int(KpisModel::OpenOrders)));
    QVERIFY(tile);
    QCOMPARE(QAccessible::queryAccessibleInterface(tile)->text(QAccessible::Name),
        u"%1: %2"_s.arg(
            KpisModel::labelOf(KpisModel::OpenOrders), QLocale().toString(expected.openOrders)));
    QTRY_VERIFY_WITH_TIMEOUT(panel.timelineModel()->rowCount() > 0, 10000);

    // A delivery on the server moves the tiles and the chart (events invalidate ["kpis"]).
    Order target;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New) {
            target = o;
            break;
        }
    }
    QVERIFY(!target.id.isEmpty());
    for (OrderStatus to : { OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
             OrderStatus::Delivered })
        QVERIFY(OrderService(store).setStatus(target.id, to, std::nullopt, u"ann"_s).ok());
    const Kpis after = store.kpis().snapshot({}, QDateTime::currentDateTimeUtc());
    QCOMPARE(after.deliveredToday, expected.deliveredToday + 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.tileText(KpisModel::DeliveredToday), QLocale().toString(after.deliveredToday), 5000);
    QCOMPARE(panel.tileText(KpisModel::OpenOrders), QLocale().toString(after.openOrders));
    const int last = panel.timelineModel()->rowCount() - 1;
    QTRY_VERIFY_WITH_TIMEOUT(
        panel.timelineModel()->index(last, KpiTimelineModel::DeliveredColumn).data().toInt() >= 1,
        5000);
    // The chart in words: the latest quarter hour's figures.
    auto *chart = panel.findChild<QWidget *>(u"kpiChart"_s);
    QVERIFY(!chart->accessibleName().isEmpty());
    QTRY_VERIFY(chart->accessibleDescription().contains(u"delivered"_s));
    PanelFixture::screenshot(&panel, u"kpipanel"_s);

    // A figure that needs attention is painted in its colour (the label paints with Text on the
    // tile's Base background): late red, at risk amber, others the theme's text colour.
    const auto shown = [&panel](KpisModel::Kpi kpi) {
        auto *value = panel.findChild<QLabel *>(u"kpiValue%1"_s.arg(int(kpi)));
        return value->palette().color(value->foregroundRole());
    };
    QCOMPARE(shown(KpisModel::OpenOrders), panel.palette().color(QPalette::Text));
    panel.model()->applySnapshot({ { "late"_L1, 3 }, { "atRisk"_L1, 2 }, { "openOrders"_L1, 9 } });
    QCOMPARE(shown(KpisModel::Late), QColor(0xe0, 0x3e, 0x3e));
    QCOMPARE(shown(KpisModel::AtRisk), QColor(0xd9, 0x8a, 0x0b));
    panel.model()->applySnapshot({ { "late"_L1, 0 }, { "atRisk"_L1, 0 }, { "openOrders"_L1, 9 } });
    QCOMPARE(shown(KpisModel::Late), panel.palette().color(QPalette::Text));
}

QTEST_MAIN(tst_KpiPanel)
#include "server/domain/orderservice.h"
#include "tst_kpipanel.moc"
