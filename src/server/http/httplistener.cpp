#include "httplistener.h"

#include <optional>
#include <utility>

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include "core/error.h"
#include "core/logging.h"

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request"_ba;
    case 411:
        return "Length Required"_ba;
    case 413:
        return "Content Too Large"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    default:
        return "Error"_ba;
    }
}

//! QHttpServer skips these before a request line (leftovers of the previous request).
bool isLeadingWhitespace(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

//! A Content-Length value: digits only (no sign, no spaces inside), at most 18 of them.
std::optional<qint64> parseContentLength(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 18)
        return std::nullopt;
    qint64 result = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        result = result * 10 + (c - '0');
    }
    return result;
}

} // namespace

//! \brief Watches one accepted socket from before QHttpServer reads it until it is closed or
//! upgraded to a WebSocket.
//!
//! It runs its own small framing over the bytes as they arrive (request head, then
//! Content-Length bytes of body, then the next head), a step ahead of QHttpServer: its
//! readyRead slot is connected before QHttpServer's, and a second slot connected after it
//! notes how many bytes QHttpServer left unread, so each byte is looked at once (by peek(),
//! never read()). A rejection disconnects QHttpServer from the socket, so it never parses or
//! buffers the offending request.
class ConnectionGuard : public QObject
{
public:
    ConnectionGuard(HttpListener &listener, QTcpSocket *socket)
        : QObject(socket)
        , m_listener(&listener)
        , m_socket(socket)
        , m_limits(listener.limits())
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimer);
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
        if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
            // Plaintext leaves bytesToWrite() before its TLS records leave the socket.
            connect(
                tls, &QSslSocket::encryptedBytesWritten, this, &ConnectionGuard::onBytesWritten);
        }
        m_lastActivity.start();
        if (m_limits.idleTimeout.count() > 0)
            m_timer.start(m_limits.idleTimeout);
        m_listener->m_guards.insert(this);
    }

    ~ConnectionGuard() override
    {
        if (m_listener)
            m_listener->forget(this);
    }

    //! The listener is going away first; nothing to tell it any more.
    void detach() { m_listener = nullptr; }

    //! Closes the connection now when it is between requests, else after its answer.
    void drain()
    {
        m_draining = true;
        closeIfIdle();
    }

    //! Call once QHttpServer has connected its own readyRead handler.
    void watchAfterServer()
    {
        connect(m_socket, &QTcpSocket::readyRead, this, [this] {
            m_unreadSeen = m_socket->bytesAvailable();
            // Hand the answer QHttpServer just wrote to the kernel now: left to the socket's
            // write notifier, a small answer waits until every other connection that was
            // readable in the same turn has had its request handled.
            if (m_socket->bytesToWrite() > 0)
                m_socket->flush();
        });
    }

