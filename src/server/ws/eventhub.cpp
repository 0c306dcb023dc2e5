#include "eventhub.h"

#include <algorithm>

#include <QHostAddress>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>

#include "core/logging.h"
#include "hubworker.h"
#include "server/store/store.h"
#include "wsprotocol.h"

#ifdef Q_OS_LINUX
#include <fcntl.h>
#endif

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Events per read of the log for a replay or a catch-up.
constexpr int kLogBatch = 500;
//! Log reads kept for other sessions asking for the same range (a reconnect storm).
constexpr qsizetype kLogCacheEntries = 16;

} // namespace

EventHub::EventHub(Store &store, const Auth &auth, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_auth(auth)
{
    connect(&m_store, &Store::eventLogged, this, &EventHub::onEventLogged);
    connect(&m_store, &Store::logReset, this, [this] {
        m_logCache.clear();
        m_logCacheOrder.clear();
        refreshHead();
    });
    startWorkers(0);
}

EventHub::~EventHub()
{
    stopWorkers();
}

bool EventHub::channelCarries(QStringView channel, const ChangeEvent &event)
{
    const int bit = Hub::channelBit(channel);
    return bit >= 0 && (Hub::carriers(event) & (1u << bit)) != 0;
}

void EventHub::startWorkers(int count)
{
    if (count <= 0)
        count = std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < count; ++i) {
        Worker w;
        w.thread = std::make_unique<QThread>();
        w.thread->setObjectName(u"ws-%1"_s.arg(i));
        w.worker = std::make_unique<HubWorker>(*this, i);
        w.worker->moveToThread(w.thread.get());
        connect(w.thread.get(), &QThread::finished, w.worker.get(), &HubWorker::noteThreadFinished,
            Qt::DirectConnection);
        w.thread->start();
        QMetaObject::invokeMethod(w.worker.get(), &HubWorker::start, Qt::BlockingQueuedConnection);
        m_workers.push_back(std::move(w));
    }
    pushSettings();
    reauthorizeSessions();
}

void EventHub::stopWorkers()
{
    for (Worker &w : m_workers) {
        QMetaObject::invokeMethod(w.worker.get(), &HubWorker::stop, Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        if (!w.worker->threadFinished())
            qCWarning(lcServerWs) << "WebSocket thread" << w.worker->index() << "did not finish";
    }
    m_workers.clear();
}

void EventHub::setThreadCount(int count)
{
    const int wanted = count > 0 ? count : std::max(1, QThread::idealThreadCount());
    if (wanted == threadCount())
        return;
    if (m_sessions.load() > 0) {
        qCWarning(lcServerWs) << "WebSocket threads stay at" << threadCount()
                              << "while sessions are open";
        return;
    }
    stopWorkers();
    startWorkers(wanted);
}

void EventHub::pushSettings()
{
    for (const Worker &w : m_workers) {
        HubWorker *worker = w.worker.get();
        worker->post([worker, settings = m_settings] { worker->applySettings(settings); });
    }
}

void EventHub::setAuthTimeout(std::chrono::milliseconds timeout)
{
    m_settings.authTimeout = timeout;
    pushSettings();
}

void EventHub::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    m_settings.heartbeatInterval = std::max(interval, std::chrono::milliseconds(1));
    pushSettings();
}

void EventHub::setMaxBufferedBytes(qint64 bytes)
{
    m_settings.maxBufferedBytes = std::max<qint64>(1, bytes);
    pushSettings();
}

void EventHub::setSendBudget(qint64 bytes)
{
    m_settings.sendBudget = std::max<qint64>(1, bytes);
    pushSettings();
}

void EventHub::setMaxBadFrames(int count)
{
    m_settings.maxBadFrames = count;
    pushSettings();
}

void EventHub::setMessageRateLimits(int soft, int hard)
{
    m_settings.softMessageRate = std::max(1, soft);
    m_settings.hardMessageRate = std::max(m_settings.softMessageRate, hard);
    pushSettings();
}

void EventHub::setMaxChannels(int count)
{
    m_settings.maxChannels = count;
    pushSettings();
}

