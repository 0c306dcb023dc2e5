#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include "faultproxy.h"
#include "protocol/frames.h"
#include "protocolserver.h"
#include "realtime/connectionmanager.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

void configureFast(ConnectionManager &c)
{
    c.setBackoffPolicy({ 5ms, 40ms, 2.0, 1.0 });
    c.setHeartbeatInterval(100ms);
    c.setConnectTimeout(1500ms);
    c.setRandomSeed(1);
}

//! Millisecond timings, \a url, and the token the ProtocolServer accepts.
void configureFor(ConnectionManager &c, const QUrl &url)
{
    configureFast(c);
    c.setUrl(url);
    c.setToken(u"good"_s);
}

} // namespace

class tst_ConnectionManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goesLiveThroughAuthAndSubscribe();
    void dropsDuplicateEvents();
    void reconnectsAndResumesWithReplay();
    void resyncOnEpochChange();
    void noRetryAfterUnauthorizedUntilNewToken();
    void deliberateCloseNeverReconnects();
    void refusedConnectionGoesThroughBackoff();
    void connectTimeoutAbortsBeforeNextAttempt();
    void halfOpenConnectionIsDetected();
    void silenceIsJudgedFromTheLastFrameOrPong();
    void quietHealthyConnectionStaysLive();
    void busyThreadIsNotADeadPeer();
    void invalidFramesAreDroppedNotFatal();
    void offlineStopsRetryingAndReconnectsWhenBack();
    void signOutClosesAndSignInReconnects();
    void flappingServerKeepsBackingOff();
    void stableConnectionResetsBackoff();
    void rateLimitedCloseHonoursRetryAfter();
    void goingAwayReconnectsAtOnceWithJitter();
    void twoHundredClientsSpreadTheirReconnects();
    void secureConnectionWithTrustedCa();
    void untrustedCertificateIsAFailedAttempt();
};

void tst_ConnectionManager::goesLiveThroughAuthAndSubscribe()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy states(&c, &ConnectionManager::stateChanged);
    QSignalSpy subscribed(&c, &ConnectionManager::subscribed);
    c.open();
    QTRY_COMPARE(c.state(), ConnectionManager::State::Live);
    QCOMPARE(
        states.at(0).at(0).value<ConnectionManager::State>(), ConnectionManager::State::Connecting);
    QCOMPARE(states.at(1).at(0).value<ConnectionManager::State>(),
        ConnectionManager::State::Authenticating);
    QCOMPARE(states.at(2).at(0).value<ConnectionManager::State>(), ConnectionManager::State::Live);
    QCOMPARE(subscribed.size(), 1);
    QCOMPARE(subscribed.at(0).at(1).toBool(), false); // nothing to resume from
    QCOMPARE(c.position(), (StreamPosition { u"E1"_s, 0 }));
}

void tst_ConnectionManager::dropsDuplicateEvents()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy events(&c, &ConnectionManager::eventReceived);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.append();
    server.append();
    QTRY_COMPARE(events.size(), 2);
    // The same event again (e.g. a replay overlapping live delivery) is not applied twice.
    ServerFrame dup;
    dup.kind = ServerFrame::Kind::Event;
    dup.event = events.at(0).at(0).value<ChangeEvent>();
    server.sendRaw(dup.toJson());
    server.append();
    QTRY_COMPARE(events.size(), 3);
    QCOMPARE(events.at(2).at(0).value<ChangeEvent>().seq, 3);
}

void tst_ConnectionManager::reconnectsAndResumesWithReplay()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy events(&c, &ConnectionManager::eventReceived);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    QSignalSpy subscribed(&c, &ConnectionManager::subscribed);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.append();
    QTRY_COMPARE(events.size(), 1);

    server.abortAll();
    // While disconnected, three changes are committed that nobody receives.
    server.append(true);
    server.append(true);
    server.append(true);
    QTRY_VERIFY(retries.size() >= 1);
    QTRY_COMPARE(subscribed.size(), 2);
    QVERIFY(c.isLive());
    QCOMPARE(server.subscribeSince.last(), (StreamPosition { u"E1"_s, 1 }));
    QCOMPARE(subscribed.at(1).at(0).toLongLong(), 3); // replayed
    QCOMPARE(subscribed.at(1).at(1).toBool(), true); // resumed
    QCOMPARE(events.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(events.at(i).at(0).value<ChangeEvent>().seq, i + 1);
}

