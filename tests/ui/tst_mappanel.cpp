#include <cmath>
#include <cstdio>

#include <QApplication>
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
    void driversWithoutAPositionAreNotDrawn();
    void staleDriversAreHollowWithTheirAgeAndBattery();
    void etaLinesGoToTheNextStop();
    void dragPansAndWheelZoomsAboutThePointer();
    void keysPanAndZoomBesideMarkerNavigation();
    void zoomToSelectionFitsTheDriversWayAndTrail();
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
    // ETA lines: DRV-002 to the drop-off of the order on board, DRV-001 to the drop-off of its
    // assigned order (no pickup position known: straight there).
    QCOMPARE(map->routeCount(), 2);

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

namespace {

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

//! Whether the pixels around \a at (within \a radius) include \a colour (±40 per channel).
bool hasColourNear(
    const QImage &image, QPoint at, const QColor &colour, int radius, int tolerance = 40)
{
    for (int dx = -radius; dx <= radius; ++dx) {
        for (int dy = -radius; dy <= radius; ++dy) {
            const QPoint p = at + QPoint(dx, dy);
            if (!image.rect().contains(p))
                continue;
            const QColor c = image.pixelColor(p);
            if (qAbs(c.red() - colour.red()) < tolerance
                && qAbs(c.green() - colour.green()) < tolerance
                && qAbs(c.blue() - colour.blue()) < tolerance)
                return true;
        }
    }
    return false;
}

} // namespace

void tst_MapPanel::driversWithoutAPositionAreNotDrawn()
{
    QueryClient client;
    QJsonObject fresh = driver(1, u"idle"_s, 51.50, -0.12, u"north"_s);
    fresh.insert("positionAt"_L1, iso(QDateTime::currentDateTimeUtc()));
    QJsonObject newDriver = driver(2, u"offline"_s, 0, 0, u"north"_s);
    newDriver.insert("lat"_L1, QJsonValue::Null);
    newDriver.insert("lon"_L1, QJsonValue::Null);
    newDriver.insert("positionAt"_L1, QJsonValue::Null);
    newDriver.insert("lastSeenAt"_L1, QJsonValue::Null);
    QJsonObject noFix = driver(3, u"idle"_s, 51.52, -0.10, u"north"_s);
    noFix.insert("positionAt"_L1, QJsonValue::Null);
    client.setQueryData(QueryKeys::drivers(), QJsonArray { fresh, newDriver, noFix });
    client.setQueryData(QueryKeys::orders(), QJsonArray {});
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.driversModel()->rowCount(), 3);
    MapView *map = panel.mapView();
    QCOMPARE(map->markerCount(), 1);
    QVERIFY(!map->screenPosOf(u"DRV-001"_s).isNull());
    QVERIFY(map->screenPosOf(u"DRV-002"_s).isNull()); // not at 0,0: not at all
    QVERIFY(map->screenPosOf(u"DRV-003"_s).isNull());
    // The fit is around London, not stretched to the Gulf of Guinea.
    QVERIFY(map->viewport().zoom() >= 12);
}

void tst_MapPanel::staleDriversAreHollowWithTheirAgeAndBattery()
{
    QueryClient client;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject fresh = driver(1, u"idle"_s, 51.50, -0.12, u"north"_s);
    fresh.insert("positionAt"_L1, iso(now.addSecs(-20)));
    fresh.insert("battery"_L1, 64);
    QJsonObject old = driver(2, u"idle"_s, 51.52, -0.08, u"north"_s);
    old.insert("positionAt"_L1, iso(now.addSecs(-7 * 60 - 5)));
    old.insert("battery"_L1, 12);
    client.setQueryData(QueryKeys::drivers(), QJsonArray { fresh, old });
    client.setQueryData(QueryKeys::orders(), QJsonArray {});
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.driversModel()->rowCount(), 2);
    MapView *map = panel.mapView();
    QCOMPARE(map->staleAfter(), std::chrono::seconds(120));
    QVERIFY(!map->isStale(u"DRV-001"_s));
    QVERIFY(map->isStale(u"DRV-002"_s));
    const QString tip = map->describe(u"DRV-002"_s);
    QVERIFY2(tip.contains(u"GPS 7 min old"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"Battery 12 % (low)"_s), qPrintable(tip));
    QVERIFY(!map->describe(u"DRV-001"_s).contains(u"GPS"_s));
    QVERIFY(map->describe(u"DRV-001"_s).contains(u"Battery 64 %"_s));
    // Hollow: the centre of the stale marker is the base colour, the fresh one is filled.
    const QImage image = map->grab().toImage();
    const QColor green = MapView::colorOf(MapView::Kind::DriverAvailable);
    const QColor base = map->palette().color(QPalette::Base);
    QVERIFY(hasColourNear(image, map->screenPosOf(u"DRV-001"_s).toPoint(), green, 0));
    QVERIFY(hasColourNear(image, map->screenPosOf(u"DRV-002"_s).toPoint(), base, 0));
    QVERIFY(hasColourNear(image, map->screenPosOf(u"DRV-002"_s).toPoint(), green, 5)); // its ring
    // The threshold is a setting: at 10 min the same fix is not stale.
    map->setStaleAfter(std::chrono::minutes(10));
    QVERIFY(!map->isStale(u"DRV-002"_s));
}

