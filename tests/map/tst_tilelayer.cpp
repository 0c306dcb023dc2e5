#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "faketileserver.h"
#include "map/mbtilessource.h"
#include "map/tilelayer.h"
#include "map/xyztilesource.h"
#include "tilefixture.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

// Central London at zoom 13 (the demo's area).
const QList<TileId> kLondon { { 13, 4093, 2723 }, { 13, 4094, 2723 }, { 13, 4093, 2724 },
    { 13, 4094, 2724 } };

std::unique_ptr<TileLayer> xyzLayer(const FakeTileServer &server, const QString &cacheDir,
    std::chrono::milliseconds timeout = 5s, TileLayerTiming timing = {},
    qint64 cacheBytes = 50LL * 1024 * 1024)
{
    XyzTileSettings settings;
    settings.urlTemplate = server.urlTemplate();
    settings.attribution = u"© Test Streets"_s;
    settings.cacheDirectory = cacheDir;
    settings.cacheBytes = cacheBytes;
    settings.timeout = timeout;
    return std::make_unique<TileLayer>(std::make_unique<XyzTileSource>(settings), timing);
}

QImage fixture(const TileId &t)
{
    return QImage::fromData(TileFixture::png(t.z, t.x, t.y))
        .convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

class tst_TileLayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutSourceNothingIsConfigured();
    void templatesAreChecked();
    void fastServerDeliversTilesCachedOnDisk();
    void diskCacheStaysWithinItsBound();
    void failingServerFallsBackAndRecovers();
    void hangingServerTimesOutWhileTheLoopRuns();
    void slowServerIsWaitedFor();
    void mbtilesFileIsReadOffTheUiThreadWithRowsFlipped();
    void brokenMbtilesFileSaysWhy();
};

void tst_TileLayer::withoutSourceNothingIsConfigured()
{
    TileLayer layer(nullptr);
    QCOMPARE(layer.health(), TileLayer::Health::NotConfigured);
    layer.request(kLondon);
    QCOMPARE(layer.pendingCount(), 0);
    QVERIFY(!layer.tile(kLondon.first()));
}

void tst_TileLayer::templatesAreChecked()
{
    QCOMPARE(
        XyzTileSource::checkTemplate(u"https://tile.example.org/{z}/{x}/{y}.png"_s), QString());
    QVERIFY(
        XyzTileSource::checkTemplate(u"https://tile.example.org/{z}/{x}.png"_s).contains(u"{y}"_s));
    QVERIFY(!XyzTileSource::checkTemplate(u"ftp://tile.example.org/{z}/{x}/{y}.png"_s).isEmpty());
    XyzTileSettings settings;
    settings.urlTemplate = u"http://127.0.0.1:1/t/{z}/{x}/{y}@2x.png?k=1"_s;
    XyzTileSource source(settings);
    QCOMPARE(source.urlOf({ 13, 4093, 2723 }).toString(),
        u"http://127.0.0.1:1/t/13/4093/2723@2x.png?k=1"_s);
}

void tst_TileLayer::fastServerDeliversTilesCachedOnDisk()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    QTemporaryDir cache;
    auto layer = xyzLayer(server, cache.path());
    QCOMPARE(layer->health(), TileLayer::Health::Loading);
    QCOMPARE(layer->attribution(), u"© Test Streets"_s);
    layer->request(kLondon);
    QCOMPARE(layer->pendingCount(), 4);
    layer->request(kLondon); // asked for already: not again
    QCOMPARE(layer->pendingCount(), 4);
    QTRY_COMPARE(layer->pendingCount(), 0);
    QCOMPARE(server.requests(), 4);
    QCOMPARE(layer->health(), TileLayer::Health::Ok);
    for (const TileId &t : kLondon) {
        QVERIFY(layer->tile(t));
        QCOMPARE(*layer->tile(t), fixture(t)); // the right tile in the right place
    }
    // A tile outside the server's range (404) is "nothing there", not a failure.
    layer->request({ { 20, 1, 1 } });
    QTRY_VERIFY(layer->isEmpty({ 20, 1, 1 }));
    QCOMPARE(layer->health(), TileLayer::Health::Ok);
    const auto *source = static_cast<XyzTileSource *>(layer->source());
    QTRY_VERIFY(source->diskCacheBytes() > 0);

    // A restart with the server down: the tiles come from the disk cache.
    layer.reset();
    server.setMode(FakeTileServer::Mode::Failing);
    const int asked = server.requests();
    auto again = xyzLayer(server, cache.path());
    again->request(kLondon);
    QTRY_COMPARE(again->pendingCount(), 0);
    QCOMPARE(server.requests(), asked);
    QCOMPARE(again->health(), TileLayer::Health::Ok);
    QCOMPARE(*again->tile(kLondon.first()), fixture(kLondon.first()));
}