void tst_ConnectionManager::resyncOnEpochChange()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy resync(&c, &ConnectionManager::resyncRequired);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.append();
    QTRY_COMPARE(c.position()->seq, 1);
    server.epoch = u"E2"_s; // the server's log was reset
    server.abortAll();
    QTRY_COMPARE(resync.size(), 1);
    QTRY_VERIFY(c.isLive());
    QCOMPARE(c.position()->epoch, u"E2"_s);
}

void tst_ConnectionManager::noRetryAfterUnauthorizedUntilNewToken()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"wrong"_s);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_COMPARE(c.state(), ConnectionManager::State::Unauthorized);
    QCOMPARE(retries.size(), 0);
    QVERIFY(!c.nextRetryAt().isValid());
    QCOMPARE(server.connections, 1);
    c.setToken(u"good"_s); // signing in again reconnects at once
    QTRY_VERIFY(c.isLive());
    QCOMPARE(server.connections, 2);
}

void tst_ConnectionManager::deliberateCloseNeverReconnects()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(c.isLive());
    c.close();
    QCOMPARE(c.state(), ConnectionManager::State::Disconnected);
    QTRY_COMPARE(server.findChildren<QWebSocket *>().size(), 0);
    QCOMPARE(retries.size(), 0);
    QVERIFY(!c.nextRetryAt().isValid());
    QCOMPARE(server.connections, 1);
}

void tst_ConnectionManager::refusedConnectionGoesThroughBackoff()
{
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close(); // nothing listens there now: connections are refused

    ConnectionManager c;
    configureFor(c, QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(retries.size() >= 3);
    QCOMPARE(c.state(), ConnectionManager::State::Reconnecting);
    // Attempts count up; every delay stays within its backoff ceiling.
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(retries.at(i).at(0).toInt(), i + 1);
        const auto delay = retries.at(i).at(1).value<std::chrono::milliseconds>();
        QVERIFY(delay <= BackoffPolicy({ 5ms, 40ms, 2.0, 1.0 }).ceiling(i + 1));
    }
}

void tst_ConnectionManager::connectTimeoutAbortsBeforeNextAttempt()
{
    // Accepts TCP but never answers the WebSocket handshake.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    FaultProxy proxy(silent.serverPort());
    QVERIFY(proxy.listen());

    ConnectionManager c;
    configureFast(c);
    c.setConnectTimeout(100ms);
    c.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    c.setToken(u"good"_s);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(retries.size() >= 3);
    QVERIFY(proxy.totalConnections() >= 3);
    QCOMPARE(proxy.peakConnections(), 1); // never two sockets at once
    QVERIFY(!c.isLive());
}

void tst_ConnectionManager::halfOpenConnectionIsDetected()
{
    ProtocolServer server;
    FaultProxy proxy(server.port());
    QVERIFY(proxy.listen());
    ConnectionManager c;
    configureFor(c, QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    c.open();
    QTRY_VERIFY(c.isLive());

    proxy.setBlackhole(true); // no FIN, nothing arrives
    QElapsedTimer timer;
    timer.start();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), ConnectionManager::State::Reconnecting, 2000);
    // Detection is due after two heartbeat intervals (200 ms); the bound leaves room for a
    // loaded machine. Without the heartbeat the state would never leave Live (QTRY above fails).
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));

    proxy.setBlackhole(false);
    proxy.cutAll();
    QTRY_VERIFY(c.isLive());
}

