// "While you were away" against the real server (in process: real HTTP and WebSocket on
// loopback, its own SQLite file): the last-live moment kept per server and user across a
// restart, the open alerts raised after it listed apart from the inbox, looked at one by one or
// all at once. Times come from an injected clock and alerts carry their own raisedAt, so nothing
// waits for the wall clock.

#include <QHostAddress>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "server/demo/demodata.h"
#include "server/domain/alertservice.h"
#include "server/opsserver.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 12, 5), QTime(12, 0), Qt::UTC);

struct Server
{
    Server()
    {
        server.setAuth(Demo::users());
        ok = dir.isValid() && server.openStore(dir.filePath(u"ops.sqlite"_s)).ok()
            && Demo::seedOrders(server.store(), 10, 11).ok();
        port = server.listen(QHostAddress::LocalHost, 0);
        ok = ok && port != 0;
    }
    [[nodiscard]] QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(port)); }
    //! An open alert raised at \a at.
    QString raise(
        const QString &subject, const QDateTime &at, const QString &severity = u"critical"_s)
    {
        Alert a;
        a.kind = u"overdue_order"_s;
        a.code = a.kind;
        a.severity = severity;
        a.subjectId = subject;
        a.region = u"north"_s;
        a.message = subject + u" is overdue"_s;
        a.params = { { "orderId"_L1, subject }, { "customer"_L1, u"Acme"_s }, { "minutes"_L1, 5 } };
        a.raisedAt = at;
        return server.store().alerts().raise(a, u"test"_s).item->id;
    }

    QTemporaryDir dir;
    OpsServer server;
    quint16 port = 0;
    bool ok = false;
};

QStringList ids(const QList<QJsonObject> &alerts)
{
    QStringList out;
    for (const QJsonObject &a : alerts)
        out.append(a.value("id"_L1).toString());
    return out;
}

} // namespace

class tst_AwayAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void listsOpenAlertsRaisedWhileAway();
    void lastLiveSurvivesARestartPerServerAndUser();
    void sessionSignsInAndListsAfterARestart();
};

void tst_AwayAlerts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_awayalerts"_s);
}

void tst_AwayAlerts::init()
{
    QSettings().clear();
}

void tst_AwayAlerts::listsOpenAlertsRaisedWhileAway()
{
    Server s;
    QVERIFY(s.ok);
    ApiClient api;
    api.setBaseUrl(s.url());
    api.setToken(u"demo-manager"_s);
    QDateTime now = kT0;
    AwayAlerts away(&api);
    away.setClock([&now] { return now; });
    away.setIdentity(s.url(), u"manager"_s);
    QVERIFY(!away.lastLive().isValid());
    QSignalSpy fetched(&away, &AwayAlerts::fetched);

    // First sign-in on this machine: nothing known about an absence, nothing fetched.
    away.setLive(true);
    QCOMPARE(away.lastLive(), kT0);
    QVERIFY(!away.isFetching());
    const QString before = s.raise(u"ORD-00001"_s, kT0.addSecs(60)); // seen live
    now = kT0.addSecs(120);
    away.touch();
    QCOMPARE(away.lastLive(), now);
    // The connection drops at 12:05 (the session's "as of"); alerts come meanwhile.
    away.setLive(false, kT0.addSecs(300));
    QCOMPARE(away.lastLive(), kT0.addSecs(300));
    const QString a1 = s.raise(u"ORD-00002"_s, kT0.addSecs(400), u"warning"_s);
    const QString a2 = s.raise(u"ORD-00003"_s, kT0.addSecs(500));
    const QString handled = s.raise(u"ORD-00004"_s, kT0.addSecs(450));
    QVERIFY(AlertService(s.server.store())
                .setStatus(handled, u"acknowledged"_s, std::nullopt, u"dispatcher"_s)
                .ok());
    QVERIFY(away.alerts().isEmpty());

    now = kT0.addSecs(900);
    QSignalSpy changed(&away, &AwayAlerts::changed);
    away.setLive(true);
    QCOMPARE(away.lastLive(), now); // live again: the next absence starts later
    QTRY_COMPARE(fetched.size(), 1);
    QVERIFY(fetched.first().at(0).toBool());
    QCOMPARE(fetched.first().at(1).toInt(), 2);
    // Raised while away and still open, oldest first; not the one seen live, not the handled one.
    QCOMPARE(ids(away.alerts()), (QStringList { a1, a2 }));
    QVERIFY(!away.contains(before));
    QCOMPARE(away.since(), kT0.addSecs(300));
    QCOMPARE(changed.size(), 1);

    // A second short drop adds nothing already listed, and keeps the earlier start.
    away.setLive(false, kT0.addSecs(950));
    const QString a3 = s.raise(u"ORD-00005"_s, kT0.addSecs(1000));
    now = kT0.addSecs(1100);
    away.setLive(true);
    QTRY_COMPARE(fetched.size(), 2);
    QCOMPARE(ids(away.alerts()), (QStringList { a1, a2, a3 }));
    QCOMPARE(away.since(), kT0.addSecs(300));

    away.markLookedAt(a2);
    QCOMPARE(ids(away.alerts()), (QStringList { a1, a3 }));
    away.markLookedAt(u"ALT-99999"_s); // not listed: nothing changes
    QCOMPARE(away.alerts().size(), 2);
    away.dismissAll();
    QVERIFY(away.alerts().isEmpty());
    QVERIFY(!away.since().isValid());
}

