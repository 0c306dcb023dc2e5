// Socket-level HTTP limits (HttpListener): header size (431), body size (413 before the body
// is read), chunked bodies (411), idle keep-alive timeout, WebSocket exemption, TCP_NODELAY.
// Most cases run against the real opsboard-server process over raw TCP; the socket-option and
// counter checks run in process, where the server's sockets can be inspected.

#include <cerrno>
#include <memory>
#include <optional>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include "server/demo/demodata.h"
#include "server/opsserver.h"
#include "serverprocess.h"

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

struct RawResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; //!< lowercase names
    QByteArray body;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    [[nodiscard]] QString error() const { return json().value("error"_L1).toString(); }
};

//! An HTTP/1.1 client over a bare QTcpSocket: writes whatever bytes a test wants and parses
//! the responses that come back, one after another on the same connection.
struct RawClient
{
    QTcpSocket socket;
    QByteArray buffer;

    bool connectTo(quint16 port)
    {
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    [[nodiscard]] bool isClosed() const
    {
        return socket.state() == QAbstractSocket::UnconnectedState;
    }
    //! The next complete response; nullopt when the connection ended or \a timeoutMs passed.
    std::optional<RawResponse> nextResponse(int timeoutMs = 5000)
    {
        std::optional<RawResponse> response;
        (void)QTest::qWaitFor(
            [&] {
                buffer += socket.readAll();
                response = take();
                return response.has_value() || isClosed();
            },
            timeoutMs);
        if (!response) {
            buffer += socket.readAll();
            response = take();
        }
        return response;
    }

private:
    std::optional<RawResponse> take()
    {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return std::nullopt;
        RawResponse r;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        r.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                    lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return std::nullopt;
        r.body = buffer.mid(headEnd + 4, length);
        buffer.remove(0, headEnd + 4 + length);
        return r;
    }
};

QByteArray healthzRequest()
{
    return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba;
}

#ifdef Q_OS_UNIX
//! TCP_NODELAY as the kernel reports it for descriptor \a fd.
int noDelayOf(int fd)
{
    int flag = -1;
    socklen_t size = sizeof flag;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &flag, &size) != 0)
        return -1;
    return flag;
}

//! The connected TCP sockets of this process whose local port is \a port: the server's side
//! of each connection (the HTTP listener's, and the WebSocket hub's in its threads).
QList<int> acceptedSockets(quint16 port)
{
    QList<int> fds;
    for (int fd = 0; fd < 4096; ++fd) {
        sockaddr_storage local {};
        socklen_t length = sizeof local;
        sockaddr_storage peer {};
        socklen_t peerLength = sizeof peer;
        if (::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) != 0
            || ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0
            || local.ss_family != AF_INET)
            continue;
        if (ntohs(reinterpret_cast<const sockaddr_in *>(&local)->sin_port) == port)
            fds.append(fd);
    }
    return fds;
}
#endif

} // namespace

class tst_HttpLimits : public QObject
{
    Q_OBJECT

private:
    //! GET /healthz on a new connection answers 200: the server still serves.
    void verifyServing();
    std::unique_ptr<RawClient> connectRaw();

    std::unique_ptr<ServerProcess> m_server;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void oversizedHeaderGets431();
    void oversizedCompleteHeaderGets431();
    void hugeContentLengthGets413WithoutBody();
    void chunkedBodyGets411();
    void badContentLengthGets400();
    void keepAliveAndPipeliningStillWork();
    void idleConnectionIsClosed();
    void idleKeepAliveConnectionIsClosed();
    void webSocketOutlivesIdleTimeout();

    // In process.
    void rejectionsAreCounted();
    void acceptedSocketsHaveNoDelay();
    void aBurstOfConnectionsIsQueuedNotDropped();
};

void tst_HttpLimits::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0,
                 { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--no-eta"_s,
                     u"--orders"_s, u"10"_s, u"--idle-timeout"_s, u"1"_s }),
        qPrintable(m_server->errorString()));
}

