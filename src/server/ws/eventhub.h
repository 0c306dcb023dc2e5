#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include "hubtypes.h"
#include "protocol/changeevent.h"
#include "protocol/frames.h"
#include "server/domain/auth.h"

QT_BEGIN_NAMESPACE
class QHostAddress;
class QTcpSocket;
class QThread;
QT_END_NAMESPACE

namespace Ops {

class HubWorker;
class Store;

//! \brief Owns the WebSocket sessions: first-frame auth, per-channel subscriptions with replay
//! from the event log, live fan-out of Store::eventLogged filtered by channel and region,
//! heartbeats, rate limits and bounded send queues.
//!
//! The sessions are spread over worker threads (HubWorker), each with its own event loop,
//! sockets, timers and send queues, so a wake-up of one loop never pays for every socket of
//! the server. This object stays on the main thread: it serialises each event once and hands
//! the same bytes to every worker, answers the workers' reads of the event log (the Store's
//! connections belong to the main thread), and adds up their counters.
class EventHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)

public:
    //! The channels a session may subscribe to (User::canSubscribe() says who may).
    static constexpr QLatin1StringView OrdersChannel = Hub::Channels[0];
    static constexpr QLatin1StringView DriversChannel = Hub::Channels[1];
    static constexpr QLatin1StringView PaymentsChannel = Hub::Channels[2];
    static constexpr QLatin1StringView AlertsChannel = Hub::Channels[3];
    static constexpr QLatin1StringView KpisChannel = Hub::Channels[4];

    //! True when \a event belongs to \a channel: its entity's channel (`orders` for imports
    //! too), and `kpis` for every order, import, payment and alert event (the changes that move
    //! a KPI).
    [[nodiscard]] static bool channelCarries(QStringView channel, const ChangeEvent &event);

    explicit EventHub(Store &store, const Auth &auth, QObject *parent = nullptr);
    ~EventHub() override;

    //! Worker threads; 0 is one per CPU core (the default). Takes effect while no session is
    //! open (at start-up); ignored, with a warning, otherwise.
    void setThreadCount(int count);
    [[nodiscard]] int threadCount() const { return int(m_workers.size()); }

    //! Takes over \a socket, whose first request is a WebSocket upgrade not yet read (from
    //! HttpListener): the handshake and the session run in one of the worker threads.
    void adoptSocket(QTcpSocket *socket);

    //! How long a new session has to send its `auth` frame (default 5 s).
    void setAuthTimeout(std::chrono::milliseconds timeout);
    //! Ping interval (default 10 s). A session is aborted as dead two intervals after it fell
    //! silent, once its ping has left the send queue and nothing sent to it is being
    //! acknowledged any more; a queue that acknowledges nothing for two intervals is stalled.
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    //! Largest backlog of unsent bytes before a session is closed as a slow consumer (4 MiB).
    void setMaxBufferedBytes(qint64 bytes);
    //! Unsent bytes all sessions together may hold (default 256 MiB). Over it, the sessions
    //! with the most queued are closed as slow consumers until the total is back under it.
    void setSendBudget(qint64 bytes);
    [[nodiscard]] qint64 sendBudget() const { return m_settings.sendBudget; }
    //! Unsent bytes over all open sessions, as the workers last counted them.
    [[nodiscard]] qint64 queuedBytes() const { return totalQueued(); }
    //! Invalid frames a session may send before it is closed with Wire::CloseCode::BadFrame.
    void setMaxBadFrames(int count);
    //! Frames per second a session may send: over \a soft each frame is refused with an error
    //! frame; over \a hard the session is closed with RateLimited (defaults 20 and 50).
    void setMessageRateLimits(int soft, int hard);
    //! Channels one session may hold at once (default 8).
    void setMaxChannels(int count);
    //! New sockets one client address may open per \a window; more are closed with
    //! RateLimited and reason `retry_after=<seconds>` (default 60 per 10 s).
    void setConnectionRateLimit(int count, std::chrono::milliseconds window);
    //! Longest replay a subscribe may ask for; beyond it the answer is `resync` (default 50 000).
    void setMaxReplayEvents(qint64 count) { m_maxReplayEvents = count; }

    //! Re-checks every authenticated session against the current users (after a users-file
    //! reload): a revoked token is closed with Unauthorized, a channel no longer allowed with
    //! Forbidden; role and regions changes apply at once.
    void reauthorizeSessions();

    [[nodiscard]] std::chrono::milliseconds authTimeout() const { return m_settings.authTimeout; }
    [[nodiscard]] std::chrono::milliseconds heartbeatInterval() const
    {
        return m_settings.heartbeatInterval;
    }
    //! Sessions from the moment their socket is handed over until they are gone.
    [[nodiscard]] qsizetype sessionCount() const { return qsizetype(m_sessions.load()); }
    //! Channel subscriptions over all sessions (one session on two channels counts two).
    [[nodiscard]] qsizetype subscriptionCount() const;
    [[nodiscard]] qint64 rejectedFrames() const;
    [[nodiscard]] qint64 eventsDelivered() const;

    //! Why a client frame was refused.
    enum class FrameRejection {
        BadFrame, //!< malformed, unknown or out-of-schema frame (error frame `bad_frame`), or
                  //!< broken WebSocket framing (closed 1002/1007)
        TooManyChannels, //!< subscribe over the channel limit
        RateLimited, //!< over the frame rate (refused, or the session closed)
        TooBig, //!< frame over Wire::MaxFrameBytes (session closed 1009)
        NotAuthenticated, //!< anything but `auth` as the first frame (session closed)
    };
    Q_ENUM(FrameRejection)
    static constexpr int FrameRejectionCount = 5;

    //! \brief Counters for the metrics endpoint, added up over the workers.
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
    [[nodiscard]] Stats stats() const;

    //! Closes every session with \a code (used on shutdown).
    void closeAll(Wire::CloseCode code, const QString &reason);
    //! Closes every session with \a code, \a batch sessions per worker turn, so a large server
    //! drains without stalling an event loop; sessionCountChanged(0) follows once all are
    //! gone. New sockets are refused with the same code from now on.
    void closeAllInBatches(Wire::CloseCode code, const QString &reason, int batch = 200);
    //! Cuts every remaining socket at once (end of the shutdown grace time).
    void abortAll();

