#pragma once

#include <array>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include "protocol/changeevent.h"
#include "protocol/frames.h"
#include "server/domain/auth.h"

QT_BEGIN_NAMESPACE
class QHttpServer;
class QWebSocket;
QT_END_NAMESPACE

namespace Ops {

class Store;

//! \brief Owns the WebSocket sessions: first-frame auth, per-channel subscriptions with replay
//! from the event log, live fan-out of Store::eventLogged filtered by channel and region,
//! heartbeats, rate limits and bounded send queues.
class EventHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)

public:
    //! The channels a session may subscribe to (User::canSubscribe() says who may).
    static constexpr QLatin1StringView OrdersChannel { "orders" };
    static constexpr QLatin1StringView DriversChannel { "drivers" };
    static constexpr QLatin1StringView PaymentsChannel { "payments" };
    static constexpr QLatin1StringView AlertsChannel { "alerts" };
    static constexpr QLatin1StringView KpisChannel { "kpis" };

    //! True when \a event belongs to \a channel: its entity's channel (`orders` for imports
    //! too), and `kpis` for every order, import, payment and alert event (the changes that move
    //! a KPI).
    [[nodiscard]] static bool channelCarries(QStringView channel, const ChangeEvent &event);

    explicit EventHub(Store &store, const Auth &auth, QObject *parent = nullptr);
    ~EventHub() override;

    //! Accepts the WebSocket upgrades of \a server, on any path (sessions on a path other than
    //! Wire::SocketPath are closed with a reason). Call before registering other routes: the
    //! first matching route wins.
    void attach(QHttpServer &server);
    //! Takes over one upgraded socket. Closes it with a reason unless its path is Wire::SocketPath.
    void addSocket(std::unique_ptr<QWebSocket> socket);

    //! How long a new session has to send its `auth` frame (default 5 s).
    void setAuthTimeout(std::chrono::milliseconds timeout) { m_authTimeout = timeout; }
    //! Ping interval (default 10 s). A session is aborted as dead when nothing came from it for
    //! two intervals and its ping has left the send queue (or the queue stopped draining); a
    //! ping still queued behind data that is draining does not count against the peer.
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    //! Largest backlog of unsent bytes before a session is closed as a slow consumer (4 MiB).
    void setMaxBufferedBytes(qint64 bytes) { m_maxBufferedBytes = bytes; }
    //! Unsent bytes all sessions together may hold (default 256 MiB). Over it, the sessions
    //! with the most queued are closed as slow consumers until the total is back under it.
    void setSendBudget(qint64 bytes) { m_sendBudget = qMax<qint64>(1, bytes); }
    [[nodiscard]] qint64 sendBudget() const { return m_sendBudget; }
    //! Unsent bytes over all open sessions as of the last fan-out or heartbeat.
    [[nodiscard]] qint64 queuedBytes() const { return m_queuedBytes; }
    //! Invalid frames a session may send before it is closed with Wire::CloseCode::BadFrame.
    void setMaxBadFrames(int count) { m_maxBadFrames = count; }
    //! Frames per second a session may send: over \a soft each frame is refused with an error
    //! frame; over \a hard the session is closed with RateLimited (defaults 20 and 50).
    void setMessageRateLimits(int soft, int hard);
    //! Channels one session may hold at once (default 8).
    void setMaxChannels(int count) { m_maxChannels = count; }
    //! New sockets one client address may open per \a window; more are closed with
    //! RateLimited and reason `retry_after=<seconds>` (default 60 per 10 s).
    void setConnectionRateLimit(int count, std::chrono::milliseconds window);
    //! Longest replay a subscribe may ask for; beyond it the answer is `resync` (default 50 000).
    void setMaxReplayEvents(qint64 count) { m_maxReplayEvents = count; }

    //! Re-checks every authenticated session against the current users (after a users-file
    //! reload): a revoked token is closed with Unauthorized, a channel no longer allowed with
    //! Forbidden; role and regions changes apply at once.
    void reauthorizeSessions();

    [[nodiscard]] std::chrono::milliseconds authTimeout() const { return m_authTimeout; }
    [[nodiscard]] std::chrono::milliseconds heartbeatInterval() const
    {
        return m_heartbeatInterval;
    }
    [[nodiscard]] qsizetype sessionCount() const { return m_sessions.size(); }
    //! Channel subscriptions over all sessions (one session on two channels counts two).
    [[nodiscard]] qsizetype subscriptionCount() const;
    [[nodiscard]] qint64 rejectedFrames() const;
    [[nodiscard]] qint64 eventsDelivered() const { return m_eventsDelivered; }

    //! Why a client frame was refused.
    enum class FrameRejection {
        BadFrame, //!< malformed, unknown or out-of-schema frame (error frame `bad_frame`)
        TooManyChannels, //!< subscribe over the channel limit
        RateLimited, //!< over the frame rate (refused, or the session closed)
        TooBig, //!< frame over Wire::MaxFrameBytes (session closed)
        NotAuthenticated, //!< anything but `auth` as the first frame (session closed)
    };
    Q_ENUM(FrameRejection)
    static constexpr int FrameRejectionCount = 5;

    //! \brief Counters for the metrics endpoint; plain increments on the hot path.
    struct Stats
    {
        std::array<qint64, FrameRejectionCount> rejectedFrames {};
        qint64 replays = 0; //!< subscribes that replayed from the log
        qint64 replayedEvents = 0;
        qint64 resyncs = 0;
        QHash<quint16, qint64> closesByCode; //!< sessions the server closed, by close code
        qint64 budgetCloses = 0; //!< 4030 closes because all queues were over the send budget
        qint64 stalledCloses = 0; //!< 4030 closes because a queue stopped draining
        qint64 heartbeatAborts = 0; //!< sessions aborted as dead by the heartbeat
    };
    [[nodiscard]] const Stats &stats() const { return m_stats; }

    //! Closes every session with \a code (used on shutdown).
    void closeAll(Wire::CloseCode code, const QString &reason);
    //! Closes every session with \a code, \a batch sessions per event-loop turn, so a large
    //! server drains without stalling its event loop; sessionCountChanged(0) follows once all
    //! are gone. New sockets are refused with the same code from now on.
    void closeAllInBatches(Wire::CloseCode code, const QString &reason, int batch = 200);
    //! Cuts every remaining socket at once (end of the shutdown grace time).
    void abortAll();