void tst_HttpLimits::cleanupTestCase()
{
    m_server.reset();
}

std::unique_ptr<RawClient> tst_HttpLimits::connectRaw()
{
    auto client = std::make_unique<RawClient>();
    if (!client->connectTo(m_server->port()))
        return nullptr;
    return client;
}

void tst_HttpLimits::verifyServing()
{
    auto client = connectRaw();
    QVERIFY(client);
    client->send(healthzRequest());
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json().value("status"_L1).toString(), u"ok"_s);
}

void tst_HttpLimits::oversizedHeaderGets431()
{
    auto client = connectRaw();
    QVERIFY(client);
    // 20 KiB of one header and no blank line: the server must not wait for the end.
    client->send(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + QByteArray(20 * 1024, 'a'));
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QCOMPARE(response->error(), u"header_too_large"_s);
    QCOMPARE(response->headers.value("connection"), "close"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
    verifyServing();
}

void tst_HttpLimits::oversizedCompleteHeaderGets431()
{
    auto client = connectRaw();
    QVERIFY(client);
    // Many small headers, complete, 17 KiB in all.
    QByteArray request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"_ba;
    for (int i = 0; i < 170; ++i)
        request += "X-Header-" + QByteArray::number(i) + ": " + QByteArray(90, 'b') + "\r\n";
    request += "\r\n";
    QVERIFY(request.size() > 16 * 1024);
    client->send(request);
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);

    // Just under the limit is served.
    auto small = connectRaw();
    QVERIFY(small);
    small->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + QByteArray(15 * 1024, 'c')
        + "\r\n\r\n");
    const auto ok = small->nextResponse();
    QVERIFY(ok);
    QCOMPARE(ok->status, 200);
}

void tst_HttpLimits::hugeContentLengthGets413WithoutBody()
{
    auto client = connectRaw();
    QVERIFY(client);
    // Only the head, claiming 100 MB: the answer comes without a byte of body sent.
    client->send("PATCH /api/orders/ORD-00001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Authorization: Bearer demo-manager\r\nContent-Type: application/json\r\n"
                 "Content-Length: 104857600\r\n\r\n");
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->error(), u"payload_too_large"_s);
    QVERIFY(response->json().value("message"_L1).toString().contains(u"65536"_s));
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);

    // A client that does send its (too large) body still reads the answer, not a reset.
    auto uploader = connectRaw();
    QVERIFY(uploader);
    const QByteArray body(200 * 1024, 'x');
    uploader->send("POST /api/orders/bulk-status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Authorization: Bearer demo-manager\r\nContent-Type: application/json\r\n"
                   "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const auto uploaded = uploader->nextResponse();
    QVERIFY(uploaded);
    QCOMPARE(uploaded->status, 413);
    QTRY_VERIFY_WITH_TIMEOUT(uploader->isClosed(), 5000);
    verifyServing();
}