void EventHub::setConnectionRateLimit(int count, std::chrono::milliseconds window)
{
    m_connectLimit = std::max(1, count);
    m_connectWindow = std::max(window, std::chrono::milliseconds(1));
    m_connectWindows.clear();
}

void EventHub::reauthorizeSessions()
{
    // Each worker gets its own copy: the users can be replaced here while workers read theirs.
    for (const Worker &w : m_workers) {
        HubWorker *worker = w.worker.get();
        worker->post([worker, auth = m_auth] {
            worker->setAuth(auth);
            worker->reauthorize();
        });
    }
}

bool EventHub::admitConnection(const QHostAddress &peer, qint64 *retryAfter)
{
    const QString address = peer.toString();
    if (m_connectWindows.size() > 4096) {
        for (auto it = m_connectWindows.begin(); it != m_connectWindows.end();) {
            if (it->started.elapsed() >= m_connectWindow.count())
                it = m_connectWindows.erase(it);
            else
                ++it;
        }
    }
    ConnectWindow &window = m_connectWindows[address];
    if (!window.started.isValid() || window.started.elapsed() >= m_connectWindow.count()) {
        window.started.start();
        window.count = 0;
    }
    if (++window.count <= m_connectLimit)
        return true;
    // Whole seconds until the window ends, at least one: the client's backoff honours it.
    const qint64 remainingMs = m_connectWindow.count() - window.started.elapsed();
    *retryAfter = std::max<qint64>(1, (remainingMs + 999) / 1000);
    qCInfo(lcServerWs) << "connection rate over" << m_connectLimit << "per"
                       << m_connectWindow.count() << "ms from" << address;
    return false;
}

HubWorker *EventHub::pickWorker()
{
    // The worker with the fewest sessions; ties go round.
    HubWorker *best = nullptr;
    qint64 fewest = 0;
    for (std::size_t n = 0; n < m_workers.size(); ++n) {
        HubWorker *w = m_workers[(m_nextWorker + n) % m_workers.size()].worker.get();
        const qint64 sessions = w->counters().sessions.load(std::memory_order_relaxed);
        if (!best || sessions < fewest) {
            best = w;
            fewest = sessions;
        }
    }
    m_nextWorker = (m_nextWorker + 1) % m_workers.size();
    return best;
}

void EventHub::adoptSocket(QTcpSocket *socket)
{
    if (!socket)
        return;
    std::optional<Hub::CloseRequest> close = m_closingAll;
    if (!close) {
        qint64 retryAfter = 0;
        if (!admitConnection(socket->peerAddress(), &retryAfter))
            close = Hub::CloseRequest { quint16(Wire::CloseCode::RateLimited),
                u"retry_after=%1"_s.arg(retryAfter) };
    }
    if (!m_headRead.isValid() || m_headRead.elapsed() >= 50)
        refreshHead();
    HubWorker *worker = pickWorker();
    worker->countHandover(1);
    Q_EMIT sessionCountChanged(qsizetype(++m_sessions));
    if (socket->isTransactionStarted())
        socket->rollbackTransaction();
#ifdef Q_OS_LINUX
    if (!qobject_cast<QSslSocket *>(socket)) {
        // A plain socket: the worker takes the descriptor itself (the QTcpSocket goes), with
        // what has been read of the request so far.
        const QByteArray head = socket->readAll();
        const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        socket->abort();
        socket->deleteLater();
        if (fd < 0) {
            qCWarning(lcServerWs) << "cannot take over a WebSocket connection";
            worker->countHandover(-1);
            sessionRemoved();
            return;
        }
        worker->post([worker, fd, head, close] { worker->adoptDescriptor(fd, head, close); });
        return;
    }
#endif
    // TLS (or no descriptor path): the socket object itself moves to the worker's thread.
    socket->setParent(nullptr);
    socket->moveToThread(worker->thread());
    worker->post([worker, socket, close] { worker->adoptSocket(socket, close); });
}

