// The map's street basemap in the widget: tiles from a tile server on loopback the test starts
// (fast, failing, hanging) and from an MBTiles file the test writes, the schematic fallback and
// the notice that says why it shows. OPS_SCREENSHOT_DIR=<dir> saves the map with streets.

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include "faketileserver.h"
#include "keys/querykeys.h"
#include "map/mbtilessource.h"
#include "map/tilelayer.h"
#include "map/xyztilesource.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"
#include "query/queryclient.h"
#include "tilefixture.h"
#include "ui/mappanel.h"
#include "ui/mapview.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

QJsonObject driver(const QString &id, const QString &name, const QString &status, double lat,
    double lon, int fixAgeSeconds = 10, int battery = 80)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return { { "id"_L1, id }, { "name"_L1, name }, { "region"_L1, u"north"_s },
        { "status"_L1, status }, { "lat"_L1, lat }, { "lon"_L1, lon },
        { "lastSeenAt"_L1, iso(now.addSecs(-std::min(fixAgeSeconds, 30))) },
        { "positionAt"_L1, iso(now.addSecs(-fixAgeSeconds)) }, { "battery"_L1, battery },
        { "positionSource"_L1, u"osmand"_s }, { "version"_L1, 1 } };
}

QJsonObject order(int n, const QString &status, double lat, double lon, int dueInMinutes,
    const QString &driverId = {}, std::optional<std::pair<double, double>> pickup = {})
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject o { { "id"_L1, u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0')) },
        { "customer"_L1, u"Customer %1"_s.arg(n) }, { "region"_L1, u"north"_s },
        { "pickup"_L1, u"Depot"_s }, { "dropoff"_L1, u"Street %1"_s.arg(n) },
        { "status"_L1, status }, { "amountCents"_L1, 1000 },
        { "dueAt"_L1, iso(now.addSecs(60 * dueInMinutes)) }, { "updatedAt"_L1, iso(now) },
        { "lat"_L1, lat }, { "lon"_L1, lon }, { "version"_L1, 1 } };
    if (!driverId.isEmpty()) {
        o.insert("driverId"_L1, driverId);
        o.insert("etaAt"_L1, iso(now.addSecs(60 * (dueInMinutes + 4))));
        o.insert("etaEstimate"_L1, true);
    }
    if (pickup) {
        o.insert("pickupLat"_L1, pickup->first);
        o.insert("pickupLon"_L1, pickup->second);
    }
    return o;
}

//! A small scene around Camden and Islington.
void fill(QueryClient &client)
{
    client.setQueryData(QueryKeys::drivers(),
        QJsonArray { driver(u"DRV-001"_s, u"Ava Costa"_s, u"en_route"_s, 51.5390, -0.1426),
            driver(u"DRV-002"_s, u"Ben Okafor"_s, u"idle"_s, 51.5465, -0.1030),
            driver(u"DRV-003"_s, u"Chloe Martin"_s, u"en_route"_s, 51.5290, -0.1180),
            driver(u"DRV-004"_s, u"Dev Patel"_s, u"idle"_s, 51.5335, -0.0880, 7 * 60, 11),
            driver(u"DRV-005"_s, u"Ewa Nowak"_s, u"offline"_s, 51.5520, -0.1310, 3600) });
    client.setQueryData(QueryKeys::orders(),
        QJsonArray { order(1, u"in_transit"_s, 51.5478, -0.1250, 25, u"DRV-001"_s),
            order(2, u"assigned"_s, 51.5215, -0.0975, 40, u"DRV-003"_s,
                std::pair { 51.5330, -0.1060 }),
            order(3, u"new"_s, 51.5410, -0.0960, -12), order(4, u"new"_s, 51.5262, -0.1350, 55),
            order(5, u"new"_s, 51.5500, -0.1120, 70), order(6, u"new"_s, 51.5360, -0.1230, -5),
            order(7, u"assigned"_s, 51.5440, -0.0910, 35, u"DRV-002"_s),
            order(8, u"new"_s, 51.5230, -0.1140, 90), order(9, u"new"_s, 51.5380, -0.1050, 20) });
}

//! The share of \a image's pixels that have the fixture's land colour (no tiles: none).
double landShare(const QImage &image)
{
    const QColor land(0xf2, 0xef, 0xe9);
    qint64 count = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            count += image.pixelColor(x, y) == land ? 1 : 0;
    }
    return double(count) / (double(image.width() / 2) * (image.height() / 2));
}