private:
    enum class Phase {
        Head,
        Body,
        Upgraded,
        Rejected,
    };

    void onReadyRead()
    {
        if (m_phase == Phase::Rejected) {
            discardInput();
            if (m_drained > m_limits.maxLingerBytes)
                m_socket->abort();
            return;
        }
        if (m_phase == Phase::Upgraded)
            return;
        m_lastActivity.restart();
        const qint64 available = m_socket->bytesAvailable();
        const qint64 fresh = available - m_unreadSeen;
        if (fresh <= 0)
            return;
        if (m_phase == Phase::Body && fresh <= m_bodyLeft) {
            // Body bytes only: count them, no copy.
            m_bodyLeft -= fresh;
            if (m_bodyLeft == 0)
                m_phase = Phase::Head;
        } else {
            const QByteArray buffered = m_socket->peek(available);
            feed(QByteArrayView(buffered).sliced(qMin<qsizetype>(m_unreadSeen, buffered.size())));
        }
        m_unreadSeen = available;
    }

    void onBytesWritten()
    {
        m_lastActivity.restart();
        if (m_phase == Phase::Rejected)
            shutdownWriteWhenFlushed();
        else if (m_draining)
            closeIfIdle();
    }

    void closeIfIdle()
    {
        // Between requests: nothing of a next request read, the last answer written.
        if (m_phase == Phase::Head && m_head.isEmpty() && m_socket->bytesAvailable() == 0
            && pendingBytes() == 0)
            m_socket->disconnectFromHost();
    }

    void onTimer()
    {
        if (m_phase == Phase::Rejected) {
            // The linger time is over.
            m_socket->abort();
            return;
        }
        if (m_phase == Phase::Upgraded)
            return;
        // Re-armed lazily instead of restarted on every read and write.
        const auto idle = std::chrono::milliseconds(m_lastActivity.elapsed());
        if (idle < m_limits.idleTimeout) {
            m_timer.start(m_limits.idleTimeout - idle);
            return;
        }
        qCDebug(lcServerHttp) << "closing a connection idle for" << idle.count() << "ms";
        m_phase = Phase::Rejected;
        m_listener->noteRejection(HttpListener::Rejection::IdleTimeout);
        // A peer that does not read would keep a graceful close waiting forever.
        if (pendingBytes() > 0)
            m_socket->abort();
        else
            m_socket->disconnectFromHost();
    }

    void feed(QByteArrayView data)
    {
        qsizetype pos = 0;
        while (pos < data.size()) {
            switch (m_phase) {
            case Phase::Body: {
                const qint64 take = qMin<qint64>(m_bodyLeft, data.size() - pos);
                pos += take;
                m_bodyLeft -= take;
                if (m_bodyLeft == 0)
                    m_phase = Phase::Head;
                break;
            }
            case Phase::Head: {
                if (m_head.isEmpty()) {
                    while (pos < data.size() && isLeadingWhitespace(data.at(pos)))
                        ++pos;
                    if (pos == data.size())
                        return;
                }
                // m_head never grows past the limit plus one byte: enough to know it is over.
                const qsizetype oldSize = m_head.size();
                const qsizetype room = m_limits.maxHeaderBytes + 1 - oldSize;
                const QByteArrayView chunk = data.sliced(pos, qMin(room, data.size() - pos));
                m_head.append(chunk);
                const qsizetype from = qMax<qsizetype>(0, oldSize - 2);
                const qsizetype crlf = m_head.indexOf("\n\r\n", from);
                const qsizetype lf = m_head.indexOf("\n\n", from);
                qsizetype end = -1;
                if (crlf >= 0 && (lf < 0 || crlf < lf))
                    end = crlf + 3;
                else if (lf >= 0)
                    end = lf + 2;
                if (end < 0 || end > m_limits.maxHeaderBytes) {
                    if (m_head.size() > m_limits.maxHeaderBytes) {
                        reject(431, HttpListener::Rejection::HeaderTooLarge, u"header_too_large"_s,
                            u"request line and headers larger than %1 bytes"_s.arg(
                                m_limits.maxHeaderBytes));
                        return;
                    }
                    pos += chunk.size();
                    break;
                }
                pos += end - oldSize;
                m_head.truncate(end);
                if (!takeHead())
                    return;
                break;
            }
            case Phase::Upgraded:
            case Phase::Rejected:
                return;
            }
        }
    }

    //! Checks the complete head in m_head; false when the connection is no longer guarded.
    bool takeHead()
    {
        const QByteArray head = std::exchange(m_head, {});
        QList<QByteArray> lengths;
        QByteArray transferEncoding;
        QByteArray connection;
        QByteArray upgrade;
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                lengths.append(value);
            else if (name == "transfer-encoding")
                transferEncoding += value;
            else if (name == "connection")
                connection += value.toLower() + ',';
            else if (name == "upgrade")
                upgrade = value;
        }

        // The request line: METHOD SP target SP version; the limit may depend on the path.
        QByteArray path = lines.value(0).split(' ').value(1);
        if (const qsizetype query = path.indexOf('?'); query >= 0)
            path.truncate(query);
        qsizetype maxBody = m_limits.maxBodyBytes;
        for (const auto &[limitedPath, bytes] : m_limits.bodyLimitsByPath) {
            if (path == limitedPath)
                maxBody = bytes;
        }
        if (!transferEncoding.isEmpty()) {
            // Chunked bodies are refused outright: their size is unknown until read, and
            // QHttpServer would buffer all of it first.
            reject(411, HttpListener::Rejection::LengthRequired, u"length_required"_s,
                u"Transfer-Encoding is not supported; send Content-Length (at most %1 bytes)"_s.arg(
                    maxBody));
            return false;
        }
        qint64 length = 0;
        for (qsizetype i = 0; i < lengths.size(); ++i) {
            const auto value = parseContentLength(lengths.at(i));
            if (!value || (i > 0 && *value != length)) {
                reject(400, HttpListener::Rejection::BadFraming,
                    Error::kindName(ErrorKind::BadRequest),
                    u"invalid or conflicting Content-Length"_s);
                return false;
            }
            length = *value;
        }
        if (length > maxBody) {
            reject(413, HttpListener::Rejection::BodyTooLarge,
                Error::kindName(ErrorKind::PayloadTooLarge),
                u"body larger than %1 bytes"_s.arg(maxBody));
            return false;
        }
        if (connection.contains("upgrade")
            && upgrade.compare("websocket", Qt::CaseInsensitive) == 0) {
            // From here the socket is QHttpServer's WebSocket handshake and then the EventHub's,
            // with its own heartbeat; an upgrade request that no route accepts is closed by
            // QHttpServer itself.
            m_phase = Phase::Upgraded;
            m_timer.stop();
            if (m_limits.webSocketSendBuffer > 0)
                m_socket->setSocketOption(
                    QAbstractSocket::SendBufferSizeSocketOption, m_limits.webSocketSendBuffer);
            disconnect(m_socket, nullptr, this, nullptr);
            ++m_listener->m_webSocketUpgrades;
            if (m_listener->m_webSocketHandoff) {
                // QHttpServer never sees this request (nor its socket again): the taker does
                // the handshake. Its handlers go, and whatever it had read is put back.
                if (m_listener->m_http)
                    disconnect(m_socket, nullptr, m_listener->m_http, nullptr);
                disconnect(m_socket, &QAbstractSocket::disconnected, m_socket, nullptr);
                disconnect(m_socket, nullptr, m_listener, nullptr);
                if (m_socket->isTransactionStarted())
                    m_socket->rollbackTransaction();
                // Not from inside the socket's own readyRead.
                QMetaObject::invokeMethod(
                    m_listener,
                    [listener = m_listener, socket = QPointer<QTcpSocket>(m_socket)] {
                        if (socket)
                            listener->m_webSocketHandoff(socket);
                    },
                    Qt::QueuedConnection);
            }
            m_listener->forget(this);
            m_listener = nullptr;
            deleteLater();
            return false;
        }
        m_bodyLeft = length;
        m_phase = length > 0 ? Phase::Body : Phase::Head;
        return true;
    }

    void reject(
        int status, HttpListener::Rejection reason, const QString &error, const QString &message)
    {
        m_phase = Phase::Rejected;
        m_head.clear();
        // QHttpServer never sees another byte of this connection.
        if (m_listener->m_http)
            disconnect(m_socket, &QTcpSocket::readyRead, m_listener->m_http, nullptr);
        qCInfo(lcServerHttp).noquote()
            << "refusing a request from" << m_socket->peerAddress().toString() << "with" << status
            << message;
        m_listener->noteRejection(reason);

        const QByteArray body =
            QJsonDocument(QJsonObject { { "error"_L1, error }, { "message"_L1, message } })
                .toJson(QJsonDocument::Compact);
        const QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' '
            + reasonPhrase(status) + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        discardInput();
        m_drained = 0; // the linger cap counts what arrives after the answer
        m_socket->write(response);
        m_socket->flush();
        // Lingering close: stop sending, but keep reading (and dropping) for a while, so a
        // client still uploading reads this answer instead of a connection reset.
        m_timer.start(m_limits.lingerTimeout);
        shutdownWriteWhenFlushed();
    }

    void discardInput()
    {
        // QHttpServer may have started a read transaction; it is gone now.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_drained += m_socket->skip(m_socket->bytesAvailable());
    }

    //! Bytes not yet handed to the kernel, TLS records included.
    [[nodiscard]] qint64 pendingBytes() const
    {
        qint64 pending = m_socket->bytesToWrite();
        if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket))
            pending += tls->encryptedBytesToWrite();
        return pending;
    }

    void shutdownWriteWhenFlushed()
    {
        if (m_writeShut || pendingBytes() > 0)
            return;
        m_writeShut = true;
        if (qobject_cast<QSslSocket *>(m_socket)) {
            // A half-close under TLS would cut its records short: close_notify and close.
            m_socket->disconnectFromHost();
            return;
        }
#ifdef Q_OS_UNIX
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#else
        m_socket->disconnectFromHost();
#endif
    }

    HttpListener *m_listener;
    QTcpSocket *m_socket;
    const HttpLimits m_limits;
    QTimer m_timer;
    QElapsedTimer m_lastActivity;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    qint64 m_unreadSeen = 0; //!< unread bytes at the front of the buffer already fed
    qint64 m_drained = 0;
    Phase m_phase = Phase::Head;
    bool m_writeShut = false;
    bool m_draining = false;
};