void EventHub::onEventLogged(const ChangeEvent &event, const QString &region)
{
    // The head is published before any worker can see the event: a session that subscribes
    // at the published head then gets every later event, and none twice.
    publishHead(event.position());
    ++m_eventsSeen;
    const auto shared = std::make_shared<const Hub::Event>(hubEvent(event, region));
    for (const Worker &w : m_workers)
        w.worker->postEvent(shared);
}

Hub::Event EventHub::hubEvent(const ChangeEvent &event, const QString &region) const
{
    ServerFrame frame;
    frame.kind = ServerFrame::Kind::Event;
    frame.event = event;
    frame.region = region;
    return Hub::Event { event.seq, Hub::carriers(event), region,
        Ws::frame(Ws::Opcode::Text, frame.toUtf8()) };
}

void EventHub::publishHead(const StreamPosition &position)
{
    const std::lock_guard lock(m_headMutex);
    if (position.epoch != m_head.epoch || position.seq > m_head.seq)
        m_head = position;
}

void EventHub::refreshHead()
{
    if (!m_store.isOpen())
        return;
    m_headRead.start();
    publishHead(m_store.log().head());
}

StreamPosition EventHub::head() const
{
    const std::lock_guard lock(m_headMutex);
    return m_head;
}

void EventHub::post(std::function<void()> task)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_taskMutex);
        wake = m_tasks.empty();
        m_tasks.push_back(std::move(task));
    }
    if (wake)
        QMetaObject::invokeMethod(this, &EventHub::runTasks, Qt::QueuedConnection);
}

void EventHub::runTasks()
{
    std::vector<std::function<void()>> tasks;
    {
        const std::lock_guard lock(m_taskMutex);
        tasks.swap(m_tasks);
    }
    for (const auto &task : tasks)
        task();
}

void EventHub::requestPlan(int worker, quint64 session, const StreamPosition &since)
{
    post([this, worker, session, since] { servePlan(worker, session, since); });
}

void EventHub::requestLog(int worker, quint64 session, qint64 after)
{
    post([this, worker, session, after] { serveLog(worker, session, after); });
}

void EventHub::servePlan(int worker, quint64 session, const StreamPosition &since)
{
    if (worker >= int(m_workers.size()))
        return;
    Hub::Plan plan;
    plan.head = m_store.isOpen() ? m_store.log().head() : head();
    if (since.epoch != plan.head.epoch)
        plan.resyncReason = u"epoch_changed"_s;
    else if (since.seq > plan.head.seq)
        plan.resyncReason = u"ahead_of_log"_s;
    else if (m_store.isOpen() && since.seq + 1 < m_store.log().oldestSeq())
        plan.resyncReason = u"events_expired"_s;
    else if (plan.head.seq - since.seq > m_maxReplayEvents)
        plan.resyncReason = u"replay_too_long"_s;
    HubWorker *w = m_workers[std::size_t(worker)].worker.get();
    w->post([w, session, since, plan] { w->answerPlan(session, since, plan); });
}

void EventHub::serveLog(int worker, quint64 session, qint64 after)
{
    if (worker >= int(m_workers.size()))
        return;
    const QString epoch = head().epoch;
    Hub::LogBatchPtr batch;
    if (const auto it = m_logCache.constFind(after); it != m_logCache.cend()
        && it->batch->head.epoch == epoch
        && (it->batch->events.size() == std::size_t(kLogBatch) || it->eventsSeen == m_eventsSeen)) {
        batch = it->batch; // the same range for another session: read and serialised once
    } else {
        auto read = std::make_shared<Hub::LogBatch>();
        read->after = after;
        if (m_store.isOpen()) {
            read->head = m_store.log().head();
            const QList<LoggedEvent> logged = m_store.log().loggedAfter(after, kLogBatch);
            read->events.reserve(std::size_t(logged.size()));
            for (const LoggedEvent &e : logged)
                read->events.push_back(hubEvent(e.event, e.region));
            read->complete = logged.size() < kLogBatch;
        } else {
            read->head = head();
            read->complete = true;
        }
        batch = read;
        if (!m_logCache.contains(after)) {
            m_logCacheOrder.push_back(after);
            if (m_logCacheOrder.size() > std::size_t(kLogCacheEntries)) {
                m_logCache.remove(m_logCacheOrder.front());
                m_logCacheOrder.pop_front();
            }
        }
        m_logCache.insert(after, CachedBatch { m_eventsSeen, batch });
    }
    HubWorker *w = m_workers[std::size_t(worker)].worker.get();
    w->post([w, session, batch] { w->answerLog(session, batch); });
}