std::unique_ptr<TileLayer> serverLayer(const FakeTileServer &server,
    std::chrono::milliseconds timeout = 5s, const QString &attribution = u"© Test Streets"_s)
{
    XyzTileSettings settings;
    settings.urlTemplate = server.urlTemplate();
    settings.attribution = attribution;
    settings.timeout = timeout;
    return std::make_unique<TileLayer>(std::make_unique<XyzTileSource>(settings));
}

} // namespace

class tst_MapBasemap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutTileSourceTheSchematicSaysSo();
    void tilesFromALoopbackServerAreDrawn();
    void failingServerShowsTheSchematicAndWhy();
    void hangingServerNeverHoldsUpAPaint();
    void mbtilesFileUnderTheMap();

private:
    //! A map of the scene over \a layer, shown.
    struct Fixture
    {
        QueryClient client;
        std::unique_ptr<Workspace> workspace;
        std::unique_ptr<MapPanel> panel;
    };
    static std::unique_ptr<Fixture> open(TileLayer *layer, QSize size = { 640, 480 });
};

std::unique_ptr<tst_MapBasemap::Fixture> tst_MapBasemap::open(TileLayer *layer, QSize size)
{
    auto f = std::make_unique<Fixture>();
    fill(f->client);
    f->workspace = std::make_unique<Workspace>(&f->client);
    f->panel = std::make_unique<MapPanel>(f->workspace.get());
    f->panel->setTileLayer(layer);
    f->panel->resize(size);
    f->panel->show();
    return f;
}

void tst_MapBasemap::withoutTileSourceTheSchematicSaysSo()
{
    auto f = open(nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(f->panel.get()));
    MapView *map = f->panel->mapView();
    QVERIFY2(map->basemapNotice().contains(u"no tile source configured"_s),
        qPrintable(map->basemapNotice()));
    // The app's layer without --tiles or --mbtiles: the same.
    TileLayer none(nullptr);
    map->setTileLayer(&none);
    QVERIFY(map->basemapNotice().contains(u"no tile source configured"_s));
    QCOMPARE(landShare(map->grab().toImage()), 0.0);
}

void tst_MapBasemap::tilesFromALoopbackServerAreDrawn()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    auto layer = serverLayer(server);
    auto f = open(layer.get());
    QVERIFY(QTest::qWaitForWindowExposed(f->panel.get()));
    MapView *map = f->panel->mapView();
    QTRY_COMPARE(f->panel->ordersModel()->rowCount(), 9);
    // The first paint asks for the visible tiles; they arrive and are drawn.
    QTRY_VERIFY(server.requests() > 0);
    QTRY_COMPARE(layer->pendingCount(), 0);
    QCOMPARE(layer->health(), TileLayer::Health::Ok);
    QCOMPARE(map->basemapNotice(), QString());
    // Fitted at a quarter step (tiles scaled by at most 1.19); at a whole zoom they are drawn
    // pixel for pixel.
    const double fitted = map->viewport().zoom();
    QCOMPARE(fitted * 4, std::floor(fitted * 4));
    map->zoomBy(std::round(fitted) - fitted);
    QTRY_VERIFY((map->grab(), layer->pendingCount() == 0));
    const QImage image = map->grab().toImage();
    QVERIFY2(landShare(image) > 0.1, qPrintable(QString::number(landShare(image))));
    // Pixel for pixel: a point clear of markers and overlays shows the tile's own pixel.
    const QPoint probe(map->width() / 2 + 3, map->height() - 60);
    const MapViewport &view = map->viewport();
    const int z = view.tileZoom();
    for (const TileId &t : view.visibleTiles(z)) {
        const QRectF r = view.tileRect(t);
        if (r.contains(probe)) {
            const QImage tile = QImage::fromData(TileFixture::png(t.z, t.x, t.y));
            QCOMPARE(image.pixelColor(probe), tile.pixelColor(probe - r.topLeft().toPoint()));
        }
    }
    // Zooming in asks for the tiles of the next zoom.
    const int before = server.requests();
    map->zoomBy(1);
    map->grab();
    QTRY_VERIFY(server.requests() > before);
    QVERIFY(server.lastPath().startsWith(u"/%1/"_s.arg(z + 1)));
}

void tst_MapBasemap::failingServerShowsTheSchematicAndWhy()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    server.setMode(FakeTileServer::Mode::Failing);
    auto layer = serverLayer(server);
    auto f = open(layer.get());
    QVERIFY(QTest::qWaitForWindowExposed(f->panel.get()));
    MapView *map = f->panel->mapView();
    QTRY_COMPARE(layer->health(), TileLayer::Health::Failing);
    const QString notice = map->basemapNotice();
    QVERIFY2(notice.contains(u"127.0.0.1"_s) && notice.contains(u"HTTP 500"_s), qPrintable(notice));
    QCOMPARE(landShare(map->grab().toImage()), 0.0);
    // The markers are all still there.
    QCOMPARE(map->markerCount(), 14);
}