void tst_MapPanel::etaLinesGoToTheNextStop()
{
    QueryClient client;
    fill(client, 0);
    QJsonObject toCollect = order(1, u"north"_s, 60, u"assigned"_s);
    toCollect.insert("driverId"_L1, u"DRV-001"_s);
    toCollect.insert("pickupLat"_L1, 51.53);
    toCollect.insert("pickupLon"_L1, -0.16);
    toCollect.insert("lat"_L1, 51.47);
    toCollect.insert("lon"_L1, -0.05);
    const QDateTime eta = QDateTime::currentDateTimeUtc().addSecs(45 * 60);
    toCollect.insert("etaAt"_L1, iso(eta));
    toCollect.insert("etaEstimate"_L1, true);
    client.setQueryData(QueryKeys::orders(), QJsonArray { toCollect });
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 1);
    MapView *map = panel.mapView();
    QCOMPARE(map->routeCount(), 1);
    // The line runs to the pickup (51.53, -0.16), north-west of the driver (51.50, -0.12),
    // not to the drop-off south-east of it: a pixel of the route colour on the way there.
    map->setSelectedId(u"DRV-001"_s);
    const QImage image = map->grab().toImage();
    const QPointF from = map->screenPosOf(u"DRV-001"_s);
    const QPointF pickup = map->viewport().toScreen({ 51.53, -0.16 });
    const QColor busy = MapView::colorOf(MapView::Kind::DriverBusy);
    const QPointF mid = (from + pickup) / 2;
    QVERIFY(hasColourNear(image, mid.toPoint(), busy, 4, 64)); // dashed, a little translucent
    QVERIFY(hasColourNear(image, pickup.toPoint(), busy, 4)); // the stop's square
}

void tst_MapPanel::dragPansAndWheelZoomsAboutThePointer()
{
    QueryClient client;
    fill(client, 20);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 20);
    MapView *map = panel.mapView();
    QSignalSpy drivers(&panel, &DashPanel::driverActivated);
    QVERIFY(map->isFollowingData());

    // A drag that starts on a marker pans; it does not select.
    const QPointF before = map->screenPosOf(u"DRV-001"_s);
    const QPoint start = before.toPoint();
    QTest::mousePress(map, Qt::LeftButton, {}, start);
    QMouseEvent move(QEvent::MouseMove, QPointF(start + QPoint(40, 10)),
        map->mapToGlobal(QPointF(start + QPoint(40, 10))), Qt::NoButton, Qt::LeftButton, {});
    QApplication::sendEvent(map, &move);
    QMouseEvent move2(QEvent::MouseMove, QPointF(start + QPoint(90, 30)),
        map->mapToGlobal(QPointF(start + QPoint(90, 30))), Qt::NoButton, Qt::LeftButton, {});
    QApplication::sendEvent(map, &move2);
    QTest::mouseRelease(map, Qt::LeftButton, {}, start + QPoint(90, 30));
    QCOMPARE(drivers.size(), 0);
    QVERIFY(!map->isFollowingData());
    const QPointF after = map->screenPosOf(u"DRV-001"_s);
    QVERIFY(std::abs(after.x() - before.x() - 90) < 0.5);
    QVERIFY(std::abs(after.y() - before.y() - 30) < 0.5);

    // The wheel zooms in one step per notch about the pointer: what is under it stays there.
    const double distance = QLineF(after, map->screenPosOf(u"DRV-002"_s)).length();
    const double zoom = map->viewport().zoom();
    const QPointF pointer(200, 150);
    const LatLon under = map->viewport().toPosition(pointer);
    QWheelEvent wheel(pointer, map->mapToGlobal(pointer), {}, QPoint(0, 240), Qt::NoButton, {},
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(map, &wheel);
    QCOMPARE(map->viewport().zoom(), zoom + 2);
    const QPointF back = map->viewport().toScreen(under);
    QVERIFY(std::abs(back.x() - pointer.x()) < 1e-6 && std::abs(back.y() - pointer.y()) < 1e-6);
    // Markers follow the new view: two zoom steps, four times the distance between them.
    const double after2 =
        QLineF(map->screenPosOf(u"DRV-001"_s), map->screenPosOf(u"DRV-002"_s)).length();
    QVERIFY(std::abs(after2 - 4 * distance) < 1e-6);

    // A plain click still selects.
    QTest::mouseClick(map, Qt::LeftButton, {}, map->screenPosOf(u"DRV-002"_s).toPoint());
    QCOMPARE(drivers.size(), 1);
}

