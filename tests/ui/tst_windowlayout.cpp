// The main window on the screens dispatchers have: run once per offscreen screen configuration
// (QT_QPA_PLATFORM=offscreen:configfile=tests/ui/screens/<size>.json, see CMakeLists.txt) with
// OPS_EXPECT_TIER saying which arrangement must be chosen. The default layout fits the screen;
// a restored layout is clamped to the screens that exist now; one saved on a larger screen that
// cannot fit gives way to the default.

#include <QDockWidget>
#include <QGuiApplication>
#include <QMetaEnum>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"
#include "sync/session.h"
#include "ui/connectionbadge.h"
#include "ui/mainwindow.h"
#include "ui/mappanel.h"
#include "ui/mapview.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QRect available()
{
    return QGuiApplication::primaryScreen()->availableGeometry();
}

//! Everything the dispatcher must see is inside the window, and the window on the screen.
void verifyFits(MainWindow *w)
{
    const QRect screen = QGuiApplication::screenAt(w->geometry().center())->availableGeometry();
    QVERIFY2(screen.contains(w->geometry()),
        qPrintable(u"window %1,%2 %3x%4 on screen %5x%6"_s.arg(w->x())
                       .arg(w->y())
                       .arg(w->width())
                       .arg(w->height())
                       .arg(screen.width())
                       .arg(screen.height())));
    const QString size = u"%1x%2 (minimum %3x%4)"_s.arg(w->width())
                             .arg(w->height())
                             .arg(w->minimumSizeHint().width())
                             .arg(w->minimumSizeHint().height());
    QVERIFY2(w->width() + MainWindow::kFrameAllowance.width() <= screen.width(), qPrintable(size));
    QVERIFY2(
        w->height() + MainWindow::kFrameAllowance.height() <= screen.height(), qPrintable(size));
    QVERIFY(w->fitsScreen());
    for (QDockWidget *d : w->docks()) {
        // Panels behind another tab of their group are not shown.
        if (!d->isVisible() || d->isFloating() || d->visibleRegion().isEmpty())
            continue;
        const QRect inWindow(d->mapTo(w, QPoint(0, 0)), d->size());
        QVERIFY2(w->rect().contains(inWindow), qPrintable(d->objectName()));
    }
    ConnectionBadge *badge = w->badge();
    QVERIFY(badge->isVisible());
    QVERIFY(w->rect().contains(QRect(badge->mapTo(w, QPoint(0, 0)), badge->size())));
}

} // namespace

class tst_WindowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaultLayoutFitsTheScreen();
    void restoredLayoutIsClampedToTheScreens();
    void layoutOfALargerScreenGivesWay();

private:
    QTemporaryDir m_settings;
};

void tst_WindowLayout::initTestCase()
{
    // The helper run of layoutOfALargerScreenGivesWay() shares the settings of its parent.
    const QString dir = qEnvironmentVariableIsSet("OPS_LAYOUT_SETTINGS")
        ? qEnvironmentVariable("OPS_LAYOUT_SETTINGS")
        : m_settings.path();
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_windowlayout"_s);
    QVERIFY(QGuiApplication::primaryScreen());
    qInfo("screens: %lld, primary %dx%d", qlonglong(QGuiApplication::screens().size()),
        available().width(), available().height());
}

void tst_WindowLayout::init()
{
    if (!qEnvironmentVariableIsSet("OPS_LAYOUT_SETTINGS"))
        QSettings().remove(u"windows"_s);
}

void tst_WindowLayout::defaultLayoutFitsTheScreen()
{
    if (qEnvironmentVariableIsSet("OPS_LAYOUT_SETTINGS"))
        QSKIP("helper run");
    Session session; // not started: the layout does not depend on data
    WindowManager windows(&session);
    MainWindow *w = windows.openWindow();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    const QString expected = qEnvironmentVariable("OPS_EXPECT_TIER");
    const QMetaEnum tiers = QMetaEnum::fromType<MainWindow::LayoutTier>();
    QCOMPARE(QString::fromLatin1(tiers.valueToKey(int(w->layoutTier()))), expected);
    verifyFits(w);
    // The map (and its legend, drawn inside it) and the orders table are on screen.
    QDockWidget *map = w->dock(u"mapDock"_s);
    QVERIFY(map->isVisible() || !w->tabifiedDockWidgets(map).isEmpty());
    if (w->layoutTier() != MainWindow::LayoutTier::Tabbed) {
        QVERIFY(map->isVisible() && w->dock(u"ordersDock"_s)->isVisible());
        QVERIFY(w->mapPanel()->mapView()->width() >= 240);
    }
    if (w->layoutTier() == MainWindow::LayoutTier::Compact) {
        // The orders table keeps most of the height.
        QVERIFY(w->dock(u"ordersDock"_s)->height() > w->height() / 2);
    }
    const QString dir = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        w->grab().save(
            dir + u"/layout-%1x%2.png"_s.arg(available().width()).arg(available().height()));
    }

    // Reset gives the same default back, after the dispatcher rearranged the panels.
    w->dock(u"mapDock"_s)->setFloating(true);
    w->resetLayout();
    QVERIFY(!w->dock(u"mapDock"_s)->isFloating());
    QCOMPARE(QString::fromLatin1(tiers.valueToKey(int(w->layoutTier()))), expected);
    verifyFits(w);
    w->close();
}