void tst_HttpLimits::chunkedBodyGets411()
{
    auto client = connectRaw();
    QVERIFY(client);
    client->send("POST /api/orders/bulk-status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Authorization: Bearer demo-manager\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "2\r\n{}\r\n0\r\n\r\n");
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 411);
    QCOMPARE(response->error(), u"length_required"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
    verifyServing();
}

void tst_HttpLimits::badContentLengthGets400()
{
    auto client = connectRaw();
    QVERIFY(client);
    client->send("POST /api/orders/bulk-status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}");
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QCOMPARE(response->error(), u"bad_request"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
    verifyServing();
}

void tst_HttpLimits::keepAliveAndPipeliningStillWork()
{
    auto client = connectRaw();
    QVERIFY(client);
    client->send(healthzRequest());
    auto first = client->nextResponse();
    QVERIFY(first);
    QCOMPARE(first->status, 200);

    // A request with a body and another behind it in the same write: the guard must skip
    // exactly the body to find the next head.
    client->send("PATCH /api/orders/ORD-99999 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Authorization: Bearer demo-manager\r\nContent-Type: application/json\r\n"
                 "Content-Length: 21\r\n\r\n{\"status\":\"assigned\"}"
        + healthzRequest());
    const auto patch = client->nextResponse();
    QVERIFY(patch);
    QCOMPARE(patch->status, 404);
    const auto second = client->nextResponse();
    QVERIFY(second);
    QCOMPARE(second->status, 200);

    // Body and next head arriving in pieces.
    const QByteArray split = "PATCH /api/orders/ORD-99999 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer demo-manager\r\nContent-Length: 21\r\n\r\n"
                             "{\"status\":\"assigned\"}"_ba
        + healthzRequest();
    for (qsizetype i = 0; i < split.size(); i += 7) {
        client->send(split.mid(i, 7));
        QTRY_COMPARE(client->socket.bytesToWrite(), 0);
    }
    const auto patch2 = client->nextResponse();
    QVERIFY(patch2);
    QCOMPARE(patch2->status, 404);
    const auto third = client->nextResponse();
    QVERIFY(third);
    QCOMPARE(third->status, 200);
    QVERIFY(!client->isClosed());
}

void tst_HttpLimits::idleConnectionIsClosed()
{
    auto client = connectRaw();
    QVERIFY(client);
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
    // --idle-timeout 1: not before about a second.
    QVERIFY2(elapsed.elapsed() >= 800, qPrintable(QString::number(elapsed.elapsed())));
}

void tst_HttpLimits::idleKeepAliveConnectionIsClosed()
{
    auto client = connectRaw();
    QVERIFY(client);
    client->send(healthzRequest());
    const auto response = client->nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
    QVERIFY2(elapsed.elapsed() >= 800, qPrintable(QString::number(elapsed.elapsed())));
    verifyServing();
}

void tst_HttpLimits::webSocketOutlivesIdleTimeout()
{
    QWebSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    QList<QJsonObject> frames;
    connect(&socket, &QWebSocket::textMessageReceived, this, [&frames](const QString &text) {
        frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    socket.open(m_server->socketUrl());
    QVERIFY(connected.wait(5000));
    socket.sendTextMessage(uR"({"op":"auth","token":"demo-viewer"})"_s);
    QTRY_COMPARE(frames.size(), 1);
    QCOMPARE(frames.at(0).value("op"_L1).toString(), u"ready"_s);

    // Silent for more than twice the idle timeout (the server's heartbeat is 10 s away).
    QVERIFY(!disconnected.wait(2500));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    socket.sendTextMessage(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_COMPARE(frames.size(), 2);
    QCOMPARE(frames.at(1).value("op"_L1).toString(), u"subscribed"_s);
}

void tst_HttpLimits::rejectionsAreCounted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ops::OpsServer server;
    server.setAuth(Ops::Demo::users());
    QVERIFY(server.openStore(dir.filePath(u"limits.sqlite"_s)).ok());
    Ops::HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    limits.idleTimeout = 200ms;
    server.setHttpLimits(limits);
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    Ops::HttpListener *listener = server.httpListener();
    QVERIFY(listener);
    using Rejection = Ops::HttpListener::Rejection;
    QSignalSpy rejected(listener, &Ops::HttpListener::connectionRejected);

    RawClient header;
    QVERIFY(header.connectTo(port));
    header.send("GET /healthz HTTP/1.1\r\nX-Pad: " + QByteArray(3000, 'a') + "\r\n\r\n");
    QVERIFY(header.nextResponse());
    RawClient body;
    QVERIFY(body.connectTo(port));
    body.send("POST /api/orders/bulk-status HTTP/1.1\r\nContent-Length: 70000\r\n\r\n");
    QVERIFY(body.nextResponse());
    RawClient chunked;
    QVERIFY(chunked.connectTo(port));
    chunked.send("POST /api/orders/bulk-status HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    QVERIFY(chunked.nextResponse());
    RawClient idle;
    QVERIFY(idle.connectTo(port));
    QTRY_VERIFY_WITH_TIMEOUT(idle.isClosed(), 5000);

    QCOMPARE(listener->rejections(Rejection::HeaderTooLarge), 1);
    QCOMPARE(listener->rejections(Rejection::BodyTooLarge), 1);
    QCOMPARE(listener->rejections(Rejection::LengthRequired), 1);
    QCOMPARE(listener->rejections(Rejection::BadFraming), 0);
    // Rejected connections linger and close; only the silent one counts as idle.
    QCOMPARE(listener->rejections(Rejection::IdleTimeout), 1);
    QCOMPARE(rejected.size(), 4);
    QCOMPARE(rejected.at(0).at(0).value<Rejection>(), Rejection::HeaderTooLarge);
}

void tst_HttpLimits::acceptedSocketsHaveNoDelay()
{
#ifndef Q_OS_UNIX
    QSKIP("reads TCP_NODELAY with getsockopt()");
#else
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ops::OpsServer server;
    server.setAuth(Ops::Demo::users());
    QVERIFY(server.openStore(dir.filePath(u"nodelay.sqlite"_s)).ok());
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);

    // One keep-alive HTTP connection and one WebSocket.
    RawClient http;
    QVERIFY(http.connectTo(port));
    http.send(healthzRequest());
    const auto response = http.nextResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QWebSocket ws;
    ws.setProxy(QNetworkProxy::NoProxy);
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(server.hub().sessionCount(), 1);
    QCOMPARE(server.httpListener()->webSocketUpgrades(), 1);

    const QList<int> sockets = acceptedSockets(port);
    QCOMPARE(sockets.size(), 2);
    for (const int fd : sockets)
        QCOMPARE(noDelayOf(fd), 1);
#endif
}

void tst_HttpLimits::aBurstOfConnectionsIsQueuedNotDropped()
{
    // A hundred clients connecting at once (after an import, after a restart) must all be
    // queued by the kernel until the server accepts them. With Qt's default backlog of 50 the
    // SYNs over it are dropped and each of those clients waits a second for a retransmission.
    // The event loop does not run here, so nothing is accepted: what connects was queued.
#ifndef Q_OS_LINUX
    QSKIP("counts connections the Linux kernel queues on a listening socket");
#else
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ops::OpsServer server;
    server.setAuth(Ops::Demo::users());
    QVERIFY(server.openStore(dir.filePath(u"backlog.sqlite"_s)).ok());
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    // The kernel caps any backlog at net.core.somaxconn (4096 on Linux 5.4 and later).
    QFile cap(u"/proc/sys/net/core/somaxconn"_s);
    const int somaxconn = cap.open(QIODevice::ReadOnly) ? cap.readAll().trimmed().toInt() : 0;
    if (somaxconn <= 60)
        QSKIP("net.core.somaxconn is too small to tell a backlog from Qt's default of 50");
    const int clients = qMin(200, somaxconn);
    QList<int> fds;
    const auto closeAll = qScopeGuard([&fds] {
        for (const int fd : std::as_const(fds))
            ::close(fd);
    });
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < clients; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        QVERIFY(fd >= 0);
        fds.append(fd);
        const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
        QVERIFY(rc == 0 || errno == EINPROGRESS);
    }
    // A queued connection completes its handshake at once on loopback; a dropped SYN leaves
    // its socket waiting for the retransmission, a second later.
    QList<pollfd> waiting;
    for (const int fd : std::as_const(fds))
        waiting.append(pollfd { fd, POLLOUT, 0 });
    QVERIFY(::poll(waiting.data(), nfds_t(waiting.size()), 200) >= 0);
    int connected = 0;
    for (const pollfd &p : std::as_const(waiting)) {
        int error = 0;
        socklen_t length = sizeof error;
        if ((p.revents & POLLOUT) && ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0
            && error == 0)
            ++connected;
    }
    QCOMPARE(connected, clients);
#endif
}

QTEST_GUILESS_MAIN(tst_HttpLimits)
#include "tst_httplimits.moc"