void tst_MapPanel::keysPanAndZoomBesideMarkerNavigation()
{
    QueryClient client;
    fill(client, 0);
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.driversModel()->rowCount(), 3);
    MapView *map = panel.mapView();
    map->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(map->hasFocus());
    const double zoom = map->viewport().zoom();
    QTest::keyClick(map, Qt::Key_Plus);
    QCOMPARE(map->viewport().zoom(), zoom + 1);
    QTest::keyClick(map, Qt::Key_Minus);
    QTest::keyClick(map, Qt::Key_Minus);
    QCOMPARE(map->viewport().zoom(), zoom - 1);
    // Ctrl+Left looks west: the content moves right by a quarter of the width.
    const QPointF before = map->screenPosOf(u"DRV-001"_s);
    const QString current = map->currentId();
    QTest::keyClick(map, Qt::Key_Left, Qt::ControlModifier);
    QVERIFY(std::abs(map->screenPosOf(u"DRV-001"_s).x() - before.x() - map->width() / 4.0) < 0.5);
    QCOMPARE(map->currentId(), current); // panning does not move the keyboard's marker
    QTest::keyClick(map, Qt::Key_Up, Qt::ControlModifier);
    QVERIFY(map->screenPosOf(u"DRV-001"_s).y() > before.y());
    // The plain arrows still move between markers.
    map->setCurrentId(u"DRV-003"_s); // south-west
    QTest::keyClick(map, Qt::Key_Up);
    QVERIFY(map->currentId() != u"DRV-003"_s);
    // 0: everything again, and following the data.
    QVERIFY(!map->isFollowingData());
    QTest::keyClick(map, Qt::Key_0);
    QVERIFY(map->isFollowingData());
    QCOMPARE(map->viewport().zoom(), zoom);
}

void tst_MapPanel::zoomToSelectionFitsTheDriversWayAndTrail()
{
    QueryClient client;
    fill(client, 0);
    QJsonObject carried = order(1, u"north"_s, 60, u"in_transit"_s);
    carried.insert("driverId"_L1, u"DRV-002"_s);
    carried.insert("lat"_L1, 51.545);
    carried.insert("lon"_L1, -0.07);
    client.setQueryData(QueryKeys::orders(), QJsonArray { carried });
    // DRV-002's breadcrumbs, in the cache as the server would answer them.
    QJsonArray points;
    for (int i = 0; i < 5; ++i)
        points.append(
            QJsonObject { { "at"_L1, iso(QDateTime::currentDateTimeUtc().addSecs(-600 + i * 60)) },
                { "lat"_L1, 51.535 + i * 0.001 }, { "lon"_L1, -0.09 + i * 0.002 },
                { "accuracyM"_L1, QJsonValue::Null }, { "speedKmh"_L1, QJsonValue::Null },
                { "bearing"_L1, QJsonValue::Null }, { "battery"_L1, QJsonValue::Null },
                { "source"_L1, u"osmand"_s } });
    client.setQueryData(QueryKeys::driverTrail(u"DRV-002"_s),
        QJsonObject {
            { "driverId"_L1, u"DRV-002"_s }, { "points"_L1, points }, { "truncated"_L1, false } });
    Workspace workspace(&client);
    MapPanel panel(&workspace);
    panel.resize(640, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_COMPARE(panel.ordersModel()->rowCount(), 1);
    MapView *map = panel.mapView();
    QVERIFY(!map->zoomToSelection()); // nothing selected
    panel.selectDriver(u"DRV-002"_s);
    QCOMPARE(map->trailPointCount(), 5);
    const double overview = map->viewport().zoom();
    QVERIFY(map->zoomToSelection());
    QVERIFY(map->viewport().zoom() > overview); // closer: only the driver's neighbourhood
    const QRect area = map->rect();
    QVERIFY(area.contains(map->screenPosOf(u"DRV-002"_s).toPoint()));
    QVERIFY(area.contains(map->screenPosOf(u"ORD-00001"_s).toPoint()));
    QVERIFY(area.contains(map->viewport().toScreen({ 51.535, -0.09 }).toPoint()));
    // DRV-001 (51.50, -0.12) is out of this view.
    QVERIFY(!area.contains(map->screenPosOf(u"DRV-001"_s).toPoint()));
    // Selecting an order drops the trail.
    panel.selectOrder(u"ORD-00001"_s);
    QCOMPARE(map->trailPointCount(), 0);
}

QTEST_MAIN(tst_MapPanel)
#include "tst_mappanel.moc"
