// Session: one stack for every window, and the honest "as of" time.

#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "query/queryobserver.h"
#include "serverprocess.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void socketUrlFollowsTheScheme();
    void asOfIsWhenTheDataWasLastCurrent();
    void rejectedTokenAsksForANewOne();
    void queriesWaitForTheServer();
    void driverTokenAsksForAStaffToken();
    void roleComesFromReady();
};

void tst_Session::socketUrlFollowsTheScheme()
{
    QCOMPARE(Session::socketUrl(QUrl(u"http://h:1/x"_s)), QUrl(u"ws://h:1/ws"_s));
    QCOMPARE(Session::socketUrl(QUrl(u"https://h/"_s)), QUrl(u"wss://h/ws"_s));
}

void tst_Session::asOfIsWhenTheDataWasLastCurrent()
{
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--sim-interval"_s, u"3600000"_s }),
        qPrintable(server.errorString()));
    Session session;
    session.connection()->setBackoffPolicy({ 50ms, 200ms, 2.0, 1.0 });
    session.connection()->setHeartbeatInterval(300ms);
    QVERIFY(!session.asOf().isValid());
    QSignalSpy freshness(&session, &Session::freshnessChanged);
    session.start(server.baseUrl(), u"demo-manager"_s);
    QVERIFY(freshness.wait(10000));
    QVERIFY(freshness.last().at(0).toBool());

    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!session.isLive(), 10000);
    const QDateTime lost = QDateTime::currentDateTimeUtc();
    QVERIFY(!freshness.last().at(0).toBool());
    const QDateTime asOf = freshness.last().at(1).toDateTime();
    QVERIFY(asOf.isValid());
    QVERIFY(asOf <= lost);
    // It stays put while reconnect attempts come and go.
    QTRY_VERIFY_WITH_TIMEOUT(
        session.connection()->attempt() >= 2 || session.connection()->nextRetryAt().isValid(),
        5000);
    QCOMPARE(session.asOf(), asOf);

    QVERIFY(server.restart());
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 15000);
    QVERIFY(freshness.last().at(0).toBool());
}

void tst_Session::rejectedTokenAsksForANewOne()
{
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    QSignalSpy unauthorized(&session, &Session::unauthorized);
    session.start(server.baseUrl(), u"wrong-token"_s);
    QVERIFY(unauthorized.wait(10000));
    QVERIFY(!session.isLive());
    session.setToken(u"demo-dispatcher"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
}

void tst_Session::queriesWaitForTheServer()
{
    // A window observes its queries before the session knows its server: they wait for it, and
    // fetch at once when it starts, instead of failing and backing off first.
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    QueryObserver orders(session.queries(), QueryOptions { QueryKeys::orders() });
    QVERIFY(orders.result().isPaused());
    QCOMPARE(orders.result().failureCount, 0);
    session.start(server.baseUrl(), u"demo-dispatcher"_s);
    QTRY_VERIFY_WITH_TIMEOUT(orders.result().data.isArray(), 10000);
    QCOMPARE(orders.result().failureCount, 0);
    QVERIFY(!orders.result().data.toArray().isEmpty());
}

void tst_Session::driverTokenAsksForAStaffToken()
{
    // A driver's token is valid, but reaches only /api/me/…: the session says so once (not
    // "rejected", not a subscription retried for ever) and takes a staff token after it.
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    session.connection()->setBackoffPolicy({ 20ms, 100ms, 2.0, 1.0 });
    QSignalSpy staff(&session, &Session::staffTokenRequired);
    QSignalSpy unauthorized(&session, &Session::unauthorized);
    QSignalSpy attempts(session.connection(), &ConnectionManager::reconnectScheduled);
    session.start(server.baseUrl(), u"demo-driver"_s);
    QVERIFY(staff.wait(10000));
    QCOMPARE(session.connection()->role(), u"driver"_s);
    QCOMPARE(session.connection()->state(), ConnectionManager::State::Unauthorized);
    QCOMPARE(unauthorized.size(), 0);
    QVERIFY(!session.driverActions()->canManage());
    // A retrying connection would have tried again within this (backoff 20–100 ms).
    QVERIFY(!QTest::qWaitFor([&] { return !attempts.isEmpty() || staff.size() > 1; }, 300));

    session.setToken(u"demo-manager"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QCOMPARE(session.connection()->role(), u"manager"_s);
    QCOMPARE(staff.size(), 1);
}

void tst_Session::roleComesFromReady()
{
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    QSignalSpy canManage(session.driverActions(), &DriverActions::canManageChanged);
    session.start(server.baseUrl(), u"demo-dispatcher"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QCOMPARE(session.connection()->user(), u"dispatcher"_s);
    QCOMPARE(session.connection()->role(), u"dispatcher"_s);
    QVERIFY(!session.driverActions()->canManage());
    QVERIFY(!canManage.isEmpty());
    QCOMPARE(canManage.last().at(0).toBool(), false);

    canManage.clear();
    session.setToken(u"demo-manager"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.driverActions()->canManage(), 10000);
    QCOMPARE(canManage.last().at(0).toBool(), true);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