void tst_ConnectionManager::silenceIsJudgedFromTheLastFrameOrPong()
{
    ProtocolServer server;
    FaultProxy proxy(server.port());
    QVERIFY(proxy.listen());
    ConnectionManager c;
    configureFor(c, QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    c.setHeartbeatInterval(300ms);
    QCOMPARE(c.heartbeatInterval(), 300ms);
    QVERIFY(!c.lastReceivedAt().isValid());
    c.open();
    QTRY_VERIFY(c.isLive());
    server.append();
    QTRY_VERIFY(c.lastReceivedAt().isValid());

    QDateTime noticed;
    connect(&c, &ConnectionManager::stateChanged, this, [&](ConnectionManager::State s) {
        if (s != ConnectionManager::State::Live && !noticed.isValid())
            noticed = QDateTime::currentDateTimeUtc();
    });
    const QDateTime cut = QDateTime::currentDateTimeUtc();
    proxy.setBlackhole(true); // a frozen peer: nothing arrives, nothing is refused
    QTRY_VERIFY_WITH_TIMEOUT(noticed.isValid(), 3000);
    const QDateTime last = c.lastReceivedAt();
    // The last evidence is from before the cut (a frame or a pong), and the peer is declared
    // dead two intervals after it: never earlier, and not a ping interval later either.
    QVERIFY(last <= cut);
    const qint64 silence = last.msecsTo(noticed);
    QVERIFY2(silence >= 600 - 5, qPrintable(QString::number(silence)));
    QVERIFY2(silence < 600 + 250, qPrintable(QString::number(silence)));
    proxy.setBlackhole(false);
    proxy.cutAll();
    QTRY_VERIFY(c.isLive());
    QVERIFY(c.lastReceivedAt() > cut);
}

void tst_ConnectionManager::quietHealthyConnectionStaysLive()
{
    // No event for twenty heartbeat intervals: the peer's answers to the pings alone keep it
    // Live (Qt's WebSocket answers a ping by itself).
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    c.open();
    QTRY_VERIFY(c.isLive());
    QSignalSpy changes(&c, &ConnectionManager::stateChanged);
    QVERIFY(!changes.wait(2000));
    QVERIFY(c.isLive());
    QVERIFY(c.lastReceivedAt().msecsTo(QDateTime::currentDateTimeUtc()) < 250);
}

void tst_ConnectionManager::busyThreadIsNotADeadPeer()
{
    // The thread is busy for six heartbeat intervals (a client parsing a large answer): its
    // deadline fires late, with the peer's pongs still unread. That is not a dead peer.
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    c.open();
    QTRY_VERIFY(c.isLive());
    QSignalSpy changes(&c, &ConnectionManager::stateChanged);
    // Not a wait for something: the busy thread is what is tested. Sleeping without the event
    // loop is the thread doing six intervals of other work.
    QThread::msleep(600);
    QVERIFY(!changes.wait(500));
    QVERIFY(c.isLive());

    // A peer that really is gone is still found, one interval later than on time.
    FaultProxy proxy(server.port());
    QVERIFY(proxy.listen());
    c.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    c.close();
    c.open();
    QTRY_VERIFY(c.isLive());
    proxy.setBlackhole(true);
    QThread::msleep(600);
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), ConnectionManager::State::Reconnecting, 2000);
}

void tst_ConnectionManager::invalidFramesAreDroppedNotFatal()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy errors(&c, &ConnectionManager::errorOccurred);
    QSignalSpy events(&c, &ConnectionManager::eventReceived);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.sendRaw(u"{not json"_s);
    server.sendRaw(u"{\"op\":\"event\",\"seq\":\"x\"}"_s);
    server.append();
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(errors.size(), 2);
    QVERIFY(c.isLive());
}

void tst_ConnectionManager::offlineStopsRetryingAndReconnectsWhenBack()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    c.open();
    QTRY_VERIFY(c.isLive());

    server.setListening(false);
    c.setNetworkReachable(false); // the OS says the network is gone
    server.abortAll();
    QTRY_COMPARE(c.state(), ConnectionManager::State::Offline);
    QVERIFY(!c.nextRetryAt().isValid()); // no timer-driven retries while offline
    const int connectionsWhileOffline = server.connections;

    server.setListening(true);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.setNetworkReachable(true); // back: reconnect at once, not after a backoff delay
    QCOMPARE(c.state(), ConnectionManager::State::Reconnecting);
    QTRY_VERIFY(c.isLive());
    QCOMPARE(retries.size(), 0);
    QCOMPARE(server.connections, connectionsWhileOffline + 1);
}