void tst_WindowLayout::restoredLayoutIsClampedToTheScreens()
{
    if (qEnvironmentVariableIsSet("OPS_LAYOUT_SETTINGS"))
        QSKIP("helper run");
    Session session;
    WindowManager windows(&session);
    MainWindow *w = windows.openWindow();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    // Left on a monitor that is no longer there: the window right of the screen, a panel
    // floating further right still.
    QDockWidget *map = w->dock(u"mapDock"_s);
    map->setFloating(true);
    map->setGeometry(available().right() + 900, 200, 400, 300);
    w->move(available().right() + 300, 100);
    QTRY_COMPARE(w->x(), available().right() + 300);
    w->close(); // saves the slot
    QTRY_VERIFY(windows.windows().isEmpty());

    MainWindow *again = windows.openWindow();
    QVERIFY(QTest::qWaitForWindowExposed(again));
    QVERIFY(again->dock(u"mapDock"_s)->isFloating()); // the saved layout was restored
    verifyFits(again);
    const QRect floating = again->dock(u"mapDock"_s)->geometry();
    QVERIFY2(
        available().contains(floating), qPrintable(u"%1,%2"_s.arg(floating.x()).arg(floating.y())));
    again->close();
}

void tst_WindowLayout::layoutOfALargerScreenGivesWay()
{
    if (qEnvironmentVariable("OPS_LAYOUT_HELPER") == "save"_L1) {
        // Helper run, on a laptop with a large monitor to its right: the window on the monitor
        // with that screen's default (wide) layout, saved.
        Session session;
        WindowManager windows(&session);
        MainWindow *w = windows.openWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QScreen *monitor = QGuiApplication::screens().value(1);
        QVERIFY(monitor);
        w->move(monitor->availableGeometry().topLeft() + QPoint(40, 30));
        QTRY_COMPARE(w->screen(), monitor);
        w->resetLayout();
        QCOMPARE(w->layoutTier(), MainWindow::LayoutTier::Wide);
        w->saveLayout();
        return;
    }
    if (qEnvironmentVariableIsSet("OPS_LAYOUT_SETTINGS"))
        QSKIP("helper run");
    if (qEnvironmentVariable("OPS_EXPECT_TIER") == "Wide"_L1)
        QSKIP("the wide layout fits this screen: nothing gives way");
    QProcess helper;
    helper.setProgram(QCoreApplication::applicationFilePath());
    helper.setArguments({ u"layoutOfALargerScreenGivesWay"_s });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"OPS_LAYOUT_SETTINGS"_s, m_settings.path());
    env.insert(u"OPS_LAYOUT_HELPER"_s, u"save"_s);
    env.insert(u"QT_QPA_PLATFORM"_s,
        u"offscreen:configfile=%1/screens/1366x768+1920x1080.json"_s.arg(
            QLatin1StringView(OPS_TEST_SOURCE_DIR)));
    helper.setProcessEnvironment(env);
    helper.setProcessChannelMode(QProcess::ForwardedChannels);
    helper.start();
    QVERIFY(helper.waitForFinished(60000));
    QCOMPARE(helper.exitCode(), 0);

    // Here only this screen exists: the window comes back onto it, with this screen's default.
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    Session session;
    WindowManager windows(&session);
    MainWindow *w = windows.openWindow();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QVERIFY(w->layoutTier() != MainWindow::LayoutTier::Wide);
    QVERIFY(w->statusBar()->currentMessage().contains(u"does not fit"_s));
    verifyFits(w);
    w->close();
}

QTEST_MAIN(tst_WindowLayout)
#include "tst_windowlayout.moc"
