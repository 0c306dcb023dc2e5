#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <QElapsedTimer>
#include <QObject>

#include "hubsession.h"
#include "hubtypes.h"
#include "protocol/frames.h"
#include "server/domain/auth.h"
#include "wsprotocol.h"
#include "wstransport.h"

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

namespace Ops {

class EventHub;

//! \brief One thread's share of the WebSocket sessions: it owns their sockets, timers and send
//! queues, and speaks the protocol (auth frame, channels, replay, heartbeat, limits).
//!
//! Everything from other threads arrives through post(), one FIFO per worker: sockets to
//! adopt, events to fan out, settings, users, and the main thread's answers to replay
//! requests. The worker reads nothing of the Store itself: what it needs from the database
//! it asks the EventHub for, which reads on the main thread.
class HubWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubWorker)

public:
    HubWorker(EventHub &hub, int index);
    ~HubWorker() override;

    //! Runs \a task on this worker's thread, after everything posted before it. Any thread.
    void post(std::function<void()> task);
    //! Fans \a event out on this worker's thread, in order with post(). Any thread.
    void postEvent(Hub::EventPtr event);
    [[nodiscard]] const Hub::Counters &counters() const { return m_counters; }
    //! A socket is on its way to this worker (counted at once, for choosing the next worker).
    void countHandover(int delta) { m_counters.sessions.fetch_add(delta); }
    [[nodiscard]] int index() const { return m_index; }

    // Run on the worker's thread (through post(), or blocking when the hub starts or stops):
    void start();
    void stop();
    void applySettings(const Hub::Settings &settings);
    void setAuth(const Auth &auth);
    void reauthorize();
#ifdef Q_OS_LINUX
    void adoptDescriptor(int fd, const QByteArray &head, std::optional<Hub::CloseRequest> close);
#endif
    void adoptSocket(QTcpSocket *socket, std::optional<Hub::CloseRequest> close);
    void closeAll(quint16 code, const QString &reason, int perTurn);
    //! Cuts every session off at once (the end of the shutdown grace time), logging what kept
    //! the first few from closing.
    void abortAll();
    void answerPlan(quint64 sessionId, const StreamPosition &since, const Hub::Plan &plan);
    void answerLog(quint64 sessionId, const Hub::LogBatchPtr &batch);
    void checkBudget();
    //! Has this worker check the send budget soon (another worker found a session of this one
    //! furthest behind). Any thread.
    void requestBudgetCheck();
    //! The last act of the worker's thread (QThread::finished, direct connection).
    void noteThreadFinished()
    {
        m_threadFinished.store(true, std::memory_order_release);
    }
    //! True once the thread has finished; what the thread did happens before what the caller
    //! does next. After QThread::wait() it is always true: Qt orders the two, but inside Qt,
    //! which ThreadSanitizer does not see, so the owner reads this before deleting the worker.
    [[nodiscard]] bool threadFinished() const
    {
        return m_threadFinished.load(std::memory_order_acquire);
    }

private:
    using Session = HubSession;
    struct Task
    {
        Hub::EventPtr event;
        std::function<void()> call;
    };

    void runTasks();
    //! A line on \a s for the log: its phase, queue, close handshake and when it was last heard.
    [[nodiscard]] static QString describe(const Session &s, qint64 now);
    Session &newSession();
    void onSocketEvents(quint64 id, quint32 events);
    void onReadable(Session &s);
    void onWritable(Session &s);
    void readHandshake(Session &s);
    void feed(Session &s, QByteArrayView bytes);
    void handleMessage(Session &s, Ws::Message &message);
    void handleData(Session &s, const QByteArray &text, bool binary);
    void handleAuth(Session &s, const QString &token);
    void handleSubscribe(
        Session &s, const QStringList &channels, const std::optional<StreamPosition> &since);
    void handleUnsubscribe(Session &s, const QStringList &channels);
    void handlePeerClose(Session &s, const QByteArray &payload);
    [[nodiscard]] bool admitFrame(Session &s);
    [[nodiscard]] static bool isBusy(const Session &s);
    void runDeferred(Session &s);

    void deliver(const Hub::Event &event);
    [[nodiscard]] static bool wants(
        const Session &s, Hub::ChannelMask carriers, const QString &region);
    void goLive(Session &s);
    void startFromLog(Session &s);
    void pumpLog(Session &s);
    void finishReplay(Session &s);
    void requestLog(Session &s);

    void send(Session &s, const ServerFrame &frame);
    void sendSubscribed(Session &s, const StreamPosition &position, qint64 replayed);
    void enqueue(Session &s, const QByteArray &bytes, bool capped = true);
    void markDirty(Session &s);
    void flush(Session &s);
    void rejectFrame(Session &s, const QString &error, const QString &message);
    //! Sends a close frame with \a code; \a dropQueued first drops what has not started to go
    //! out (the client resumes from the last event it got).
    void closeSession(Session &s, quint16 code, const QString &reason, bool dropQueued = false);
    //! Queues the close frame and stops everything else (no count: the peer may have closed).
    void sendClose(Session &s, quint16 code, const QString &reason, bool dropQueued);
    void abortSession(Session &s, const char *why, qint64 ms);
    void doom(Session &s);
    void noteRejected(int reason);
    void noteClose(quint16 code);
    void setSubscribed(Session &s, bool subscribed, Hub::ChannelMask channels);

    void onAuthDeadlines();
    void armAuthTimer();
    void onSweep();
    void sweep(Session &s, qint64 now);
    void afterTurn();
    void publishQueued();
    void reap();
    void closeNextBatch();

    [[nodiscard]] qint64 now() const
    {
        return m_clock.elapsed();
    }
    [[nodiscard]] Session *find(quint64 id) const;

    EventHub &m_hub;
    const int m_index;
    Hub::Counters m_counters;

    std::mutex m_taskMutex;
    std::vector<Task> m_tasks; //!< guarded by m_taskMutex

    // Worker thread only from here on.
    Hub::Settings m_settings;
    Auth m_auth;
    QElapsedTimer m_clock;
    std::unordered_map<quint64, std::unique_ptr<Session>> m_sessions;
    std::vector<Session *> m_list; //!< the sessions, for fast walks (Session::index)
    std::vector<Session *> m_dirty; //!< sessions with something new to write
    std::vector<Session *> m_doomed; //!< to delete at the end of the turn
    quint64 m_nextId = 0;
    qint64 m_queued = 0; //!< unsent bytes over this worker's sessions
    qint64 m_lastEventSeq = 0; //!< the highest event seq fanned out to this worker
    QByteArray m_readBuffer;
    std::vector<Ws::Message> m_messages;
#ifdef Q_OS_LINUX
    std::unique_ptr<Ws::Poller> m_poller;
#endif
    std::unique_ptr<QTimer> m_sweepTimer;
    std::unique_ptr<QTimer> m_authTimer;
    //! \brief A session's auth deadline; one timeout for all, so the queue stays sorted.
    struct AuthDeadline
    {
        qint64 dueMs;
        quint64 session;
    };
    std::deque<AuthDeadline> m_authDeadlines;
    std::optional<Hub::CloseRequest> m_closingAll;
    int m_closePerTurn = 0;
    std::atomic<bool> m_budgetCheckPending { false };
    std::atomic<bool> m_threadFinished { false };
};

} // namespace Ops
