#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "core/logging.h"
#include "keys/querykeys.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"
#include "query/queryclient.h"
#include "ui/mappanel.h"
#include "ui/mapview.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject driver(int n, const QString &status, double lat, double lon, const QString &region)
{
    return { { "id"_L1, u"DRV-%1"_s.arg(n, 3, 10, QChar(u'0')) },
        { "name"_L1, u"Driver %1"_s.arg(n) }, { "region"_L1, region }, { "status"_L1, status },
        { "lat"_L1, lat }, { "lon"_L1, lon },
        { "lastSeenAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { "version"_L1, 1 } };
}

QJsonObject order(int n, const QString &region, int dueInMinutes, const QString &status = u"new"_s)
{
    return { { "id"_L1, u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0')) },
        { "customer"_L1, u"Customer %1"_s.arg(n) }, { "region"_L1, region },
        { "pickup"_L1, u"Depot"_s }, { "dropoff"_L1, u"Street %1"_s.arg(n) },
        { "status"_L1, status }, { "amountCents"_L1, 1000 },
        { "dueAt"_L1,
            QDateTime::currentDateTimeUtc()
                .addSecs(60 * dueInMinutes)
                .toString(Qt::ISODateWithMs) },
        { "updatedAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { "version"_L1, 1 } };
}

void fill(QueryClient &client, int orders)
{
    client.setQueryData(QueryKeys::drivers(),
        QJsonArray { driver(1, u"idle"_s, 51.50, -0.12, u"north"_s),
            driver(2, u"en_route"_s, 51.54, -0.08, u"north"_s),
            driver(3, u"offline"_s, 51.46, -0.20, u"south"_s) });
    QJsonArray rows;
    for (int i = 1; i <= orders; ++i)
        rows.append(order(i, i % 2 ? u"north"_s : u"south"_s, i % 5 == 0 ? -30 : 60));
    client.setQueryData(QueryKeys::orders(), rows);
}

} // namespace

class tst_MapPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clickSelectsAndEmitsTheId();
    void selectionFromElsewhereIsHighlighted();
    void tenThousandOrdersAreDrawn();
    void ordersAtTheirCoordinatesAndRoutesToTheirDrivers();
};

void tst_MapPanel::clickSelectsAndEmitsTheId()
{
    QueryClient client;
    fill(client, 60);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.driversModel()->rowCount(), 3);
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 60);
    MapView *map = panel.mapView();
    QCOMPARE(map->markerCount(), 63);
    QSignalSpy drivers(&panel, &DashPanel::driverActivated);
    QSignalSpy orders(&panel, &DashPanel::orderActivated);

    const QPointF at = map->screenPosOf(u"DRV-002"_s);
    QVERIFY(!at.isNull());
    QVERIFY(map->rect().contains(at.toPoint()));
    QTest::mouseClick(map, Qt::LeftButton, {}, at.toPoint());
    QCOMPARE(drivers.size(), 1);
    QCOMPARE(drivers.first().at(0).toString(), u"DRV-002"_s);
    QCOMPARE(map->selectedId(), u"DRV-002"_s);

    // An order away from every driver.
    QString orderId;
    QPointF orderAt;
    for (int i = 1; i <= 60 && orderId.isEmpty(); ++i) {
        const QString id = u"ORD-%1"_s.arg(i, 5, 10, QChar(u'0'));
        const QPointF p = map->screenPosOf(id);
        if (map->idAt(p) == id) {
            orderId = id;
            orderAt = p;
        }
    }
    QVERIFY(!orderId.isEmpty());
    QTest::mouseClick(map, Qt::LeftButton, {}, orderAt.toPoint());
    QCOMPARE(orders.size(), 1);
    QCOMPARE(orders.first().at(0).toString(), orderId);
    // Empty water: nothing.
    QTest::mouseClick(map, Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(orders.size() + drivers.size(), 2);
}

void tst_MapPanel::selectionFromElsewhereIsHighlighted()
{
    QueryClient client;
    fill(client, 200);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 200);
    QSignalSpy orders(&panel, &DashPanel::orderActivated);
    panel.selectOrder(u"ORD-00007"_s);
    QCOMPARE(panel.mapView()->selectedId(), u"ORD-00007"_s);
    QCOMPARE(orders.size(), 0); // following is not announcing
    // The highlight ring is drawn in the palette's highlight colour around the marker.
    const QImage image = panel.mapView()->grab().toImage();
    const QPoint at = panel.mapView()->screenPosOf(u"ORD-00007"_s).toPoint();
    const QColor highlight = panel.mapView()->palette().color(QPalette::Highlight);
    bool ring = false;
    for (int dx = -13; dx <= 13 && !ring; ++dx) {
        for (int dy = -13; dy <= 13 && !ring; ++dy) {
            const QPoint p = at + QPoint(dx, dy);
            if (image.rect().contains(p)) {
                const QColor c = image.pixelColor(p);
                ring = qAbs(c.red() - highlight.red()) < 40
                    && qAbs(c.green() - highlight.green()) < 40
                    && qAbs(c.blue() - highlight.blue()) < 40;
            }
        }
    }
    QVERIFY(ring);
    panel.setFreshness(false, QDateTime::currentDateTimeUtc());
    const QString dir = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        panel.grab().save(dir + u"/mappanel.png"_s);
}

void tst_MapPanel::tenThousandOrdersAreDrawn()
{
    QueryClient client;
    fill(client, 10000);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 10000);
    MapView *map = panel.mapView();
    QCOMPARE(map->markerCount(), 10003);
    QPixmap target(map->size());
    map->render(&target); // first paint: projection
    QElapsedTimer timer;
    timer.start();
    const int frames = 20;
    for (int i = 0; i < frames; ++i)
        map->render(&target);
    // A figure to read, not a limit: a loaded machine must not fail the run.
    qCInfo(lcUi) << "map repaint with 10k orders:" << timer.elapsed() / frames << "ms per frame";
    QCOMPARE(map->markerCount(), 10003); // painting did not drop or duplicate markers
}