void tst_MapBasemap::hangingServerNeverHoldsUpAPaint()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    server.setMode(FakeTileServer::Mode::Hang);
    auto layer = serverLayer(server, 3000ms);
    auto f = open(layer.get());
    QVERIFY(QTest::qWaitForWindowExposed(f->panel.get()));
    MapView *map = f->panel->mapView();
    QTRY_VERIFY(server.requests() > 0);
    // Paints while every tile request hangs: none waits for a tile (one that did would take the
    // 3 s timeout).
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 5; ++i) {
        map->zoomBy(i % 2 ? -1 : 1); // new tiles to ask for at every other paint
        map->grab();
    }
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    // Then the timeout: the schematic, saying why.
    QTRY_COMPARE_WITH_TIMEOUT(layer->health(), TileLayer::Health::Failing, 10000);
    QVERIFY2(
        map->basemapNotice().contains(u"no answer within 3 s"_s), qPrintable(map->basemapNotice()));
}

void tst_MapBasemap::mbtilesFileUnderTheMap()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"camden.mbtiles"_s);
    QString error;
    QVERIFY2(TileFixture::writeMbTiles(path, 51.505, -0.175, 51.565, -0.06, 12, 15,
                 u"Streets: Opsboard test fixture"_s, &error),
        qPrintable(error));
    TileLayer layer(std::make_unique<MbTilesSource>(path));
    auto f = open(&layer, { 900, 640 });
    QVERIFY(QTest::qWaitForWindowExposed(f->panel.get()));
    MapView *map = f->panel->mapView();
    QTRY_COMPARE(f->panel->ordersModel()->rowCount(), 9);
    QTRY_VERIFY(
        (map->grab(), layer.health() == TileLayer::Health::Ok && layer.pendingCount() == 0));
    QCOMPARE(map->basemapNotice(), QString());
    QTRY_VERIFY(landShare(map->grab().toImage()) > 0.1);

    // What a dispatcher looks at: Ava's trail and ETA, Dev's phone silent for 7 minutes.
    QJsonArray points;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const double trail[][2] = { { 51.5262, -0.1350 }, { 51.5290, -0.1395 }, { 51.5318, -0.1410 },
        { 51.5345, -0.1418 }, { 51.5368, -0.1430 }, { 51.5390, -0.1426 } };
    for (int i = 0; i < 6; ++i)
        points.append(
            QJsonObject { { "at"_L1, iso(now.addSecs(-300 + i * 60)) }, { "lat"_L1, trail[i][0] },
                { "lon"_L1, trail[i][1] }, { "accuracyM"_L1, QJsonValue::Null },
                { "speedKmh"_L1, QJsonValue::Null }, { "bearing"_L1, QJsonValue::Null },
                { "battery"_L1, QJsonValue::Null }, { "source"_L1, u"osmand"_s } });
    f->client.setQueryData(QueryKeys::driverTrail(u"DRV-001"_s),
        QJsonObject {
            { "driverId"_L1, u"DRV-001"_s }, { "points"_L1, points }, { "truncated"_L1, false } });
    f->panel->selectDriver(u"DRV-001"_s);
    QCOMPARE(map->trailPointCount(), 6);
    QVERIFY(map->isStale(u"DRV-004"_s));
    QCOMPARE(map->routeCount(), 3);
    const QString dir2 = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
    if (!dir2.isEmpty()) {
        f->panel->setFreshness(true, QDateTime::currentDateTimeUtc());
        map->clearFocus(); // the dispatcher's keyboard is in the orders table
        QTRY_VERIFY((map->grab(), layer.pendingCount() == 0));
        f->panel->grab().save(dir2 + u"/map-streets.png"_s);
        // The demo's area, for `opsboard --demo --mbtiles <dir>/london.mbtiles`.
        if (qEnvironmentVariableIsSet("OPS_WRITE_LONDON_MBTILES"))
            QVERIFY(TileFixture::writeMbTiles(dir2 + u"/london.mbtiles"_s, 51.44, -0.25, 51.57,
                -0.02, 10, 14, u"Streets: Opsboard test fixture"_s));
    }
}

QTEST_MAIN(tst_MapBasemap)
#include "tst_mapbasemap.moc"