HttpListener::HttpListener(QObject *parent)
    : QTcpServer(parent)
{
    // Qt's default backlog is 50: when a hundred clients connect at once (every client reading
    // after an import, or reconnecting after a restart) the kernel drops the SYNs over it, and
    // each of those clients waits a second for its retransmission. The kernel caps this at
    // net.core.somaxconn.
    setListenBacklogSize(ListenBacklog);
}

HttpListener::~HttpListener()
{
    // The sockets (and their guards) are children, deleted after this object's members.
    for (ConnectionGuard *guard : std::as_const(m_guards))
        guard->detach();
}

void HttpListener::forget(ConnectionGuard *guard)
{
    if (m_guards.remove(guard))
        Q_EMIT httpConnectionCountChanged(m_guards.size());
}

void HttpListener::drain()
{
    m_draining = true;
    close();
    const QSet<ConnectionGuard *> guards = m_guards;
    for (ConnectionGuard *guard : guards)
        guard->drain();
}

void HttpListener::abortHttpConnections()
{
    const QSet<ConnectionGuard *> guards = m_guards;
    for (ConnectionGuard *guard : guards) {
        if (auto *socket = qobject_cast<QTcpSocket *>(guard->parent()))
            socket->abort();
    }
}

void HttpListener::attachTo(QAbstractHttpServer &server)
{
    m_http = &server;
    server.bind(this);
}

