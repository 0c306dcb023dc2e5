// QrMatrix: the modules libqrencode makes, the image a scanner reads back, and a build without it.

#include <QTest>

#include "models/qrmatrix.h"
#include "qrdecoder.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_QrMatrix final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutLibqrencodeThereIsNoCode();
    void smallestVersionWithFinderPatterns();
    void imageIsBlackOnWhiteWithQuietZone();
    void tooMuchDataGivesNoCode();
    void scannerReadsBackWhatWasEncoded_data();
    void scannerReadsBackWhatWasEncoded();
    void clearForgetsTheModules();
};

void tst_QrMatrix::withoutLibqrencodeThereIsNoCode()
{
    if (QrMatrix::isAvailable())
        QSKIP("built with libqrencode (configure with -DOPS_QRENCODE=OFF to test without)");
    QVERIFY(QrMatrix::encode("HELLO").isNull());
    QVERIFY(QrMatrix().toImage(4).isNull());
}

void tst_QrMatrix::smallestVersionWithFinderPatterns()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    QVERIFY(QrMatrix::encode({}).isNull());
    const QrMatrix small = QrMatrix::encode("HELLO");
    QCOMPARE(small.size(), 21);
    QCOMPARE(small.version(), 1);
    QCOMPARE(small.sizeWithQuietZone(), 29);
    // The three finder patterns: a dark 7×7 ring, a light ring inside it, a dark 3×3 centre.
    for (const auto &[ox, oy] : { std::pair { 0, 0 }, { 14, 0 }, { 0, 14 } }) {
        for (int i = 0; i < 7; ++i) {
            QVERIFY(small.isDark(ox + i, oy) && small.isDark(ox + i, oy + 6));
            QVERIFY(small.isDark(ox, oy + i) && small.isDark(ox + 6, oy + i));
        }
        for (int i = 1; i < 6; ++i) {
            QVERIFY(!small.isDark(ox + i, oy + 1) && !small.isDark(ox + i, oy + 5));
            QVERIFY(!small.isDark(ox + 1, oy + i) && !small.isDark(ox + 5, oy + i));
        }
        for (int y = 2; y < 5; ++y) {
            for (int x = 2; x < 5; ++x)
                QVERIFY(small.isDark(ox + x, oy + y));
        }
    }
    // Outside the code is light.
    QVERIFY(!small.isDark(-1, 0) && !small.isDark(0, 21) && !small.isDark(21, 21));

    // More data, a larger version; more error correction, larger again.
    const QByteArray link(150, 'a');
    const QrMatrix m = QrMatrix::encode(link, QrMatrix::ErrorCorrection::Medium);
    const QrMatrix h = QrMatrix::encode(link, QrMatrix::ErrorCorrection::High);
    QVERIFY(m.version() > 1);
    QVERIFY2(
        h.version() > m.version(), qPrintable(u"%1 vs %2"_s.arg(h.version()).arg(m.version())));
    QCOMPARE(m.size(), 17 + 4 * m.version());
    QCOMPARE(QrMatrix::encode(link), m); // deterministic
}

void tst_QrMatrix::imageIsBlackOnWhiteWithQuietZone()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    const QrMatrix code = QrMatrix::encode("HELLO");
    QVERIFY(code.toImage(0).isNull());
    const QImage image = code.toImage(5);
    QCOMPARE(image.size(), QSize(29 * 5, 29 * 5));
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const int mx = x / 5 - QrMatrix::QuietZone;
            const int my = y / 5 - QrMatrix::QuietZone;
            const QRgb expected = code.isDark(mx, my) ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
            if (image.pixel(x, y) != expected)
                QFAIL(qPrintable(u"pixel %1,%2 (module %3,%4)"_s.arg(x).arg(y).arg(mx).arg(my)));
        }
    }
    // The quiet zone: four light modules all round, then the finder's dark corner.
    QCOMPARE(image.pixel(19, 19), qRgb(255, 255, 255));
    QCOMPARE(image.pixel(20, 20), qRgb(0, 0, 0));
}

void tst_QrMatrix::tooMuchDataGivesNoCode()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    // Version 40 at level M holds 2331 bytes.
    QVERIFY(!QrMatrix::encode(QByteArray(2331, 'x')).isNull());
    QCOMPARE(QrMatrix::encode(QByteArray(2331, 'x')).version(), 40);
    QVERIFY(QrMatrix::encode(QByteArray(2332, 'x')).isNull());
}

void tst_QrMatrix::scannerReadsBackWhatWasEncoded_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("moduleSize");
    QTest::newRow("word, L, 3 px")
        << QByteArray("HELLO") << int(QrMatrix::ErrorCorrection::Low) << 3;
    QTest::newRow("configuration link, M, 4 px")
        << QByteArray("org.traccar.client://?url=https%3A%2F%2Fops.example.com%3A8443%2Fapi%2F"
                      "osmand&id=9wv2g9vnm069454g82983vgykh&interval=30&distance=0&angle=0&"
                      "accuracy=high&buffer=true")
        << int(QrMatrix::ErrorCorrection::Medium) << 4;
    QTest::newRow("UTF-8, Q, 2 px") << u"Fahrer Jürgen – Großstraße"_s.toUtf8()
                                    << int(QrMatrix::ErrorCorrection::Quartile) << 2;
    QTest::newRow("long, H, 3 px")
        << QByteArray(600, 'k') << int(QrMatrix::ErrorCorrection::High) << 3;
}

void tst_QrMatrix::scannerReadsBackWhatWasEncoded()
{
    QFETCH(QByteArray, data);
    QFETCH(int, level);
    QFETCH(int, moduleSize);
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    OPS_REQUIRE_QR_DECODER();
    const QrMatrix code = QrMatrix::encode(data, QrMatrix::ErrorCorrection(level));
    QVERIFY(!code.isNull());
    QString error;
    const QStringList texts = QrDecoder::decode(code.toImage(moduleSize), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(texts, QStringList { QString::fromUtf8(data) });

    // Without its quiet zone the same code is not found: the border is not decoration.
    const QImage full = code.toImage(moduleSize);
    const int zone = QrMatrix::QuietZone * moduleSize;
    QImage cropped = full.copy(zone, zone, full.width() - 2 * zone, full.height() - 2 * zone);
    QImage onBlack(full.size(), QImage::Format_Grayscale8);
    onBlack.fill(Qt::black);
    for (int y = 0; y < cropped.height(); ++y) {
        for (int x = 0; x < cropped.width(); ++x)
            onBlack.setPixel(zone + x, zone + y, cropped.pixel(x, y));
    }
    QCOMPARE(QrDecoder::decode(onBlack, &error), QStringList {});
}

void tst_QrMatrix::clearForgetsTheModules()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    QrMatrix code = QrMatrix::encode("secret-key");
    QVERIFY(!code.isNull());
    code.clear();
    QVERIFY(code.isNull());
    QCOMPARE(code.size(), 0);
    QVERIFY(!code.isDark(0, 0));
    QVERIFY(code.toImage(4).isNull());
}

QTEST_MAIN(tst_QrMatrix)
#include "tst_qrmatrix.moc"
