#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <optional>

#include <QSet>
#include <QSslConfiguration>
#include <QTcpServer>

#include "routesupport.h"

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
QT_END_NAMESPACE

namespace Ops {

class ConnectionGuard;

//! \brief Socket-level HTTP limits that QHttpServer 6.4 does not have.
struct HttpLimits
{
    //! Request line plus headers, up to and including the blank line; more is `431`.
    qsizetype maxHeaderBytes = 16 * 1024;
    //! Largest `Content-Length`; more is `413` before any of the body is read.
    qsizetype maxBodyBytes = MaxRequestBodyBytes;
    //! Other limits for requests to these paths (the query does not count), such as a CSV
    //! import's: `{path, maxBytes}`.
    QList<std::pair<QByteArray, qsizetype>> bodyLimitsByPath;
    //! A connection with no bytes in either direction for this long is closed; 0 = never.
    //! WebSocket connections are exempt (they have their own heartbeat).
    std::chrono::milliseconds idleTimeout { 30000 };
    //! After a rejection, how long the server keeps draining (and discarding) what the client
    //! still sends, so the client reads the answer instead of a reset.
    std::chrono::milliseconds lingerTimeout { 2000 };
    //! At most this many bytes are drained after a rejection; then the socket is aborted.
    qint64 maxLingerBytes = 256 * 1024;
    //! Kernel send buffer (SO_SNDBUF) of a connection once it is a WebSocket; 0 = the system's
    //! autotuning. Small, so that what a slow client has not taken yet waits in the session's
    //! own queue, where the per-session cap, the send budget and the heartbeat see it, instead
    //! of megabytes in the kernel (the kernel doubles the value).
    int webSocketSendBuffer = 64 * 1024;
};

//! \brief The TCP listener under QHttpServer: accepts every connection itself, sets
//! TCP_NODELAY, and guards each socket before QHttpServer reads it (head size, body size,
//! no chunked bodies, idle timeout). Rejections are answered with the JSON error body and
//! counted per reason. A request that upgrades to a WebSocket is no longer guarded.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpListener)

public:
    //! Connections the kernel queues before accept() (capped by net.core.somaxconn).
    static constexpr int ListenBacklog = 4096;

    //! Why the listener answered or closed a connection itself.
    enum class Rejection {
        HeaderTooLarge, //!< 431: request head over HttpLimits::maxHeaderBytes
        BodyTooLarge, //!< 413: Content-Length over HttpLimits::maxBodyBytes
        LengthRequired, //!< 411: a Transfer-Encoding (chunked) body
        BadFraming, //!< 400: unreadable or conflicting Content-Length
        IdleTimeout, //!< closed after HttpLimits::idleTimeout without traffic (no answer)
        TlsHandshake, //!< TLS handshake failed (plain HTTP on a TLS port, untrusted peer …)
    };
    Q_ENUM(Rejection)
    static constexpr int RejectionCount = 6;

    explicit HttpListener(QObject *parent = nullptr);
    ~HttpListener() override;

    //! Applies to connections accepted from now on.
    void setLimits(const HttpLimits &limits) { m_limits = limits; }
    [[nodiscard]] const HttpLimits &limits() const { return m_limits; }

    //! With a configuration (certificate and key set), every accepted connection does a TLS
    //! server handshake first: HTTPS and WSS on the same port. Applies to new connections.
    void setTlsConfiguration(const std::optional<QSslConfiguration> &configuration)
    {
        m_tls = configuration;
    }
    [[nodiscard]] bool isTls() const { return m_tls.has_value(); }

    //! Shutdown: stops accepting, closes idle keep-alive connections now and busy ones as soon
    //! as their answer is written. WebSocket connections are not touched.
    void drain();
    //! HTTP connections still open (not upgraded to a WebSocket).
    [[nodiscard]] qsizetype httpConnectionCount() const { return m_guards.size(); }
    //! Cuts every remaining HTTP connection (end of the shutdown grace time).
    void abortHttpConnections();

    //! Hands this (listening) server to \a server with QAbstractHttpServer::bind(); \a server
    //! becomes its parent.
    void attachTo(QAbstractHttpServer &server);
    //! From now on a request that upgrades to a WebSocket never reaches QHttpServer: its socket
    //! goes to \a handoff (on a later event-loop turn), which takes ownership, with the request
    //! still unread in it.
    void setWebSocketHandoff(std::function<void(QTcpSocket *)> handoff)
    {
        m_webSocketHandoff = std::move(handoff);
    }

    //! How many connections were answered or closed for \a reason.
    [[nodiscard]] qint64 rejections(Rejection reason) const
    {
        return m_rejections.at(std::size_t(reason));
    }
    //! Connections handed to the WebSocket side (no longer guarded).
    [[nodiscard]] qint64 webSocketUpgrades() const { return m_webSocketUpgrades; }

Q_SIGNALS:
    //! A connection was answered with an error or closed for \a reason.
    void connectionRejected(Ops::HttpListener::Rejection reason);
    //! An HTTP connection closed or was upgraded; \a count are left.
    void httpConnectionCountChanged(qsizetype count);

protected:
    void incomingConnection(qintptr handle) override;

private:
    friend class ConnectionGuard;
    void noteRejection(Rejection reason);

    void forget(ConnectionGuard *guard);

    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QSet<ConnectionGuard *> m_guards;
    bool m_draining = false;
    QAbstractHttpServer *m_http = nullptr;
    std::array<qint64, RejectionCount> m_rejections {};
    qint64 m_webSocketUpgrades = 0;
    std::function<void(QTcpSocket *)> m_webSocketHandoff;
    bool m_warnedLateTakeOver = false;
};

} // namespace Ops