void tst_TileLayer::diskCacheStaysWithinItsBound()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    QTemporaryDir cache;
    const qint64 bound = 48 * 1024;
    auto layer = xyzLayer(server, cache.path(), 5s, {}, bound);
    QList<TileId> many;
    for (int x = 0; x < 6; ++x) {
        for (int y = 0; y < 6; ++y)
            many.append({ 15, 16370 + x, 10890 + y });
    }
    layer->request(many);
    QTRY_COMPARE(layer->pendingCount(), 0);
    const auto *source = static_cast<XyzTileSource *>(layer->source());
    // 36 tiles of several kB each are more than twice the bound: the cache evicted to stay
    // near it. QNetworkDiskCache expires when an insert takes it over the bound, so it may be
    // over by the one tile written after that.
    qint64 total = 0;
    qint64 largest = 0;
    for (const TileId &t : many) {
        const qint64 size = TileFixture::png(t.z, t.x, t.y).size();
        total += size;
        largest = std::max(largest, size);
    }
    QVERIFY2(total > 2 * bound, qPrintable(QString::number(total)));
    QVERIFY(source->diskCacheBytes() > 0);
    QVERIFY2(source->diskCacheBytes() <= bound + 2 * largest,
        qPrintable(u"%1 of %2"_s.arg(source->diskCacheBytes()).arg(bound)));
}

void tst_TileLayer::failingServerFallsBackAndRecovers()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    server.setMode(FakeTileServer::Mode::Failing);
    TileLayerTiming timing;
    timing.retryAfter = 1500ms; // longer than the checks below take on a loaded machine
    auto layer = xyzLayer(server, {}, 5s, timing);
    QSignalSpy health(layer.get(), &TileLayer::healthChanged);
    layer->request(kLondon);
    QTRY_COMPARE(layer->health(), TileLayer::Health::Failing);
    QCOMPARE(layer->failure(), u"HTTP 500"_s);
    QCOMPARE(health.size(), 1);
    // Failed tiles are not asked for again at once (no request storm on every repaint).
    QTRY_COMPARE(layer->pendingCount(), 0);
    const int asked = server.requests();
    layer->request(kLondon);
    QCOMPARE(layer->pendingCount(), 0);
    QCOMPARE(server.requests(), asked);
    // The server comes back: after retryAfter the tiles are asked for again and used.
    server.setMode(FakeTileServer::Mode::Fast);
    QTRY_VERIFY((layer->request(kLondon), layer->health() == TileLayer::Health::Ok));
    QTRY_VERIFY(layer->tile(kLondon.first()));
}

