#include <cmath>

#include <QTest>

#include "map/mapviewport.h"
#include "map/webmercator.h"

using namespace Ops;

class tst_MapViewport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projectionMatchesKnownTiles();
    void projectionRoundTrips();
    void mbtilesRowsAreFlipped();
    void screenFollowsCompassAndZoom();
    void panMovesTheContentWithTheDrag();
    void zoomKeepsTheAnchorInPlace();
    void fitShowsTheWholeBoxAtTheLargestZoom();
    void visibleTilesCoverTheView();
};

void tst_MapViewport::projectionMatchesKnownTiles()
{
    // Central London (51.5, -0.12) is OSM tile 10/511/340 (as any XYZ server numbers it), and
    // Null Island is the world's centre.
    const QPointF world = WebMercator::toWorld({ 51.5, -0.12 });
    QCOMPARE(int(world.x() * 1024), 511);
    QCOMPARE(int(world.y() * 1024), 340);
    QCOMPARE(WebMercator::toWorld({ 0, 0 }), QPointF(0.5, 0.5));
    // The edges: 180° W is x 0, the projection's latitude limit is y 0 and clamped beyond.
    QCOMPARE(WebMercator::toWorld({ 0, -180 }).x(), 0.0);
    QVERIFY(std::abs(WebMercator::toWorld({ WebMercator::kMaxLatitude, 0 }).y()) < 1e-9);
    QCOMPARE(WebMercator::toWorld({ 89.9, 0 }), WebMercator::toWorld({ 90, 0 }));
    // At zoom 0 the equator is 156 km per pixel; at 51.5° N, zoom 16, ~1.487 m (2.387 m ×
    // cos 51.5°).
    QVERIFY(std::abs(WebMercator::metresPerPixel(0, 0) - 156543.03) < 0.1);
    QVERIFY(std::abs(WebMercator::metresPerPixel(51.5, 16) - 1.487) < 0.001);
}

void tst_MapViewport::projectionRoundTrips()
{
    for (const LatLon p : { LatLon { 51.5074, -0.1278 }, LatLon { -33.8688, 151.2093 },
             LatLon { 0, 0 }, LatLon { 64.1466, -21.9426 } }) {
        const LatLon back = WebMercator::fromWorld(WebMercator::toWorld(p));
        QVERIFY(std::abs(back.lat - p.lat) < 1e-9);
        QVERIFY(std::abs(back.lon - p.lon) < 1e-9);
    }
}

void tst_MapViewport::mbtilesRowsAreFlipped()
{
    QCOMPARE(WebMercator::tmsRow(0, 0), 0);
    QCOMPARE(WebMercator::tmsRow(1, 0), 1); // the northern row of zoom 1 is TMS row 1
    QCOMPARE(WebMercator::tmsRow(16, 21794), 65536 - 1 - 21794);
}

void tst_MapViewport::screenFollowsCompassAndZoom()
{
    MapViewport view;
    view.setSize({ 800, 600 });
    view.setCentre({ 51.5, -0.12 });
    view.setZoom(14);
    QCOMPARE(view.toScreen({ 51.5, -0.12 }), QPointF(400, 300));
    const QPointF north = view.toScreen({ 51.51, -0.12 });
    const QPointF east = view.toScreen({ 51.5, -0.11 });
    QVERIFY(north.y() < 300);
    QCOMPARE(north.x(), 400.0);
    QVERIFY(east.x() > 400);
    QCOMPARE(east.y(), 300.0);
    // One zoom step doubles distances on screen.
    const double before = east.x() - 400;
    view.setZoom(15);
    QVERIFY(std::abs((view.toScreen({ 51.5, -0.11 }).x() - 400) - 2 * before) < 1e-6);
    // toPosition is the inverse.
    const LatLon back = view.toPosition(view.toScreen({ 51.52, -0.09 }));
    QVERIFY(std::abs(back.lat - 51.52) < 1e-9);
    QVERIFY(std::abs(back.lon + 0.09) < 1e-9);
    // The zoom is bounded.
    view.setZoom(40);
    QCOMPARE(view.zoom(), MapViewport::kMaxZoom);
    view.setZoom(-3);
    QCOMPARE(view.zoom(), MapViewport::kMinZoom);
}

