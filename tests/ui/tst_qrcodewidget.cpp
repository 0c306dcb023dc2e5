// QrCodeWidget: crisp whole-pixel modules with the quiet zone, black on white under any palette,
// growing with the space it gets, and readable by a scanner off the painted widget.

#include <QApplication>
#include <QTest>

#include "models/qrmatrix.h"
#include "qrdecoder.h"
#include "ui/darkpalette.h"
#include "ui/qrcodewidget.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QByteArray kLink = "org.traccar.client://?url=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fosmand"
                         "&id=9wv2g9vnm069454g82983vgykh&interval=30&distance=0&angle=0"
                         "&accuracy=high&buffer=true";

//! Every pixel of \a image inside \a rect is pure black or pure white, and the module grid of
//! \a code at \a module pixels per module is what is painted there.
QString compareWithMatrix(const QImage &image, const QRect &rect, const QrMatrix &code, int module)
{
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const int mx = (x - rect.left()) / module - QrMatrix::QuietZone;
            const int my = (y - rect.top()) / module - QrMatrix::QuietZone;
            const QRgb expected = code.isDark(mx, my) ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
            if ((image.pixel(x, y) & 0xffffff) != (expected & 0xffffff))
                return u"pixel %1,%2 (module %3,%4) is %5"_s.arg(x).arg(y).arg(mx).arg(my).arg(
                    image.pixel(x, y), 0, 16);
        }
    }
    return {};
}

} // namespace

class tst_QrCodeWidget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paintsCrispModulesBlackOnWhiteInADarkTheme();
    void growsInWholeModulesWithItsSpace();
    void scannerReadsThePaintedWidget();
    void withoutACodePaintsNothing();
};

void tst_QrCodeWidget::paintsCrispModulesBlackOnWhiteInADarkTheme()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    const QrMatrix code = QrMatrix::encode(kLink);
    QrCodeWidget widget;
    widget.setPalette(darkPalette());
    widget.setAutoFillBackground(true);
    widget.setMatrix(code);
    widget.resize(300, 260);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const int module = widget.moduleSize();
    QCOMPARE(module, 260 / code.sizeWithQuietZone());
    const QRect rect = widget.codeRect();
    QCOMPARE(
        rect.size(), QSize(code.sizeWithQuietZone() * module, code.sizeWithQuietZone() * module));
    QCOMPARE(rect.center().x(), widget.rect().center().x()); // centred
    const QImage shot = widget.grab().toImage();
    const QString mismatch = compareWithMatrix(shot, rect, code, module);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    // Outside the code the dark theme's background, not white: the white is the code's own.
    QCOMPARE(shot.pixel(1, 1) & 0xffffff, darkPalette().color(QPalette::Window).rgb() & 0xffffff);
}

void tst_QrCodeWidget::growsInWholeModulesWithItsSpace()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    const QrMatrix code = QrMatrix::encode(kLink);
    QrCodeWidget widget;
    widget.setMatrix(code);
    const int modules = code.sizeWithQuietZone();
    QCOMPARE(widget.minimumSizeHint(),
        QSize(modules * QrCodeWidget::MinimumModulePixels,
            modules * QrCodeWidget::MinimumModulePixels));
    QVERIFY(widget.sizeHint().width() >= widget.minimumSizeHint().width());
    QVERIFY(widget.hasHeightForWidth());
    int last = 0;
    for (const int side : { modules * 3, modules * 3 + modules - 1, modules * 4, 400, 700 }) {
        widget.resize(side, side);
        QCOMPARE(widget.moduleSize(), side / modules);
        QVERIFY(widget.moduleSize() >= last);
        last = widget.moduleSize();
    }
    QCOMPARE(last, 700 / modules);
}

void tst_QrCodeWidget::scannerReadsThePaintedWidget()
{
    if (!QrMatrix::isAvailable())
        QSKIP("built without libqrencode");
    OPS_REQUIRE_QR_DECODER();
    QrCodeWidget widget;
    widget.setPalette(darkPalette());
    widget.setAutoFillBackground(true);
    widget.setMatrix(QrMatrix::encode(kLink));
    for (const int side : { 200, 333 }) {
        widget.resize(side, side);
        QString error;
        QCOMPARE(QrDecoder::decode(widget.grab().toImage(), &error),
            QStringList { QString::fromLatin1(kLink) });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void tst_QrCodeWidget::withoutACodePaintsNothing()
{
    QrCodeWidget widget;
    widget.resize(120, 120);
    QCOMPARE(widget.moduleSize(), 0);
    QCOMPARE(widget.minimumSizeHint(), QSize(0, 0));
    if (QrMatrix::isAvailable()) {
        widget.setMatrix(QrMatrix::encode("x"));
        QVERIFY(widget.moduleSize() > 0);
        widget.clear();
        QCOMPARE(widget.moduleSize(), 0);
        QVERIFY(widget.matrix().isNull());
    }
}

QTEST_MAIN(tst_QrCodeWidget)
#include "tst_qrcodewidget.moc"
