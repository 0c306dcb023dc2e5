#pragma once

#include "auth.h"
#include "protocol/changeevent.h"
#include "protocol/frames.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <chrono>
#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QWebSocket;
QT_END_NAMESPACE

namespace Ops {

class Store;

//! \brief Owns the WebSocket sessions: first-frame auth, subscriptions with replay from the
//! event log, live fan-out of Store::eventAppended, heartbeats and bounded send queues.
class EventHub : public QObject
{
    Q_OBJECT

public:
    //! The channels a session may subscribe to.
    static constexpr QLatin1StringView OrdersChannel { "orders" };

    EventHub(Store &store, const Auth &auth, QObject *parent = nullptr);
    ~EventHub() override;

    //! Accepts the WebSocket upgrades of \a server, on any path (sessions on a path other than
    //! Wire::SocketPath are closed with a reason). Call before registering other routes: the
    //! first matching route wins.
    void attach(QHttpServer &server);
    //! Takes over one upgraded socket. Closes it with a reason unless its path is Wire::SocketPath.
    void addSocket(std::unique_ptr<QWebSocket> socket);

    //! How long a new session has to send its `auth` frame (default 5 s).
    void setAuthTimeout(std::chrono::milliseconds timeout) { m_authTimeout = timeout; }
    //! Ping interval; a session silent for two intervals is aborted (default 10 s).
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    //! Largest backlog of unsent bytes before a session is closed as a slow consumer (4 MiB).
    void setMaxBufferedBytes(qint64 bytes) { m_maxBufferedBytes = bytes; }
    //! Invalid frames a session may send before it is closed with Wire::CloseCode::BadFrame.
    void setMaxBadFrames(int count) { m_maxBadFrames = count; }

    [[nodiscard]] std::chrono::milliseconds authTimeout() const { return m_authTimeout; }
    [[nodiscard]] std::chrono::milliseconds heartbeatInterval() const { return m_heartbeatInterval; }
    [[nodiscard]] qsizetype sessionCount() const { return m_sessions.size(); }
    [[nodiscard]] qint64 rejectedFrames() const { return m_rejectedFrames; }
    [[nodiscard]] qint64 eventsDelivered() const { return m_eventsDelivered; }

    //! Closes every session with \a code (used on shutdown).
    void closeAll(Wire::CloseCode code, const QString &reason);

Q_SIGNALS:
    void sessionCountChanged(qsizetype count);

private:
    struct Session
    {
        std::optional<User> user;
        bool subscribed = false;
        bool closing = false;
        qint64 lastSentSeq = 0; //!< highest event seq delivered to this session
        int badFrames = 0;
        QElapsedTimer lastSeen; //!< any frame or pong restarts it
    };

    void onTextMessage(QWebSocket *socket, const QString &text);
    void onBinaryMessage(QWebSocket *socket);
    void onDisconnected(QWebSocket *socket);
    void onEventAppended(const Ops::ChangeEvent &event);
    void onHeartbeat();

    void handleAuth(QWebSocket *socket, Session &session, const QString &token);
    void handleSubscribe(QWebSocket *socket, Session &session, const QStringList &channels,
        const std::optional<StreamPosition> &since);
    void rejectFrame(QWebSocket *socket, Session &session, const QString &error,
        const QString &message);
    //! Sends events after session.lastSentSeq up to \a untilSeq from the log; returns how many.
    qint64 sendFromLog(QWebSocket *socket, Session &session, qint64 untilSeq);
    bool sendEvent(QWebSocket *socket, Session &session, const ChangeEvent &event);
    bool send(QWebSocket *socket, Session &session, const ServerFrame &frame);
    void closeSession(QWebSocket *socket, Session &session, quint16 code, const QString &reason);

    Store &m_store;
    const Auth &m_auth;
    QHash<QWebSocket *, Session> m_sessions;
    QTimer m_heartbeat;
    std::chrono::milliseconds m_authTimeout { 5000 };
    std::chrono::milliseconds m_heartbeatInterval { 10000 };
    qint64 m_maxBufferedBytes = 4 * 1024 * 1024;
    int m_maxBadFrames = 10;
    qint64 m_rejectedFrames = 0;
    qint64 m_eventsDelivered = 0;
};

} // namespace Ops