void tst_ConnectionManager::signOutClosesAndSignInReconnects()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(c.isLive());
    c.setToken(QString()); // sign out
    QCOMPARE(c.state(), ConnectionManager::State::Unauthorized);
    QTRY_COMPARE(server.openSockets(), 0);
    QCOMPARE(retries.size(), 0);
    c.setToken(u"good"_s); // sign in again
    QTRY_VERIFY(c.isLive());
    QCOMPARE(retries.size(), 0);
}

void tst_ConnectionManager::flappingServerKeepsBackingOff()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFast(c);
    c.setStableAfter(10s);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    // Each connection is accepted, goes Live, and dies at once: the handshake succeeds every
    // time, but the backoff must keep growing instead of resetting to the first step.
    for (int i = 1; i <= 4; ++i) {
        QTRY_VERIFY(c.isLive());
        server.abortAll();
        QTRY_COMPARE(retries.size(), i);
        QCOMPARE(retries.last().at(0).toInt(), i);
    }
}

void tst_ConnectionManager::stableConnectionResetsBackoff()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFast(c);
    c.setStableAfter(50ms);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.abortAll();
    QTRY_COMPARE(retries.size(), 1);
    QTRY_VERIFY(c.isLive());
    QTRY_COMPARE(c.attempt(), 0); // stayed up for the stable period
    server.abortAll();
    QTRY_COMPARE(retries.size(), 2);
    QCOMPARE(retries.last().at(0).toInt(), 1);
}

void tst_ConnectionManager::rateLimitedCloseHonoursRetryAfter()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(c.isLive());
    server.closeAll(Wire::CloseCode::RateLimited, u"retry_after=2"_s);
    QTRY_COMPARE(retries.size(), 1);
    // The backoff alone would say at most 5 ms; the server asked for 2 s.
    QCOMPARE(retries.at(0).at(1).value<std::chrono::milliseconds>(), 2000ms);
    QCOMPARE(c.state(), ConnectionManager::State::Reconnecting);
}

void tst_ConnectionManager::goingAwayReconnectsAtOnceWithJitter()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFor(c, server.url());
    // A backoff that would wait 10 s even for the first retry.
    c.setBackoffPolicy({ 10s, 30s, 2.0, 0.0 });
    c.setGoingAwayJitter(50ms);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY(c.isLive());
    QElapsedTimer sinceClose;
    sinceClose.start();
    server.closeAll(Wire::CloseCode::GoingAway, u"server shutting down"_s);
    QTRY_COMPARE(retries.size(), 1);
    QCOMPARE(retries.at(0).at(0).toInt(), 1); // the backoff starts over
    QVERIFY(retries.at(0).at(1).value<std::chrono::milliseconds>() <= 50ms);
    QTRY_VERIFY(c.isLive());
    QVERIFY2(sinceClose.elapsed() < 5000, "reconnected through the backoff, not at once");

    // The jitter differs between clients: a restart does not bring them all back at once.
    QSet<qint64> delays;
    for (quint32 seed = 1; seed <= 20; ++seed) {
        ConnectionManager other;
        configureFor(other, server.url());
        other.setRandomSeed(seed);
        other.setBackoffPolicy({ 10s, 30s, 2.0, 0.0 });
        other.setGoingAwayJitter(1000ms);
        QSignalSpy scheduled(&other, &ConnectionManager::reconnectScheduled);
        other.open();
        QTRY_VERIFY(other.isLive());
        server.closeAll(Wire::CloseCode::GoingAway, u"server shutting down"_s);
        QTRY_COMPARE(scheduled.size(), 1);
        const auto delay = scheduled.at(0).at(1).value<std::chrono::milliseconds>();
        QVERIFY(delay <= 1000ms);
        delays.insert(delay.count());
        other.close();
        c.close();
    }
    QVERIFY2(delays.size() >= 10, "going-away delays are not spread");
}

