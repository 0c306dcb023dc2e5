// A frozen server (SIGSTOP: the process and its sockets stay, nothing answers) against the
// client stack the app composes (Session): the screen must stop saying Live within 5 s with the
// default heartbeat, say "as of" the last frame or pong received (never the later moment it
// noticed), and go Live again after SIGCONT. A quiet but healthy server is never taken for a
// dead one.

#include <cstdio>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "serverprocess.h"
#include "sync/session.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

void configure(Session &session)
{
    session.queries()->setRetryPolicy({ 2, 50ms, 400ms });
    session.connection()->setBackoffPolicy({ 100ms, 1s, 2.0, 1.0 });
    session.connection()->setConnectTimeout(2s);
}

//! Stops the server and lets the client read what the server wrote before it stopped (frames
//! still in the loopback buffers): the returned moment is later than every frame the client will
//! ever receive from the frozen server.
QDateTime freezeAndDrain(ServerProcess &server, Session &session)
{
    server.freeze();
    // The stopped server's last bytes are already readable: each pass polls without blocking.
    // Done once three passes in a row receive nothing more.
    for (int quiet = 0; quiet < 3;) {
        const QDateTime before = session.connection()->lastReceivedAt();
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        quiet = session.connection()->lastReceivedAt() == before ? quiet + 1 : 0;
    }
    return QDateTime::currentDateTimeUtc();
}

} // namespace

class tst_FrozenServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void frozenServerIsNotLiveWithinFiveSeconds();
    void shortHeartbeatFindsItSooner();
    void quietServerStaysLive();
};

void tst_FrozenServer::initTestCase()
{
#ifndef Q_OS_UNIX
    QSKIP("freezing a process (SIGSTOP) is POSIX; Windows has no such signal");
#endif
}

void tst_FrozenServer::frozenServerIsNotLiveWithinFiveSeconds()
{
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--sim-interval"_s, u"400"_s }),
        qPrintable(server.errorString()));
    Session session;
    configure(session);
    QCOMPARE(session.connection()->heartbeatInterval(), 2000ms); // the app's default
    session.start(server.baseUrl(), u"demo-manager"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QSignalSpy events(session.connection(), &ConnectionManager::eventReceived);
    QVERIFY(events.wait(5000)); // the simulator writes: events flow

    QSignalSpy freshness(&session, &Session::freshnessChanged);
    QElapsedTimer sinceFreeze;
    sinceFreeze.start();
    const QDateTime frozenAt = freezeAndDrain(server, session);
    QVERIFY(!freshness.isEmpty() || freshness.wait(10000));
    const qint64 noticedAfter = sinceFreeze.elapsed();
    std::printf("FROZEN not live %lld ms after SIGSTOP (heartbeat 2 s)\n", qlonglong(noticedAfter));
    QVERIFY2(noticedAfter <= 5000, qPrintable(QString::number(noticedAfter)));
    QCOMPARE(freshness.last().at(0).toBool(), false);
    // "As of" is the last frame or pong received: no later than the freeze, and at most one ping
    // interval (plus a little) before it.
    const QDateTime asOf = freshness.last().at(1).toDateTime();
    QVERIFY2(asOf <= frozenAt, qPrintable(asOf.toString(Qt::ISODateWithMs)));
    QVERIFY2(asOf.msecsTo(frozenAt) <= 2500, qPrintable(asOf.toString(Qt::ISODateWithMs)));
    QCOMPARE(session.asOf(), asOf); // frozen while reconnect attempts come and go

    server.thaw();
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 20000);
    QVERIFY(session.connection()->lastReceivedAt() > frozenAt);
}

void tst_FrozenServer::shortHeartbeatFindsItSooner()
{
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    configure(session);
    session.connection()->setHeartbeatInterval(200ms);
    session.start(server.baseUrl(), u"demo-manager"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QSignalSpy freshness(&session, &Session::freshnessChanged);
    QElapsedTimer sinceFreeze;
    sinceFreeze.start();
    const QDateTime frozenAt = freezeAndDrain(server, session);
    QVERIFY(!freshness.isEmpty() || freshness.wait(3000));
    // Two intervals after the last pong, which came at most one interval before the freeze.
    QVERIFY2(
        sinceFreeze.elapsed() <= 400 + 300, qPrintable(QString::number(sinceFreeze.elapsed())));
    QVERIFY(freshness.last().at(1).toDateTime() <= frozenAt);
    server.thaw();
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 20000);
}

void tst_FrozenServer::quietServerStaysLive()
{
    // No simulator: no event at all. The pongs to the app's pings keep it Live.
    ServerProcess server(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(server.errorString()));
    Session session;
    configure(session);
    session.connection()->setHeartbeatInterval(200ms);
    session.start(server.baseUrl(), u"demo-manager"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QSignalSpy freshness(&session, &Session::freshnessChanged);
    QSignalSpy events(session.connection(), &ConnectionManager::eventReceived);
    QVERIFY(!freshness.wait(3000)); // fifteen intervals of silence but for the pongs
    QVERIFY(session.isLive());
    QCOMPARE(events.size(), 0);
}

QTEST_GUILESS_MAIN(tst_FrozenServer)
#include "tst_frozenserver.moc"