void HttpListener::noteRejection(Rejection reason)
{
    ++m_rejections.at(std::size_t(reason));
    Q_EMIT connectionRejected(reason);
}

void HttpListener::incomingConnection(qintptr handle)
{
    QSslSocket *tlsSocket = m_tls ? new QSslSocket(this) : nullptr;
    QTcpSocket *socket = tlsSocket ? tlsSocket : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcServerHttp) << "cannot take an accepted connection:" << socket->errorString();
        delete socket;
#ifdef Q_OS_UNIX
        ::close(int(handle));
#endif
        return;
    }
    // Small responses and event frames go out at once instead of waiting for Nagle's timer;
    // the socket keeps the option when it becomes a WebSocket.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (tlsSocket) {
        // QHttpServer only ever sees decrypted bytes: readyRead comes after the handshake.
        tlsSocket->setSslConfiguration(*m_tls);
        connect(tlsSocket, &QSslSocket::errorOccurred, this, [this, tlsSocket] {
            if (tlsSocket->isEncrypted())
                return;
            qCInfo(lcServerHttp).noquote()
                << "TLS handshake with" << tlsSocket->peerAddress().toString()
                << "failed:" << tlsSocket->errorString();
            noteRejection(Rejection::TlsHandshake);
            tlsSocket->abort();
        });
        tlsSocket->startServerEncryption();
    }
    // Connected before QHttpServer's handlers (added in addPendingConnection()), so the guard
    // sees every byte first.
    auto *guard = new ConnectionGuard(*this, socket);
    addPendingConnection(socket);
    if (hasPendingConnections()) {
        // Nobody took it synchronously (not attached yet, or a QtHttpServer that takes sockets
        // over later than 6.4 does): the guard cannot tell what the HTTP side has read, so it
        // only does the idle timeout and nodelay; the sizes are then QHttpServer's own limits
        // (applyQtLimits(), Qt 6.11 and later).
        if (!m_warnedLateTakeOver) {
            m_warnedLateTakeOver = true;
            qCWarning(lcServerHttp) << "HTTP server did not take a connection at once; size "
                                       "limits are left to QHttpServer";
        }
        return;
    }
    guard->watchAfterServer();
}

} // namespace Ops
