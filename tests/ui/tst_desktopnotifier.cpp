// Critical alerts reach the desktop: a freedesktop notification (with Acknowledge and Open)
// through a notification service the test itself runs on a private D-Bus session bus, the
// window's attention, a sound per severity that can be muted. The app's own pieces are real:
// the server in process (its store raises the alerts), a Session, the windows, and the
// notifier attached to them as app/dashboard/main.cpp attaches it.

#include <cstdio>

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QHostAddress>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "models/alertstablemodel.h"
#include "models/notificationpolicy.h"
#include "privatebus.h"
#include "server/demo/demodata.h"
#include "server/domain/alertservice.h"
#include "server/domain/auth.h"
#include "server/opsserver.h"
#include "sync/session.h"
#include "ui/alertspanel.h"
#include "ui/desktopnotifier.h"
#include "ui/mainwindow.h"
#include "ui/orderdetailpanel.h"
#include "ui/windowmanager.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;

Alert draft(const QString &subject, const QString &severity)
{
    Alert a;
    a.kind = u"late_order"_s;
    a.severity = severity;
    a.subjectId = subject;
    a.region = u"north"_s;
    a.message = u"%1 is late"_s.arg(subject);
    return a;
}

} // namespace

//! A small org.freedesktop.Notifications server: records what it is asked to show, and can
//! play the dispatcher clicking an action.
class NotificationService final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        uint id;
        QString app;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeout;
    };
    QList<Shown> shown;
    QList<uint> closed;

    void invoke(uint id, const QString &action) { Q_EMIT ActionInvoked(id, action); }

public Q_SLOTS:
    QStringList GetCapabilities() { return { u"actions"_s, u"body"_s }; }
    QString GetServerInformation(QString &vendor, QString &version, QString &spec)
    {
        vendor = u"tst_desktopnotifier"_s;
        version = u"1"_s;
        spec = u"1.2"_s;
        return u"test notifications"_s;
    }
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        const uint id = replaces ? replaces : uint(shown.size() + 1);
        shown.append({ id, app, icon, summary, body, actions, hints, timeout });
        return id;
    }
    void CloseNotification(uint id)
    {
        closed.append(id);
        Q_EMIT NotificationClosed(id, 3);
    }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &action);
    void NotificationClosed(uint id, uint reason);
};

class tst_DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    explicit tst_DesktopNotifier(QString busAddress)
        : m_busAddress(std::move(busAddress))
    { }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void criticalAlertReachesTheDesktopAndAcknowledgeActs();
    void openShowsTheSubject();
    void soundsPerSeverityAndMute();
    void manyAtOnceAreOneNotification();
    void withoutAServiceTheStatusBarSays();
    void quietHoursOnlyCriticalPerUser();
    void escalationToThisUserNotifiesAgain();

private:
    struct App
    {
        explicit App(const QUrl &server)
            : notifier(session.queries())
        {
            notifier.setSoundPlayer([this](const QString &severity) { sounds.append(severity); });
            notifier.attach(&windows);
            session.start(server, u"demo-manager"_s);
            window = windows.openWindow();
        }
        //! Live, and the alerts present now are known (they raise nothing).
        bool ready()
        {
            return QTest::qWaitFor(
                [this] { return session.isLive() && window->alertsPanel()->model()->hasData(); },
                10000);
        }
        Session session;
        WindowManager windows { &session };
        DesktopNotifier notifier;
        MainWindow *window = nullptr;
        QStringList sounds;
    };

    Store &store() { return m_server.store(); }

    QString m_busAddress;
    QTemporaryDir m_dir;
    OpsServer m_server;
    QUrl m_base;
    NotificationService m_service;
    QDBusConnection m_serviceBus { u"unset"_s };
};

