#include <cmath>
#include <cstdio>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
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
    void placedOrdersStayWhereTheyWereDrawn();
    void markersAreReachableByKeyboard();
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

    // A click lands on a whole pixel: judge what is hit there, not at the marker's exact centre.
    const QPoint at = map->screenPosOf(u"DRV-002"_s).toPoint();
    QVERIFY(map->rect().contains(at));
    QCOMPARE(map->idAt(at), u"DRV-002"_s);
    QTest::mouseClick(map, Qt::LeftButton, {}, at);
    QCOMPARE(drivers.size(), 1);
    QCOMPARE(drivers.first().at(0).toString(), u"DRV-002"_s);
    QCOMPARE(map->selectedId(), u"DRV-002"_s);

    // An order away from every driver (and from other orders) at the pixel that is clicked.
    QString orderId;
    QPoint orderAt;
    for (int i = 1; i <= 60 && orderId.isEmpty(); ++i) {
        const QString id = u"ORD-%1"_s.arg(i, 5, 10, QChar(u'0'));
        const QPoint p = map->screenPosOf(id).toPoint();
        if (map->idAt(p) == id) {
            orderId = id;
            orderAt = p;
        }
    }
    QVERIFY(!orderId.isEmpty());
    QTest::mouseClick(map, Qt::LeftButton, {}, orderAt);
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

void tst_MapPanel::placedOrdersStayWhereTheyWereDrawn()
{
    // Orders without coordinates are spread around their region by a hash of the id: the same
    // in every process (qHash is seeded per process, which once made a test click a neighbour).
    QueryClient client;
    fill(client, 30);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 30);
    QCOMPARE(panel.mapView()->placedByRegionCount(), 30);
    const QPointF placed = panel.mapView()->screenPosOf(u"ORD-00007"_s);
    // The position a different process computed for the same data (fixed: stable hash).
    QProcess other;
    other.setProgram(QCoreApplication::applicationFilePath());
    other.setArguments({ u"placedOrdersStayWhereTheyWereDrawn"_s });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"OPS_PRINT_POSITION"_s, u"1"_s);
    other.setProcessEnvironment(env);
    if (qEnvironmentVariableIsSet("OPS_PRINT_POSITION")) {
        std::printf("POSITION %.3f %.3f\n", placed.x(), placed.y());
        return;
    }
    other.start();
    QVERIFY(other.waitForFinished(30000));
    const QString out = QString::fromUtf8(other.readAllStandardOutput());
    static const QRegularExpression position(u"POSITION (\\S+) (\\S+)"_s);
    const auto match = position.match(out);
    QVERIFY2(match.hasMatch(), qPrintable(out));
    QCOMPARE(match.captured(1).toDouble(), std::round(placed.x() * 1000) / 1000);
    QCOMPARE(match.captured(2).toDouble(), std::round(placed.y() * 1000) / 1000);
}

void tst_MapPanel::markersAreReachableByKeyboard()
{
    QueryClient client;
    fill(client, 0);
    const auto at = [](QJsonObject o, double lat, double lon) {
        o.insert("lat"_L1, lat);
        o.insert("lon"_L1, lon);
        return o;
    };
    // Drivers at 51.50/-0.12 (DRV-001), 51.54/-0.08 (DRV-002), 51.46/-0.20 (DRV-003); orders
    // east and west of DRV-001.
    client.setQueryData(QueryKeys::orders(),
        QJsonArray { at(order(1, u"north"_s, 60), 51.50, -0.10),
            at(order(2, u"north"_s, -30), 51.50, -0.15) });
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 2);
    MapView *map = panel.mapView();
    QCOMPARE(map->focusPolicy(), Qt::StrongFocus);
    QCOMPARE(map->accessibleName(), u"Map"_s);
    QSignalSpy orders(&panel, &DashPanel::orderActivated);
    QSignalSpy drivers(&panel, &DashPanel::driverActivated);

    map->clearFocus(); // the dispatcher works in another panel and picks a driver there
    panel.selectDriver(u"DRV-001"_s);
    map->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(map->hasFocus());
    QCOMPARE(map->currentId(), u"DRV-001"_s); // the keyboard starts at the selection
    QVERIFY(map->accessibleDescription().contains(u"Driver 1"_s));

    QTest::keyClick(map, Qt::Key_Right); // nearest marker to the east: ORD-00001
    QCOMPARE(map->currentId(), u"ORD-00001"_s);
    QVERIFY(map->accessibleDescription().contains(u"ORD-00001"_s));
    QTest::keyClick(map, Qt::Key_Left); // back west: DRV-001 is the nearest
    QCOMPARE(map->currentId(), u"DRV-001"_s);
    QTest::keyClick(map, Qt::Key_Left);
    QCOMPARE(map->currentId(), u"ORD-00002"_s);
    QTest::keyClick(map, Qt::Key_Up); // DRV-002 is north (and east): the only one up there
    QCOMPARE(map->currentId(), u"DRV-002"_s);
    QCOMPARE(orders.size() + drivers.size(), 0); // moving is not choosing

    QTest::keyClick(map, Qt::Key_Return);
    QCOMPARE(drivers.size(), 1);
    QCOMPARE(drivers.first().first().toString(), u"DRV-002"_s);
    QCOMPARE(map->selectedId(), u"DRV-002"_s);

    // Page Down walks every marker in reading order and comes round again.
    QSet<QString> visited;
    for (int i = 0; i < map->markerCount(); ++i) {
        QTest::keyClick(map, Qt::Key_PageDown);
        visited.insert(map->currentId());
    }
    QCOMPARE(visited.size(), map->markerCount());
    QTest::keyClick(map, Qt::Key_End);
    const QString last = map->currentId();
    QTest::keyClick(map, Qt::Key_PageDown);
    QTest::keyClick(map, Qt::Key_PageUp);
    QCOMPARE(map->currentId(), last);

    map->setCurrentId(u"ORD-00002"_s);
    QTest::keyClick(map, Qt::Key_Space);
    QCOMPARE(orders.size(), 1);
    QCOMPARE(orders.first().first().toString(), u"ORD-00002"_s);
    QTest::keyClick(map, Qt::Key_Escape);
    QCOMPARE(map->currentId(), QString());
    const QString dir = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        map->setCurrentId(u"ORD-00001"_s);
        panel.grab().save(dir + u"/mappanel-keyboard.png"_s);
    }
}

QTEST_MAIN(tst_MapPanel)
#include "tst_mappanel.moc"