void tst_AwayAlerts::lastLiveSurvivesARestartPerServerAndUser()
{
    Server s;
    QVERIFY(s.ok);
    ApiClient api;
    api.setBaseUrl(s.url());
    api.setToken(u"demo-manager"_s);
    QDateTime now = kT0;
    {
        AwayAlerts away(&api);
        away.setClock([&now] { return now; });
        away.setIdentity(s.url(), u"manager"_s);
        away.setLive(true);
        now = kT0.addSecs(60);
        away.touch();
        // The app quits (or is killed) here: the last written moment is what the next start reads.
    }
    const QString raised = s.raise(u"ORD-00002"_s, kT0.addSecs(120));
    AwayAlerts away(&api);
    away.setClock([&now] { return now; });
    away.setIdentity(s.url(), u"dispatcher"_s);
    QVERIFY(!away.lastLive().isValid()); // another user on this machine: their own moment
    QCOMPARE(AwayAlerts::settingsKey(s.url(), u"manager"_s),
        AwayAlerts::settingsKey(s.url().resolved(QUrl(u"/api"_s)), u"manager"_s));
    QVERIFY(AwayAlerts::settingsKey(s.url(), u"manager"_s)
        != AwayAlerts::settingsKey(QUrl(u"http://127.0.0.1:1"_s), u"manager"_s));
    away.setIdentity(s.url(), u"manager"_s);
    QCOMPARE(away.lastLive(), kT0.addSecs(60));
    QSignalSpy fetched(&away, &AwayAlerts::fetched);
    now = kT0.addSecs(600);
    away.setLive(true);
    QTRY_COMPARE(fetched.size(), 1);
    QCOMPARE(ids(away.alerts()), QStringList { raised });
}

void tst_AwayAlerts::sessionSignsInAndListsAfterARestart()
{
    Server s;
    QVERIFY(s.ok);
    const QDateTime wall = QDateTime::currentDateTimeUtc();
    {
        Session first;
        QSignalSpy signedIn(&first, &Session::signedIn);
        first.start(s.url(), u"demo-dispatcher"_s);
        QTRY_VERIFY_WITH_TIMEOUT(first.isLive(), 10000);
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(first.user(), u"dispatcher"_s);
        QCOMPARE(first.role(), u"dispatcher"_s);
        QCOMPARE(first.alertActions()->user(), u"dispatcher"_s);
        QVERIFY(first.awayAlerts()->lastLive().isValid());
        // Quitting while live keeps the moment it quit.
    }
    // Raised after the app quit (timestamps later than any wall-clock moment the app stored).
    const QString raised = s.raise(u"ORD-00003"_s, wall.addSecs(3600));
    Session second;
    second.start(s.url(), u"demo-dispatcher"_s);
    QTRY_VERIFY_WITH_TIMEOUT(second.isLive(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ids(second.awayAlerts()->alerts()), QStringList { raised }, 10000);
}

QTEST_MAIN(tst_AwayAlerts)
#include "tst_awayalerts.moc"