void tst_ConnectionManager::twoHundredClientsSpreadTheirReconnects()
{
    // After a server restart a thousand dispatchers must not all reconnect in the same
    // instant. Assert on the distribution of the scheduled delays, not on wall time.
    constexpr int clients = 200;
    const BackoffPolicy policy { 500ms, 30s, 2.0, 1.0 };
    ProtocolServer server;
    std::vector<std::unique_ptr<ConnectionManager>> managers;
    QList<qint64> firstDelays;
    for (int i = 0; i < clients; ++i) {
        auto c = std::make_unique<ConnectionManager>();
        c->setBackoffPolicy(policy);
        c->setRandomSeed(quint32(1000 + i)); // reproducible; the app seeds from the OS
        c->setHeartbeatInterval(10s);
        c->setUrl(server.url());
        c->setToken(u"good"_s);
        connect(c.get(), &ConnectionManager::reconnectScheduled, this,
            [&firstDelays](int attempt, std::chrono::milliseconds delay) {
                if (attempt == 1)
                    firstDelays.append(delay.count());
            });
        c->open();
        managers.push_back(std::move(c));
    }
    const auto allLive = [&] {
        return std::all_of(
            managers.begin(), managers.end(), [](const auto &c) { return c->isLive(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allLive(), 20000);

    server.abortAll(); // the server "restarts"
    QTRY_COMPARE_WITH_TIMEOUT(int(firstDelays.size()), clients, 10000);

    // Full jitter: uniform over [0, 500 ms]. Ten buckets of 50 ms expect 20 each.
    QList<int> buckets(10, 0);
    for (qint64 d : std::as_const(firstDelays)) {
        QVERIFY(d >= 0 && d <= 500);
        ++buckets[int(std::min<qint64>(d / 50, 9))];
    }
    for (int b = 0; b < 10; ++b)
        QVERIFY2(buckets.at(b) >= 6 && buckets.at(b) <= 40,
            qPrintable(u"bucket %1 has %2 of %3"_s.arg(b).arg(buckets.at(b)).arg(clients)));
    // And no instant takes a crowd: at most 5 % within any 5 ms.
    std::sort(firstDelays.begin(), firstDelays.end());
    for (qsizetype i = 0; i + 10 < firstDelays.size(); ++i)
        QVERIFY(firstDelays.at(i + 10) - firstDelays.at(i) > 5);

    QTRY_VERIFY_WITH_TIMEOUT(allLive(), 20000);
}

namespace {

QSslConfiguration testServerSsl()
{
    QFile certFile(QStringLiteral(OPS_TEST_DATA_DIR "/test-server.crt"));
    QFile keyFile(QStringLiteral(OPS_TEST_DATA_DIR "/test-server.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return {};
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    ssl.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    return ssl;
}

} // namespace

void tst_ConnectionManager::secureConnectionWithTrustedCa()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QSslConfiguration ssl = testServerSsl();
    QVERIFY(!ssl.localCertificate().isNull());
    ProtocolServer server(ssl);
    QVERIFY(server.url().toString().startsWith(u"wss://"_s));
    ConnectionManager c;
    configureFast(c);
    c.setCaCertificates({ ssl.localCertificate() });
    c.setUrl(server.url());
    c.setToken(u"good"_s);
    QSignalSpy events(&c, &ConnectionManager::eventReceived);
    c.open();
    QTRY_VERIFY_WITH_TIMEOUT(c.isLive(), 10000);
    server.append();
    QTRY_COMPARE(events.size(), 1);
}

void tst_ConnectionManager::untrustedCertificateIsAFailedAttempt()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    ProtocolServer server(testServerSsl());
    ConnectionManager c;
    configureFast(c);
    c.setUrl(server.url()); // no CA given: the self-signed certificate must not verify
    c.setToken(u"good"_s);
    QSignalSpy errors(&c, &ConnectionManager::errorOccurred);
    QSignalSpy retries(&c, &ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY_WITH_TIMEOUT(retries.size() >= 2, 10000);
    QVERIFY(!c.isLive());
    QVERIFY(!errors.isEmpty());
    QVERIFY(errors.first().at(0).toString().startsWith(u"Secure connection failed"_s));
}

QTEST_GUILESS_MAIN(tst_ConnectionManager)
#include "tst_connectionmanager.moc"
