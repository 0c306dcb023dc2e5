#include "faultproxy.h"
#include "protocol/frames.h"
#include "realtime/connectionmanager.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

//! A real QWebSocketServer speaking the Opsboard protocol from an in-memory event log.
class ProtocolServer : public QObject
{
public:
    ProtocolServer()
        : m_server(u"test"_s, QWebSocketServer::NonSecureMode)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                ++connections;
                connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, socket](const QString &text) { onText(socket, text); });
                connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                    m_subscribed.removeAll(socket);
                    socket->deleteLater();
                });
            }
        });
    }

    ~ProtocolServer() override
    {
        // Sockets are children: delete them while the members their slots use still exist.
        for (QWebSocket *s : findChildren<QWebSocket *>()) {
            s->disconnect(this);
            delete s;
        }
    }

    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const { return QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port())); }

    //! Appends to the log and pushes to subscribers (unless \a silent: then only logged).
    void append(bool silent = false)
    {
        ChangeEvent e;
        e.seq = m_log.size() + 1;
        e.epoch = epoch;
        e.type = u"order.updated"_s;
        e.entity = u"order"_s;
        e.id = u"ORD-%1"_s.arg(e.seq);
        e.version = 1;
        e.ts = QDateTime::currentDateTimeUtc();
        m_log.append(e);
        if (!silent) {
            for (QWebSocket *s : std::as_const(m_subscribed))
                send(s, e);
        }
    }
    void sendRaw(const QString &text)
    {
        for (QWebSocket *s : std::as_const(m_subscribed))
            s->sendTextMessage(text);
    }
    void abortAll()
    {
        for (QWebSocket *s : findChildren<QWebSocket *>())
            s->abort();
    }
    void closeAll(Wire::CloseCode code, const QString &reason)
    {
        for (QWebSocket *s : findChildren<QWebSocket *>())
            s->close(QWebSocketProtocol::CloseCode(code), reason);
    }

    QString epoch = u"E1"_s;
    QString validToken = u"good"_s;
    int connections = 0;
    QList<std::optional<StreamPosition>> subscribeSince;

private:
    void send(QWebSocket *s, const ChangeEvent &e)
    {
        ServerFrame f;
        f.kind = ServerFrame::Kind::Event;
        f.event = e;
        s->sendTextMessage(f.toJson());
    }
    void onText(QWebSocket *socket, const QString &text)
    {
        const auto frame = ClientFrame::parse(text, nullptr);
        QVERIFY(frame);
        const StreamPosition head { epoch, qint64(m_log.size()) };
        if (frame->kind == ClientFrame::Kind::Auth) {
            if (frame->token != validToken) {
                socket->close(QWebSocketProtocol::CloseCode(Wire::CloseCode::Unauthorized),
                    u"bad token"_s);
                return;
            }
            ServerFrame ready;
            ready.kind = ServerFrame::Kind::Ready;
            ready.position = head;
            socket->sendTextMessage(ready.toJson());
        } else if (frame->kind == ClientFrame::Kind::Subscribe) {
            subscribeSince.append(frame->since);
            qint64 replayed = 0;
            if (frame->since && frame->since->epoch != epoch) {
                ServerFrame resync;
                resync.kind = ServerFrame::Kind::Resync;
                resync.position = head;
                resync.error = u"epoch_changed"_s;
                socket->sendTextMessage(resync.toJson());
            } else if (frame->since) {
                for (qint64 seq = frame->since->seq + 1; seq <= m_log.size(); ++seq, ++replayed)
                    send(socket, m_log.at(seq - 1));
            }
            ServerFrame sub;
            sub.kind = ServerFrame::Kind::Subscribed;
            sub.channels = frame->channels;
            sub.replayed = replayed;
            sub.position = head;
            socket->sendTextMessage(sub.toJson());
            m_subscribed.append(socket);
        }
    }

    QWebSocketServer m_server;
    QList<ChangeEvent> m_log;
    QList<QWebSocket *> m_subscribed;
};

void configureFast(ConnectionManager &c)
{
    c.setBackoffPolicy({ 5ms, 40ms, 2.0, 1.0 });
    c.setHeartbeatInterval(100ms);
    c.setConnectTimeout(1500ms);
    c.setRandomSeed(1);
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
    void invalidFramesAreDroppedNotFatal();
};

void tst_ConnectionManager::goesLiveThroughAuthAndSubscribe()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
    QSignalSpy states(&c, &ConnectionManager::stateChanged);
    QSignalSpy subscribed(&c, &ConnectionManager::subscribed);
    c.open();
    QTRY_COMPARE(c.state(), ConnectionManager::State::Live);
    QCOMPARE(states.at(0).at(0).value<ConnectionManager::State>(), ConnectionManager::State::Connecting);
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
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
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
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
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
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
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
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
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
    configureFast(c);
    c.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    c.setToken(u"good"_s);
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
    configureFast(c);
    c.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(proxy.port())));
    c.setToken(u"good"_s);
    c.open();
    QTRY_VERIFY(c.isLive());

    proxy.setBlackhole(true); // no FIN, nothing arrives
    QElapsedTimer timer;
    timer.start();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), ConnectionManager::State::Reconnecting, 2000);
    // Two heartbeat intervals (100 ms) plus one tick of slack.
    QVERIFY2(timer.elapsed() < 400, qPrintable(QString::number(timer.elapsed())));

    proxy.setBlackhole(false);
    proxy.cutAll();
    QTRY_VERIFY(c.isLive());
}

void tst_ConnectionManager::invalidFramesAreDroppedNotFatal()
{
    ProtocolServer server;
    ConnectionManager c;
    configureFast(c);
    c.setUrl(server.url());
    c.setToken(u"good"_s);
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

QTEST_GUILESS_MAIN(tst_ConnectionManager)
#include "tst_connectionmanager.moc"