void EventHub::sessionRemoved()
{
    --m_sessions;
    if (m_countChangePending.exchange(true))
        return;
    post([this] {
        m_countChangePending.store(false);
        Q_EMIT sessionCountChanged(qsizetype(m_sessions.load()));
    });
}

qint64 EventHub::totalQueued() const
{
    qint64 total = 0;
    for (const Worker &w : m_workers)
        total += w.worker->counters().queuedBytes.load(std::memory_order_relaxed);
    return total;
}

qint64 EventHub::largestQueueElsewhere(int worker, int *where) const
{
    qint64 largest = 0;
    for (const Worker &w : m_workers) {
        if (w.worker->index() == worker)
            continue;
        const qint64 bytes = w.worker->counters().largestQueue.load(std::memory_order_relaxed);
        if (bytes > largest) {
            largest = bytes;
            *where = w.worker->index();
        }
    }
    return largest;
}

void EventHub::scheduleBudgetCheck(int worker)
{
    if (worker >= 0 && worker < int(m_workers.size()))
        m_workers[std::size_t(worker)].worker->requestBudgetCheck();
}

qsizetype EventHub::subscriptionCount() const
{
    qsizetype count = 0;
    for (const Worker &w : m_workers)
        count += qsizetype(w.worker->counters().subscriptions.load(std::memory_order_relaxed));
    return count;
}

qint64 EventHub::eventsDelivered() const
{
    qint64 total = 0;
    for (const Worker &w : m_workers)
        total += w.worker->counters().delivered.load(std::memory_order_relaxed);
    return total;
}

qint64 EventHub::rejectedFrames() const
{
    qint64 total = 0;
    for (const qint64 n : stats().rejectedFrames)
        total += n;
    return total;
}

EventHub::Stats EventHub::stats() const
{
    Stats stats;
    for (const Worker &w : m_workers) {
        const Hub::Counters &c = w.worker->counters();
        for (std::size_t i = 0; i < stats.rejectedFrames.size(); ++i)
            stats.rejectedFrames[i] += c.rejectedFrames[i].load(std::memory_order_relaxed);
        stats.replays += c.replays.load(std::memory_order_relaxed);
        stats.replayedEvents += c.replayedEvents.load(std::memory_order_relaxed);
        stats.resyncs += c.resyncs.load(std::memory_order_relaxed);
        stats.budgetCloses += c.budgetCloses.load(std::memory_order_relaxed);
        stats.stalledCloses += c.stalledCloses.load(std::memory_order_relaxed);
        stats.heartbeatAborts += c.heartbeatAborts.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < Hub::CountedCloseCodes.size(); ++i) {
            if (const qint64 n = c.closes[i].load(std::memory_order_relaxed); n > 0)
                stats.closesByCode[Hub::CountedCloseCodes[i]] += n;
        }
    }
    return stats;
}

void EventHub::closeAll(Wire::CloseCode code, const QString &reason)
{
    for (const Worker &w : m_workers) {
        HubWorker *worker = w.worker.get();
        worker->post([worker, code, reason] { worker->closeAll(quint16(code), reason, 0); });
    }
}

void EventHub::closeAllInBatches(Wire::CloseCode code, const QString &reason, int batch)
{
    m_closingAll = Hub::CloseRequest { quint16(code), reason };
    for (const Worker &w : m_workers) {
        HubWorker *worker = w.worker.get();
        worker->post([worker, code, reason, batch] {
            worker->closeAll(quint16(code), reason, std::max(1, batch));
        });
    }
    if (m_sessions.load() == 0)
        Q_EMIT sessionCountChanged(0);
}

void EventHub::abortAll()
{
    for (const Worker &w : m_workers) {
        HubWorker *worker = w.worker.get();
        worker->post([worker] { worker->abortAll(); });
    }
}

} // namespace Ops