Q_SIGNALS:
    void sessionCountChanged(qsizetype count);

private:
    //! The known channels as bits (index in kChannels of eventhub.cpp): a session holds
    //! at most all five, so a byte replaces a QSet<QString> (about 1 kB per session).
    using ChannelMask = quint8;

    struct Session
    {
        std::optional<User> user;
        QByteArray tokenHash; //!< to re-check authorisation; the token itself is not kept
        quint32 serial = 0; //!< tells a session from a later one at the same socket address
        ChannelMask channels = 0;
        bool subscribed = false; //!< the stream position is established (first subscribe)
        bool closing = false;
        qint64 lastSentSeq = 0; //!< highest event seq delivered to or filtered for this session
        int badFrames = 0;
        QElapsedTimer lastSeen; //!< any frame or pong restarts it
        QElapsedTimer rateWindow; //!< start of the current one-second message window
        int framesInWindow = 0;
        bool pingLeftLate = false; //!< the outstanding ping left after the sweep that sent it
        qint64 queuedTotal = 0; //!< bytes ever handed to the socket (frames and pings)
        qint64 writtenSeen = 0; //!< bytes the socket had written at the last sweep
        qint64 pingEnd = -1; //!< queuedTotal just after the outstanding ping; -1: none
        QElapsedTimer pingLeft; //!< since the outstanding ping left the send queue
        QElapsedTimer lastProgress; //!< since the send queue last drained (or was empty)
    };
    struct ConnectWindow
    {
        QElapsedTimer started;
        int count = 0;
    };

    void onTextMessage(QWebSocket *socket, const QString &text);
    void onBinaryMessage(QWebSocket *socket);
    void onDisconnected(QWebSocket *socket);
    void onEventLogged(const Ops::ChangeEvent &event, const QString &region);
    //! True when the session wants \a event: a subscribed channel carries it (\a carriers:
    //! channelsCarrying(event)) and the region is visible to the user.
    [[nodiscard]] static bool wants(
        const Session &session, ChannelMask carriers, const QString &region);
    [[nodiscard]] static ChannelMask channelsCarrying(const ChangeEvent &event);
    //! Closes the sessions whose auth deadline passed; re-arms m_authTimer for the next one.
    void onAuthDeadlines();
    //! Counts a frame against the rate limit; false when it must be dropped (or closed).
    bool admitFrame(QWebSocket *socket, Session &session);
    //! False (and the socket is being closed) when \a address opened too many sockets.
    bool admitConnection(QWebSocket *socket);
    void onHeartbeat();
    //! Heartbeat of one session; false when it was aborted or closed.
    bool checkLiveness(QWebSocket *socket, Session &session, qint64 deadlineMs);
    //! Closes the sessions with the most queued until \a total is within the send budget.
    void enforceSendBudget(qint64 total);

    void handleAuth(QWebSocket *socket, Session &session, const QString &token);
    void handleSubscribe(QWebSocket *socket, Session &session, const QStringList &channels,
        const std::optional<StreamPosition> &since);
    void rejectFrame(
        QWebSocket *socket, Session &session, const QString &error, const QString &message);
    //! Sends events after session.lastSentSeq up to \a untilSeq from the log; returns how many.
    qint64 sendFromLog(QWebSocket *socket, Session &session, qint64 untilSeq);
    bool sendEvent(
        QWebSocket *socket, Session &session, const ChangeEvent &event, const QString &text = {});
    bool send(QWebSocket *socket, Session &session, const ServerFrame &frame);
    bool sendText(QWebSocket *socket, Session &session, const QString &text);
    void closeSession(QWebSocket *socket, Session &session, quint16 code, const QString &reason);
    void noteRejectedFrame(FrameRejection reason)
    {
        ++m_stats.rejectedFrames.at(std::size_t(reason));
    }
    void closeNextBatch();

    Store &m_store;
    const Auth &m_auth;
    QHash<QWebSocket *, Session> m_sessions;
    QTimer m_heartbeat;
    //! Auth deadlines in the order the sessions opened (one timeout for all, so sorted): one
    //! timer for every session instead of a single-shot timer object per session.
    struct AuthDeadline
    {
        qint64 dueMs; //!< on m_clock
        QWebSocket *socket;
        quint32 serial;
    };
    std::deque<AuthDeadline> m_authDeadlines;
    QTimer m_authTimer;
    QElapsedTimer m_clock;
    quint32 m_nextSerial = 0;
    std::chrono::milliseconds m_authTimeout { 5000 };
    std::chrono::milliseconds m_heartbeatInterval { 10000 };
    qint64 m_maxBufferedBytes = 4 * 1024 * 1024;
    qint64 m_sendBudget = 256 * 1024 * 1024;
    qint64 m_queuedBytes = 0;
    int m_maxBadFrames = 10;
    int m_softMessageRate = 20;
    int m_hardMessageRate = 50;
    int m_maxChannels = 8;
    int m_connectLimit = 60;
    std::chrono::milliseconds m_connectWindow { 10000 };
    qint64 m_maxReplayEvents = 50000;
    QHash<QString, ConnectWindow> m_connectWindows; //!< by peer address
    qint64 m_eventsDelivered = 0;
    Stats m_stats;
    //! Set while shutting down: the close code and reason every session gets.
    std::optional<std::pair<quint16, QString>> m_closingAll;
    int m_closeBatch = 200;
};

} // namespace Ops