void tst_DesktopNotifier::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_desktopnotifier"_s);
    m_server.setAuth(Demo::users());
    QVERIFY(m_server.openStore(m_dir.filePath(u"ops.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store(), 40, 11).ok());
    QVERIFY(Demo::seedDrivers(store(), 8, 3).ok());
    const quint16 port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    m_base = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    // The notification server has a connection of its own, as a desktop's daemon would.
    m_serviceBus = QDBusConnection::connectToBus(m_busAddress, u"notifications"_s);
    QVERIFY(m_serviceBus.isConnected());
    QVERIFY(m_serviceBus.registerObject(
        kPath, &m_service, QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
}

void tst_DesktopNotifier::init()
{
    m_service.shown.clear();
    m_service.closed.clear();
    QSettings().clear();
    QVERIFY(m_serviceBus.registerService(kService));
}

void tst_DesktopNotifier::cleanup()
{
    m_serviceBus.unregisterService(kService);
}

void tst_DesktopNotifier::criticalAlertReachesTheDesktopAndAcknowledgeActs()
{
    QVERIFY(store().alerts().raise(draft(u"ORD-00001"_s, u"critical"_s), u"t"_s).ok());
    App app(m_base);
    QVERIFY(app.ready());
    QSignalSpy notified(&app.notifier, &DesktopNotifier::notified);
    QSignalSpy attention(&app.notifier, &DesktopNotifier::attentionRequested);
    QCOMPARE(m_service.shown.size(), 0); // present at the first load: known already

    const QString id =
        store().alerts().raise(draft(u"ORD-00003"_s, u"critical"_s), u"t"_s).item->id;
    QTRY_COMPARE_WITH_TIMEOUT(m_service.shown.size(), 1, 10000);
    const NotificationService::Shown &n = m_service.shown.first();
    QCOMPARE(n.app, u"Opsboard"_s); // the display name
    QVERIFY2(n.summary.contains(u"ORD-00003"_s), qPrintable(n.summary));
    QCOMPARE(n.body, u"ORD-00003 is late"_s);
    QCOMPARE(n.icon, u"io.opsboard.Opsboard"_s);
    // Actions as (key, label) pairs: Acknowledge and Open.
    QVERIFY(n.actions.contains(u"acknowledge"_s));
    QVERIFY(n.actions.contains(u"open"_s));
    QCOMPARE(n.actions.at(n.actions.indexOf(u"acknowledge"_s) + 1), u"Acknowledge"_s);
    QCOMPARE(n.hints.value(u"urgency"_s).toInt(), 2); // critical
    QCOMPARE(n.hints.value(u"desktop-entry"_s).toString(), u"io.opsboard.Opsboard"_s);
    QTRY_COMPARE(notified.size(), 1);
    QCOMPARE(notified.first().at(0).toString(), id);
    QCOMPARE(
        notified.first().at(1).value<DesktopNotifier::Channel>(), DesktopNotifier::Channel::DBus);
    QCOMPARE(attention.size(), 1);

    // The dispatcher clicks "Acknowledge" in the notification: the alerts panel's own action
    // runs, and the server has it acknowledged.
    m_service.invoke(n.id, u"acknowledge"_s);
    QTRY_COMPARE_WITH_TIMEOUT(store().alerts().get(id)->status, u"acknowledged"_s, 10000);
    // Dealt with: the notification is taken back.
    QTRY_VERIFY_WITH_TIMEOUT(m_service.closed.contains(n.id), 10000);
    // Another application's notification id means nothing here.
    m_service.invoke(n.id + 100, u"acknowledge"_s);
    QCOMPARE(m_service.shown.size(), 1);
}

void tst_DesktopNotifier::openShowsTheSubject()
{
    App app(m_base);
    QVERIFY(app.ready());
    const QString id =
        store().alerts().raise(draft(u"ORD-00007"_s, u"critical"_s), u"t"_s).item->id;
    QTRY_COMPARE_WITH_TIMEOUT(m_service.shown.size(), 1, 10000);
    QSignalSpy open(&app.notifier, &DesktopNotifier::openRequested);
    m_service.invoke(m_service.shown.first().id, u"open"_s);
    QTRY_COMPARE(open.size(), 1);
    QCOMPARE(open.first().at(0).toString(), id);
    QCOMPARE(open.first().at(1).toString(), u"ORD-00007"_s);
    // The window shows that order (the detail panel follows the selection).
    QTRY_COMPARE(app.window->detailPanel()->orderId(), u"ORD-00007"_s);
    QVERIFY(app.window->isVisible());
    QCOMPARE(store().alerts().get(id)->status, u"open"_s); // opening is not acknowledging
}

void tst_DesktopNotifier::soundsPerSeverityAndMute()
{
    App app(m_base);
    QVERIFY(app.ready());
    QVERIFY(!app.notifier.isMuted());
    QVERIFY(store().alerts().raise(draft(u"ORD-00011"_s, u"warning"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.sounds, QStringList { u"warning"_s }, 10000);
    QVERIFY(store().alerts().raise(draft(u"ORD-00012"_s, u"critical"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.sounds, (QStringList { u"warning"_s, u"critical"_s }), 10000);
    QTRY_COMPARE(m_service.shown.size(), 1); // only the critical one is a notification (async)
    // Each severity has a sound of its own in the resources.
    QVERIFY(QFile::exists(DesktopNotifier::soundOf(u"critical"_s).mid(3)));
    QVERIFY(DesktopNotifier::soundOf(u"warning"_s) != DesktopNotifier::soundOf(u"critical"_s));

    // Muted from the View menu: no sound, still the notification; the choice is kept.
    QAction *mute = app.notifier.muteAction();
    QVERIFY(app.window->viewMenu()->actions().contains(mute));
    mute->trigger();
    QVERIFY(app.notifier.isMuted());
    QVERIFY(QSettings().value(u"alerts/soundsMuted"_s).toBool());
    QVERIFY(store().alerts().raise(draft(u"ORD-00013"_s, u"critical"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_service.shown.size(), 2, 10000);
    QCOMPARE(app.sounds.size(), 2);
    DesktopNotifier again(app.session.queries());
    QVERIFY(again.isMuted());
    QVERIFY(again.muteAction()->isChecked());
}

void tst_DesktopNotifier::manyAtOnceAreOneNotification()
{
    // An alert engine scan can raise dozens at once: one notification that says how many, one
    // sound, and "Open" shows the alerts panel.
    App app(m_base);
    QVERIFY(app.ready());
    QSignalSpy alertsRequested(&app.notifier, &DesktopNotifier::alertsRequested);
    const int before = app.window->alertsPanel()->model()->rowCount();
    QStringList raised;
    for (int i = 31; i <= 42; ++i)
        raised.append(
            store()
                .alerts()
                .raise(draft(u"ORD-%1"_s.arg(i, 5, 10, QChar(u'0')), u"critical"_s), u"t"_s)
                .item->id);
    QVERIFY(store().alerts().raise(draft(u"ORD-00043"_s, u"warning"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.window->alertsPanel()->model()->rowCount(), before + 13, 10000);
    QTRY_VERIFY(!m_service.shown.isEmpty());
    // Events arrive in batches (coalesced per frame): a few notifications, never one per alert.
    QVERIFY2(m_service.shown.size() < raised.size(),
        qPrintable(QString::number(m_service.shown.size())));
    QVERIFY(app.sounds.size() < raised.size());
    QVERIFY(!app.sounds.contains(u"warning"_s) || app.sounds.contains(u"critical"_s));
    const auto summary = std::find_if(m_service.shown.cbegin(), m_service.shown.cend(),
        [](const NotificationService::Shown &n) { return n.summary.contains(u"new critical"_s); });
    QVERIFY(summary != m_service.shown.cend());
    QVERIFY(!summary->actions.contains(u"acknowledge"_s)); // which one? only open
    QVERIFY(summary->actions.contains(u"open"_s));
    QVERIFY(summary->body.contains(u"more"_s));
    m_service.invoke(summary->id, u"open"_s);
    QTRY_COMPARE(alertsRequested.size(), 1);
    for (const QString &id : std::as_const(raised))
        QCOMPARE(store().alerts().get(id)->status, u"open"_s);
}

void tst_DesktopNotifier::withoutAServiceTheStatusBarSays()
{
    m_serviceBus.unregisterService(kService);
    QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(kService));
    App app(m_base);
    QVERIFY(app.ready());
    QSignalSpy notified(&app.notifier, &DesktopNotifier::notified);
    const QString id =
        store().alerts().raise(draft(u"ORD-00021"_s, u"critical"_s), u"t"_s).item->id;
    QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 10000);
    // No notification service, and the offscreen platform has no tray: the status bar says it.
    QVERIFY(
        notified.first().at(1).value<DesktopNotifier::Channel>() != DesktopNotifier::Channel::DBus);
    QTRY_VERIFY(app.window->statusBar()->currentMessage().contains(u"ORD-00021"_s));
    QCOMPARE(app.sounds, QStringList { u"critical"_s });
    Q_UNUSED(id)
}

void tst_DesktopNotifier::quietHoursOnlyCriticalPerUser()
{
    App app(m_base);
    QVERIFY(app.ready());
    // Signed in: the preferences are that user's.
    app.notifier.setUser(app.session.user());
    QCOMPARE(app.session.user(), u"manager"_s);
    QDateTime now(QDate(2026, 12, 5), QTime(23, 15)); // local time, late evening
    app.notifier.setClock([&now] { return now; });
    QMenu *sounds = app.window->viewMenu()->findChild<QMenu *>(u"alertSoundsMenu"_s);
    QVERIFY(sounds);
    QAction *quiet = app.notifier.findChild<QAction *>(u"quietHours"_s);
    QVERIFY(quiet && sounds->actions().contains(quiet));
    QVERIFY(!quiet->isChecked());
    quiet->trigger(); // 22:00–07:00
    QVERIFY(app.notifier.preferences().quietHours);
    QVERIFY(NotificationPreferences::load(u"manager"_s).quietHours);
    QVERIFY(!NotificationPreferences::load(u"dispatcher"_s).quietHours);

    // In quiet hours a warning stays silent; a critical alert still sounds and notifies.
    const int before = app.window->alertsPanel()->model()->rowCount();
    QVERIFY(store().alerts().raise(draft(u"ORD-00051"_s, u"warning"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.window->alertsPanel()->model()->rowCount(), before + 1, 10000);
    QVERIFY(app.sounds.isEmpty());
    QVERIFY(store().alerts().raise(draft(u"ORD-00052"_s, u"critical"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.sounds, QStringList { u"critical"_s }, 10000);
    QTRY_COMPARE(m_service.shown.size(), 1);
    // Morning: warnings are heard again; one severity can be silenced on its own.
    now = QDateTime(QDate(2026, 12, 6), QTime(8, 0));
    QVERIFY(store().alerts().raise(draft(u"ORD-00053"_s, u"warning"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.sounds, (QStringList { u"critical"_s, u"warning"_s }), 10000);
    app.notifier.findChild<QAction *>(u"sound-warning"_s)->trigger();
    QVERIFY(!app.notifier.preferences().soundFor(u"warning"_s));
    const int rows = app.window->alertsPanel()->model()->rowCount();
    QVERIFY(store().alerts().raise(draft(u"ORD-00054"_s, u"warning"_s), u"t"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(app.window->alertsPanel()->model()->rowCount(), rows + 1, 10000);
    QCOMPARE(app.sounds.size(), 2);
}

void tst_DesktopNotifier::escalationToThisUserNotifiesAgain()
{
    const QString id = store().alerts().raise(draft(u"ORD-00061"_s, u"warning"_s), u"t"_s).item->id;
    App app(m_base);
    QVERIFY(app.ready());
    app.notifier.setUser(u"manager"_s);
    QSignalSpy escalated(&app.notifier, &DesktopNotifier::escalationNotified);
    const auto step = [this, &id](int number, const QString &kind, const QStringList &audience) {
        const qint64 version = store().alerts().get(id)->version;
        AlertService::Step s { id, version,
            AlertEscalation { number, kind, QDateTime::currentDateTimeUtc(), audience } };
        return AlertService(store()).escalate({ s }).first().ok();
    };
    // Told again to the region's dispatchers: not this manager.
    QVERIFY(step(1, u"renotified"_s, { u"dispatcher"_s }));
    // Escalated to the managers: this one. A warning, yet on the desktop.
    QVERIFY(step(2, u"escalated"_s, { u"manager"_s }));
    QTRY_COMPARE_WITH_TIMEOUT(escalated.size(), 1, 10000);
    QCOMPARE(escalated.first().at(0).toString(), id);
    QCOMPARE(escalated.first().at(1).toString(), u"escalated"_s);
    QVERIFY(escalated.first().at(2).toBool());
    QTRY_COMPARE(m_service.shown.size(), 1);
    QVERIFY(m_service.shown.first().summary.contains(u"Escalated to you"_s));
    QCOMPARE(app.sounds, QStringList { u"warning"_s });
    QCOMPARE(escalated.size(), 1); // the first step was not for this user
}

int main(int argc, char *argv[])
{
    PrivateSessionBus bus; // before anything uses the session bus
    QString error;
    if (!bus.start(&error)) {
        std::fprintf(stderr, "tst_desktopnotifier: %s\n", qPrintable(error));
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(u"Opsboard"_s);
    tst_DesktopNotifier test(bus.address());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_desktopnotifier.moc"