void tst_MapPanel::ordersAtTheirCoordinatesAndRoutesToTheirDrivers()
{
    QueryClient client;
    fill(client, 0);
    const auto placed = [](QJsonObject o, double lat, double lon, const QString &driverId = {}) {
        o.insert("lat"_L1, lat);
        o.insert("lon"_L1, lon);
        if (!driverId.isEmpty())
            o.insert("driverId"_L1, driverId);
        return o;
    };
    client.setQueryData(QueryKeys::orders(),
        QJsonArray {
            placed(order(1, u"north"_s, 60), 51.52, -0.10), // west of DRV-002, same latitude band
            placed(order(2, u"north"_s, 60, u"in_transit"_s), 51.48, -0.16, u"DRV-002"_s),
            placed(order(3, u"north"_s, 60, u"assigned"_s), 51.49, -0.15, u"DRV-001"_s),
            order(4, u"south"_s, 60), // no coordinates
        });
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 4);
    MapView *map = panel.mapView();
    QCOMPARE(map->markerCount(), 7);
    QCOMPARE(map->placedByRegionCount(), 1);
    // Only the order being carried (in transit) is joined to its driver; an assigned one is not
    // picked up yet.
    QCOMPARE(map->routeCount(), 1);

    // Screen positions follow the coordinates: north is up, east is right.
    const QPointF one = map->screenPosOf(u"ORD-00001"_s);
    const QPointF two = map->screenPosOf(u"ORD-00002"_s);
    const QPointF idle = map->screenPosOf(u"DRV-001"_s); // 51.50, -0.12
    QVERIFY(one.y() < idle.y()); // 51.52 is north of 51.50
    QVERIFY(one.x() > idle.x()); // -0.10 is east of -0.12
    QVERIFY(two.y() > idle.y());
    QVERIFY(two.x() < idle.x());
    QCOMPARE(map->idAt(two), u"ORD-00002"_s);

    // Every order placed by coordinates: the legend no longer says "by region".
    client.setQueryData(
        QueryKeys::orders(), QJsonArray { placed(order(1, u"north"_s, 60), 51.52, -0.10) });
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 1);
    QCOMPARE(map->placedByRegionCount(), 0);
    QCOMPARE(map->routeCount(), 0);
}

QTEST_MAIN(tst_MapPanel)
#include "tst_mappanel.moc"