Q_SIGNALS:
    void sessionCountChanged(qsizetype count);

private:
    friend class HubWorker;
    struct Worker
    {
        std::unique_ptr<QThread> thread;
        std::unique_ptr<HubWorker> worker;
    };
    struct ConnectWindow
    {
        QElapsedTimer started;
        int count = 0;
    };
    struct CachedBatch
    {
        quint64 eventsSeen = 0; //!< m_eventsSeen when read (a batch at the head ages)
        Hub::LogBatchPtr batch;
    };

    // For the workers; any thread.
    [[nodiscard]] StreamPosition head() const;
    void requestPlan(int worker, quint64 session, const StreamPosition &since);
    void requestLog(int worker, quint64 session, qint64 after);
    void sessionRemoved();
    [[nodiscard]] qint64 totalQueued() const;
    [[nodiscard]] qint64 largestQueueElsewhere(int worker, int *where) const;
    void scheduleBudgetCheck(int worker);

    // Main thread.
    void post(std::function<void()> task);
    void runTasks();
    void onEventLogged(const Ops::ChangeEvent &event, const QString &region);
    void publishHead(const StreamPosition &position);
    void refreshHead();
    void servePlan(int worker, quint64 session, const StreamPosition &since);
    void serveLog(int worker, quint64 session, qint64 after);
    [[nodiscard]] Hub::Event hubEvent(const ChangeEvent &event, const QString &region) const;
    [[nodiscard]] bool admitConnection(const QHostAddress &peer, qint64 *retryAfter);
    void startWorkers(int count);
    void stopWorkers();
    void pushSettings();
    [[nodiscard]] HubWorker *pickWorker();

    Store &m_store;
    const Auth &m_auth;
    Hub::Settings m_settings;
    qint64 m_maxReplayEvents = 50000;
    std::vector<Worker> m_workers;
    std::size_t m_nextWorker = 0;
    std::atomic<qint64> m_sessions { 0 };
    std::atomic<bool> m_countChangePending { false };

    mutable std::mutex m_headMutex;
    StreamPosition m_head; //!< guarded by m_headMutex
    QElapsedTimer m_headRead;

    std::mutex m_taskMutex;
    std::vector<std::function<void()>> m_tasks; //!< guarded by m_taskMutex

    int m_connectLimit = 60;
    std::chrono::milliseconds m_connectWindow { 10000 };
    QHash<QString, ConnectWindow> m_connectWindows; //!< by peer address
    std::optional<Hub::CloseRequest> m_closingAll;
    quint64 m_eventsSeen = 0;
    QHash<qint64, CachedBatch> m_logCache; //!< by `after`
    std::deque<qint64> m_logCacheOrder;
};

} // namespace Ops