void tst_MapViewport::panMovesTheContentWithTheDrag()
{
    MapViewport view;
    view.setSize({ 800, 600 });
    view.setCentre({ 51.5, -0.12 });
    view.setZoom(14);
    const QPointF before = view.toScreen({ 51.51, -0.1 });
    view.panBy(QPointF(120, -40)); // dragged right and up
    const QPointF after = view.toScreen({ 51.51, -0.1 });
    QVERIFY(std::abs(after.x() - before.x() - 120) < 1e-6);
    QVERIFY(std::abs(after.y() - before.y() + 40) < 1e-6);
    QVERIFY(view.centre().lon < -0.12); // what is west came into view
    QVERIFY(view.centre().lat < 51.5); // what is south came into view
}

void tst_MapViewport::zoomKeepsTheAnchorInPlace()
{
    MapViewport view;
    view.setSize({ 800, 600 });
    view.setCentre({ 51.5, -0.12 });
    view.setZoom(13);
    const QPointF anchor(650, 120);
    const LatLon under = view.toPosition(anchor);
    view.zoomBy(1.5, anchor);
    QCOMPARE(view.zoom(), 14.5);
    const QPointF now = view.toScreen(under);
    QVERIFY(std::abs(now.x() - anchor.x()) < 1e-6);
    QVERIFY(std::abs(now.y() - anchor.y()) < 1e-6);
    view.zoomBy(-2, anchor);
    QCOMPARE(view.zoom(), 12.5);
    QVERIFY(std::abs(view.toScreen(under).x() - anchor.x()) < 1e-6);
}

void tst_MapViewport::fitShowsTheWholeBoxAtTheLargestZoom()
{
    MapViewport view;
    view.setSize({ 800, 600 });
    const LatLon sw { 51.45, -0.24 };
    const LatLon ne { 51.56, -0.03 };
    const QMarginsF margins(24, 24, 180, 24);
    view.fit(sw, ne, margins);
    const QRectF area = QRectF(QPointF(0, 0), view.size()).marginsRemoved(margins);
    const QPointF a = view.toScreen(sw);
    const QPointF b = view.toScreen(ne);
    const QRectF box = QRectF(a, b).normalized();
    QVERIFY(area.adjusted(-1e-6, -1e-6, 1e-6, 1e-6).contains(box));
    // Tight on one axis: a larger zoom would not fit.
    QVERIFY(std::abs(box.width() - area.width()) < 1e-6
        || std::abs(box.height() - area.height()) < 1e-6);
    // Centred in the area left by the uneven margins.
    QVERIFY(std::abs(box.center().x() - area.center().x()) < 1e-6);
    QVERIFY(std::abs(box.center().y() - area.center().y()) < 1e-6);
    // A single point is not zoomed in to the street corner beyond maxZoom.
    view.fit({ 51.5, -0.1 }, { 51.5, -0.1 }, margins, 16);
    QCOMPARE(view.zoom(), 16.0);
}

void tst_MapViewport::visibleTilesCoverTheView()
{
    MapViewport view;
    view.setSize({ 800, 600 });
    view.setCentre({ 51.5055, -0.0754 });
    view.setZoom(16.2);
    const int z = view.tileZoom();
    QCOMPARE(z, 16);
    QCOMPARE(view.tileZoom(0, 15), 15); // a source without zoom 16
    const QList<TileId> tiles = view.visibleTiles(z);
    // Nearest first: the centre's tile.
    QCOMPARE(tiles.first(), (TileId { 16, 32754, 21792 })); // Tower Bridge's
    // Their rectangles cover every pixel of the view, and each one overlaps it.
    QRegion covered;
    for (const TileId &t : tiles) {
        const QRectF r = view.tileRect(t);
        QVERIFY(r.intersects(QRectF(0, 0, 800, 600)));
        QVERIFY(std::abs(r.width() - 256 * std::exp2(0.2)) < 1e-6);
        covered += r.toAlignedRect();
    }
    QVERIFY(covered.contains(QRect(0, 0, 800, 600)));
    QCOMPARE(QRegion(QRect(0, 0, 800, 600)).subtracted(covered), QRegion());
}

QTEST_GUILESS_MAIN(tst_MapViewport)
#include "tst_mapviewport.moc"