void tst_TileLayer::hangingServerTimesOutWhileTheLoopRuns()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    server.setMode(FakeTileServer::Mode::Hang);
    TileLayerTiming timing;
    timing.maxPending = 6;
    auto layer = xyzLayer(server, {}, 400ms, timing);
    // The event loop keeps turning while the server hangs: a 10 ms timer keeps firing.
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    QList<TileId> many;
    for (int x = 0; x < 10; ++x)
        many.append({ 14, 8180 + x, 5448 });
    layer->request(many);
    QCOMPARE(ticks, 0); // request() returned before any turn of the loop
    // Bounded: a hanging server cannot collect a request for every tile panned over.
    QCOMPARE(layer->pendingCount(), 6);
    QTRY_COMPARE(layer->health(), TileLayer::Health::Failing);
    QCOMPARE(layer->failure(), u"no answer within 0.4 s"_s);
    QVERIFY2(ticks >= 3, qPrintable(QString::number(ticks)));
}

void tst_TileLayer::slowServerIsWaitedFor()
{
    FakeTileServer server;
    QVERIFY(server.listen());
    server.setMode(FakeTileServer::Mode::Slow);
    server.setDelay(150ms);
    auto layer = xyzLayer(server, {}, 5s);
    layer->request({ kLondon.first() });
    QCOMPARE(layer->health(), TileLayer::Health::Loading);
    QTRY_COMPARE(layer->health(), TileLayer::Health::Ok);
    QVERIFY(layer->tile(kLondon.first()));
}

void tst_TileLayer::mbtilesFileIsReadOffTheUiThreadWithRowsFlipped()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"london.mbtiles"_s);
    QString error;
    QVERIFY2(TileFixture::writeMbTiles(
                 path, 51.49, -0.14, 51.52, -0.09, 12, 13, u"© Fixture Maps"_s, &error),
        qPrintable(error));
    auto source = std::make_unique<MbTilesSource>(path);
    // The metadata is read on the worker: zoom range and attribution follow.
    QSignalSpy metadata(source.get(), &TileSource::metadataChanged);
    QVERIFY(metadata.wait());
    QCOMPARE(source->minZoom(), 12);
    QCOMPARE(source->maxZoom(), 13);
    QCOMPARE(source->attribution(), u"© Fixture Maps"_s);
    QCOMPARE(source->name(), u"london.mbtiles"_s);
    TileLayer layer(std::move(source));
    const TileId inside { 13, 4093, 2724 }; // 51.49..51.52 N, -0.14..-0.09: Westminster
    layer.request({ inside, { 13, 100, 100 } });
    // Nothing was read on this thread: request() only queued the reads for the worker.
    QCOMPARE(layer.pendingCount(), 2);
    QVERIFY(!layer.tile(inside));
    QTRY_COMPARE(layer.pendingCount(), 0);
    QCOMPARE(layer.health(), TileLayer::Health::Ok);
    // The XYZ tile, read from its TMS row: the same picture the fixture draws for it.
    QVERIFY(layer.tile(inside));
    QCOMPARE(*layer.tile(inside), fixture(inside));
    QVERIFY(layer.isEmpty({ 13, 100, 100 })); // outside the file's area: nothing, no failure
    // An attribution given on the command line wins over the file's.
    MbTilesSource given(path, u"© Someone Else"_s);
    QCOMPARE(given.attribution(), u"© Someone Else"_s);
}

void tst_TileLayer::brokenMbtilesFileSaysWhy()
{
    QTemporaryDir dir;
    {
        TileLayer layer(std::make_unique<MbTilesSource>(dir.filePath(u"missing.mbtiles"_s)));
        QTRY_COMPARE(layer.health(), TileLayer::Health::Failing);
        QVERIFY2(layer.failure().contains(u"does not exist"_s), qPrintable(layer.failure()));
    }
    const QString notTiles = dir.filePath(u"notes.mbtiles"_s);
    QFile file(notTiles);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a database at all, just some text that is long enough to be read\n");
    file.close();
    TileLayer layer(std::make_unique<MbTilesSource>(notTiles));
    QTRY_COMPARE(layer.health(), TileLayer::Health::Failing);
    QVERIFY(!layer.failure().isEmpty());
    layer.request(kLondon); // a broken source is not asked
    QCOMPARE(layer.pendingCount(), 0);
}

QTEST_MAIN(tst_TileLayer)
#include "tst_tilelayer.moc"
