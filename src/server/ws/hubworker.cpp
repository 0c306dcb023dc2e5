#include "hubworker.h"

#include <algorithm>
#include <array>

#include <QTcpSocket>
#include <QTimer>

#include "core/logging.h"
#include "eventhub.h"

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr qint64 kReadBuffer = 64 * 1024;
//! Client frames held back while a subscribe is being answered (the rate limit bounds them too).
constexpr std::size_t kMaxDeferred = 64;

quint16 wire(Wire::CloseCode code)
{
    return static_cast<quint16>(code);
}

const QByteArray &pingFrame()
{
    static const QByteArray frame = Ws::frame(Ws::Opcode::Ping, {});
    return frame;
}

} // namespace

HubWorker::HubWorker(EventHub &hub, int index)
    : m_hub(hub)
    , m_index(index)
{ }

HubWorker::~HubWorker() = default;

void HubWorker::post(std::function<void()> task)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_taskMutex);
        wake = m_tasks.empty();
        m_tasks.push_back({ {}, std::move(task) });
    }
    if (wake)
        QMetaObject::invokeMethod(this, &HubWorker::runTasks, Qt::QueuedConnection);
}

void HubWorker::postEvent(Hub::EventPtr event)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_taskMutex);
        wake = m_tasks.empty();
        m_tasks.push_back({ std::move(event), {} });
    }
    if (wake)
        QMetaObject::invokeMethod(this, &HubWorker::runTasks, Qt::QueuedConnection);
}

void HubWorker::runTasks()
{
    std::vector<Task> tasks;
    {
        const std::lock_guard lock(m_taskMutex);
        tasks.swap(m_tasks);
    }
    for (Task &task : tasks) {
        if (task.event)
            deliver(*task.event);
        else if (task.call)
            task.call();
    }
    afterTurn();
}

void HubWorker::start()
{
    m_clock.start();
    m_readBuffer.resize(kReadBuffer);
#ifdef Q_OS_LINUX
    m_poller = std::make_unique<Ws::Poller>(this, [this](quint64 id, bool readable, bool writable) {
        Session *s = find(id);
        if (!s || s->doomed)
            return;
        if (readable)
            onReadable(*s);
        if (writable && !s->doomed)
            onWritable(*s);
        afterTurn();
    });
    if (!m_poller->isValid()) {
        qCWarning(lcServerWs) << "no epoll set; WebSocket sessions use Qt sockets";
        m_poller.reset();
    }
#endif
    m_sweepTimer = std::make_unique<QTimer>();
    connect(m_sweepTimer.get(), &QTimer::timeout, this, &HubWorker::onSweep);
    m_authTimer = std::make_unique<QTimer>();
    m_authTimer->setSingleShot(true);
    connect(m_authTimer.get(), &QTimer::timeout, this, &HubWorker::onAuthDeadlines);
    applySettings(m_settings);
}

void HubWorker::stop()
{
    runTasks(); // sockets handed over meanwhile are closed with the rest
    for (Session *s : m_list)
        doom(*s);
    reap();
    m_sweepTimer.reset();
    m_authTimer.reset();
#ifdef Q_OS_LINUX
    m_poller.reset();
#endif
}

void HubWorker::applySettings(const Hub::Settings &settings)
{
    m_settings = settings;
    if (!m_sweepTimer)
        return;
    // The heartbeat's rules are checked eight times per interval, so a dead peer is found two
    // intervals after it fell silent, not up to three.
    const auto interval = m_settings.heartbeatInterval;
    m_sweepTimer->start(
        std::max<std::chrono::milliseconds>(std::chrono::milliseconds(5), interval / 8));
}

void HubWorker::setAuth(const Auth &auth)
{
    m_auth = auth;
}

void HubWorker::reauthorize()
{
    for (Session *s : m_list) {
        if (!s->user || s->phase != Session::Phase::Open || s->doomed)
            continue;
        const auto user = m_auth.authenticateHash(s->tokenHash);
        if (!user) {
            qCInfo(lcServerWs) << "closing session of" << s->user->name << ": token revoked";
            closeSession(*s, wire(Wire::CloseCode::Unauthorized), u"token revoked"_s, true);
            continue;
        }
        s->user = user;
        for (const QString &channel : Hub::channelNames(s->channels)) {
            if (!user->canSubscribe(channel)) {
                closeSession(*s, wire(Wire::CloseCode::Forbidden),
                    u"channel '%1' is no longer allowed"_s.arg(channel), true);
                break;
            }
        }
    }
    afterTurn();
}

HubWorker::Session &HubWorker::newSession()
{
    auto owned = std::make_unique<Session>();
    Session &s = *owned;
    s.id = ++m_nextId;
    s.index = m_list.size();
    const qint64 t = now();
    s.lastSeen = s.lastPingAt = s.lastAckProgress = t;
    m_list.push_back(&s);
    m_sessions.emplace(s.id, std::move(owned));
    // The handshake and the auth frame share one deadline.
    const qint64 due = t + m_settings.authTimeout.count();
    if (!m_authDeadlines.empty() && due < m_authDeadlines.back().dueMs) {
        // The timeout was shortened: keep the queue sorted.
        const auto at = std::upper_bound(m_authDeadlines.begin(), m_authDeadlines.end(), due,
            [](qint64 d, const AuthDeadline &a) { return d < a.dueMs; });
        m_authDeadlines.insert(at, { due, s.id });
    } else {
        m_authDeadlines.push_back({ due, s.id });
    }
    armAuthTimer();
    return s;
}

#ifdef Q_OS_LINUX
void HubWorker::adoptDescriptor(
    int fd, const QByteArray &head, std::optional<Hub::CloseRequest> close)
{
    Session &s = newSession();
    s.closeOnOpen = std::move(close);
    if (!m_poller) {
        ::close(fd);
        doom(s);
        afterTurn();
        return;
    }
    auto transport = std::make_unique<Ws::FdTransport>(fd, *m_poller, s.id);
    const bool valid = transport->isValid();
    s.transport = std::move(transport);
    if (!valid) {
        qCWarning(lcServerWs) << "cannot watch a WebSocket connection";
        doom(s);
        afterTurn();
        return;
    }
    s.head = head;
    readHandshake(s);
    // The kernel may hold more than what the listener had read.
    if (!s.doomed)
        onReadable(s);
    afterTurn();
}
#endif

void HubWorker::adoptSocket(QTcpSocket *socket, std::optional<Hub::CloseRequest> close)
{
    Session &s = newSession();
    s.closeOnOpen = std::move(close);
    const quint64 id = s.id;
    const auto call = [this, id](void (HubWorker::*method)(Session &)) {
        return [this, id, method] {
            if (Session *session = find(id); session && !session->doomed) {
                (this->*method)(*session);
                afterTurn();
            }
        };
    };
    s.transport = std::make_unique<Ws::SocketTransport>(socket, this, call(&HubWorker::onReadable),
        call(&HubWorker::onWritable), call(&HubWorker::doom));
    onReadable(s);
    afterTurn();
}

HubWorker::Session *HubWorker::find(quint64 id) const
{
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : it->second.get();
}

void HubWorker::onReadable(Session &s)
{
    // A few reads at most: the other sessions get their turn (the socket stays readable).
    for (int round = 0; round < 4 && !s.doomed; ++round) {
        const qint64 n = s.transport->read(m_readBuffer.data(), m_readBuffer.size());
        if (n == 0)
            return;
        if (n < 0) {
            qCDebug(lcServerWs) << "session" << s.id << "ended by the peer";
            doom(s);
            return;
        }
        if (!s.readInput)
            continue;
        if (s.phase == Session::Phase::Handshake) {
            s.head.append(m_readBuffer.constData(), n);
            readHandshake(s);
            continue;
        }
        feed(s, QByteArrayView(m_readBuffer.constData(), n));
    }
}

void HubWorker::onWritable(Session &s)
{
    markDirty(s);
}

void HubWorker::markDirty(Session &s)
{
    if (!s.dirty) {
        s.dirty = true;
        m_dirty.push_back(&s);
    }
}

void HubWorker::readHandshake(Session &s)
{
    const Ws::Handshake h = Ws::readHandshake(s.head);
    if (h.result == Ws::Handshake::Result::Incomplete)
        return;
    if (h.result == Ws::Handshake::Result::Rejected) {
        qCInfo(lcServerWs) << "refusing a WebSocket handshake:" << h.error;
        s.head = QByteArray();
        s.readInput = false;
        s.phase = Session::Phase::Closing;
        enqueue(s, h.response, false);
        s.closeEnd = s.queue.queuedTotal();
        return;
    }
    const QByteArray rest = s.head.mid(h.headBytes);
    s.head = QByteArray();
    enqueue(s, h.response, false);
    s.phase = Session::Phase::Open;
    const qint64 t = now();
    s.lastSeen = s.lastPingAt = s.lastAckProgress = t;
    if (s.closeOnOpen) {
        const Hub::CloseRequest close = *std::exchange(s.closeOnOpen, std::nullopt);
        closeSession(s, close.code, close.reason);
        return;
    }
    if (h.path != Wire::SocketPath.latin1()) {
        qCInfo(lcServerWs) << "rejecting WebSocket on unknown path" << h.path;
        closeSession(s, 1008, u"unknown path; use %1"_s.arg(Wire::SocketPath));
        return;
    }
    qCDebug(lcServerWs) << "session" << s.id << "opened";
    if (!rest.isEmpty())
        feed(s, rest);
}

void HubWorker::feed(Session &s, QByteArrayView bytes)
{
    m_messages.clear();
    const bool ok = s.reader.read(bytes, m_messages);
    for (Ws::Message &message : m_messages) {
        if (s.doomed)
            return;
        handleMessage(s, message);
    }
    if (ok || s.doomed)
        return;
    const Ws::FrameReader::Failure &failure = s.reader.failure();
    noteRejected(int(failure.code == Ws::CloseTooBig ? EventHub::FrameRejection::TooBig
                                                     : EventHub::FrameRejection::BadFrame));
    qCInfo(lcServerWs) << "closing session" << s.id << ":" << failure.reason;
    // What the peer still sends is read and dropped, so it reads the close frame rather than a
    // reset, until it closes or the close handshake times out.
    s.readInput = false;
    if (s.phase == Session::Phase::Open)
        closeSession(s, failure.code, failure.reason);
    else
        doom(s);
}

void HubWorker::handleMessage(Session &s, Ws::Message &message)
{
    switch (message.opcode) {
    case Ws::Opcode::Ping:
        s.lastSeen = now();
        if (s.phase == Session::Phase::Open)
            enqueue(s, Ws::frame(Ws::Opcode::Pong, message.payload), false);
        return;
    case Ws::Opcode::Pong:
        s.ponged(now());
        return;
    case Ws::Opcode::Close:
        s.lastSeen = now();
        handlePeerClose(s, message.payload);
        return;
    case Ws::Opcode::Text:
    case Ws::Opcode::Binary:
    case Ws::Opcode::Continuation:
        break;
    }
    if (s.phase != Session::Phase::Open)
        return;
    s.lastSeen = now();
    if (!admitFrame(s))
        return;
    if (isBusy(s) || !s.deferred.empty()) {
        if (s.deferred.size() >= kMaxDeferred) {
            closeSession(s, wire(Wire::CloseCode::RateLimited), u"too many frames in flight"_s);
            return;
        }
        s.deferred.push_back(std::move(message));
        return;
    }
    handleData(s, message.payload, message.opcode == Ws::Opcode::Binary);
}

void HubWorker::enqueue(Session &s, const QByteArray &bytes, bool capped)
{
    s.queue.push(bytes);
    m_queued += bytes.size();
    markDirty(s);
    if (capped && s.phase == Session::Phase::Open
        && s.queue.bytes() > m_settings.maxBufferedBytes) {
        qCWarning(lcServerWs) << "closing slow consumer with" << s.queue.bytes() << "bytes queued";
        closeSession(s, wire(Wire::CloseCode::SlowConsumer),
            u"send queue over %1 bytes"_s.arg(m_settings.maxBufferedBytes), true);
    }
    if (s.queue.bytes() > m_counters.largestQueue.load(std::memory_order_relaxed))
        m_counters.largestQueue.store(s.queue.bytes(), std::memory_order_relaxed);
}

void HubWorker::flush(Session &s)
{
    const Session::Written written = s.write(now());
    if (written.bytes < 0) {
        qCDebug(lcServerWs) << "session" << s.id << "connection broke";
        doom(s);
        return;
    }
    m_queued -= written.bytes;
    if (written.closeDone)
        doom(s);
    else if (s.stream == Session::Stream::FromLog)
        pumpLog(s);
}

void HubWorker::rejectFrame(Session &s, const QString &error, const QString &message)
{
    noteRejected(int(error == "too_many_channels"_L1 ? EventHub::FrameRejection::TooManyChannels
                                                     : EventHub::FrameRejection::BadFrame));
    ++s.badFrames;
    qCDebug(lcServerWs) << "rejected frame:" << message;
    if (s.badFrames >= m_settings.maxBadFrames) {
        closeSession(s, wire(Wire::CloseCode::BadFrame), u"too many invalid frames"_s);
        return;
    }
    ServerFrame frame;
    frame.kind = ServerFrame::Kind::Error;
    frame.error = error;
    frame.message = message;
    send(s, frame);
}

void HubWorker::closeSession(Session &s, quint16 code, const QString &reason, bool dropQueued)
{
    if (s.phase == Session::Phase::Handshake) {
        doom(s);
        return;
    }
    if (s.phase != Session::Phase::Open)
        return;
    noteClose(code);
    sendClose(s, code, reason, dropQueued);
}

void HubWorker::sendClose(Session &s, quint16 code, const QString &reason, bool dropQueued)
{
    setSubscribed(s, false, s.channels);
    m_queued += s.queueClose(code, reason, dropQueued);
    markDirty(s);
}

void HubWorker::abortSession(Session &s, const char *why, qint64 ms)
{
    qCInfo(lcServerWs) << why << ms << "ms; aborting session";
    m_counters.heartbeatAborts.fetch_add(1, std::memory_order_relaxed);
    doom(s);
}

void HubWorker::doom(Session &s)
{
    if (s.doomed)
        return;
    s.doomed = true;
    m_doomed.push_back(&s);
}

void HubWorker::noteRejected(int reason)
{
    m_counters.rejectedFrames.at(std::size_t(reason)).fetch_add(1, std::memory_order_relaxed);
}

void HubWorker::noteClose(quint16 code)
{
    const auto it = std::find(Hub::CountedCloseCodes.begin(), Hub::CountedCloseCodes.end(), code);
    m_counters.closes.at(std::size_t(it - Hub::CountedCloseCodes.begin()))
        .fetch_add(1, std::memory_order_relaxed);
}

void HubWorker::armAuthTimer()
{
    if (!m_authTimer || m_authDeadlines.empty())
        return;
    const qint64 wait = std::max<qint64>(0, m_authDeadlines.front().dueMs - now());
    if (!m_authTimer->isActive() || m_authTimer->remainingTime() > wait)
        m_authTimer->start(std::chrono::milliseconds(wait));
}

void HubWorker::onAuthDeadlines()
{
    const qint64 t = now();
    while (!m_authDeadlines.empty() && m_authDeadlines.front().dueMs <= t) {
        const AuthDeadline d = m_authDeadlines.front();
        m_authDeadlines.pop_front();
        Session *s = find(d.session);
        if (!s || s->doomed)
            continue;
        if (s->phase == Session::Phase::Handshake) {
            doom(*s); // never finished its upgrade request
            continue;
        }
        if (s->user || s->phase != Session::Phase::Open)
            continue;
        qCInfo(lcServerWs) << "session did not authenticate in time";
        closeSession(*s, wire(Wire::CloseCode::AuthTimeout),
            u"no auth frame within %1 ms"_s.arg(m_settings.authTimeout.count()));
    }
    armAuthTimer();
    afterTurn();
}

void HubWorker::onSweep()
{
    const qint64 t = now();
    for (Session *s : m_list) {
        if (!s->doomed)
            sweep(*s, t);
    }
    afterTurn();
}

void HubWorker::sweep(Session &s, qint64 t)
{
    const qint64 interval = m_settings.heartbeatInterval.count();
    s.sampleAcknowledged(t);
    switch (s.check(t, interval)) {
    case Session::Liveness::Fine:
        return;
    case Session::Liveness::PingDue:
        s.queuePing(pingFrame(), t);
        m_queued += pingFrame().size();
        markDirty(s);
        return;
    case Session::Liveness::Dead:
        abortSession(s, "no pong for", t - s.lastSeen);
        return;
    case Session::Liveness::CutOff:
        doom(s);
        return;
    case Session::Liveness::Stalled:
        break;
    }
    if (t - s.lastSeen >= 2 * interval) {
        abortSession(s, "send queue stalled and no frame for", t - s.lastSeen);
        return;
    }
    qCWarning(lcServerWs) << "closing slow consumer: send queue stalled for"
                          << t - s.lastAckProgress << "ms with" << s.queue.bytes()
                          << "bytes queued";
    m_counters.stalledCloses.fetch_add(1, std::memory_order_relaxed);
    closeSession(s, wire(Wire::CloseCode::SlowConsumer),
        u"send queue not draining for %1 ms"_s.arg(t - s.lastAckProgress), true);
}

void HubWorker::afterTurn()
{
    // Write what the turn queued: one write per session however many frames it got.
    while (!m_dirty.empty()) {
        std::vector<Session *> dirty;
        dirty.swap(m_dirty);
        for (Session *s : dirty) {
            s->dirty = false;
            if (!s->doomed)
                flush(*s);
        }
    }
    publishQueued();
    if (m_queued > 0 && m_hub.totalQueued() > m_settings.sendBudget)
        checkBudget();
    reap();
}

void HubWorker::publishQueued()
{
    m_counters.queuedBytes.store(m_queued, std::memory_order_relaxed);
}

void HubWorker::requestBudgetCheck()
{
    if (m_budgetCheckPending.exchange(true))
        return;
    post([this] {
        checkBudget();
        afterTurn();
    });
}

void HubWorker::checkBudget()
{
    m_budgetCheckPending.store(false);
    qint64 total = m_hub.totalQueued();
    const qint64 budget = m_settings.sendBudget;
    std::vector<std::pair<qint64, Session *>> queues;
    for (Session *s : m_list) {
        if (!s->doomed && s->phase == Session::Phase::Open && s->queue.bytes() > 0)
            queues.emplace_back(s->queue.bytes(), s);
    }
    std::sort(queues.begin(), queues.end(),
        [](const auto &a, const auto &b) { return a.first > b.first; });
    m_counters.largestQueue.store(
        queues.empty() ? 0 : queues.front().first, std::memory_order_relaxed);
    if (total <= budget)
        return;
    // Furthest behind first over all workers: this one closes its sessions while they are at
    // least as far behind as any other worker's, and hands over when another's is further.
    int where = -1;
    const qint64 elsewhere = m_hub.largestQueueElsewhere(m_index, &where);
    int closed = 0;
    std::size_t i = 0;
    for (; i < queues.size() && total > budget; ++i) {
        const auto [bytes, s] = queues[i];
        if (bytes < elsewhere) {
            m_hub.scheduleBudgetCheck(where);
            break;
        }
        closeSession(*s, wire(Wire::CloseCode::SlowConsumer),
            u"server send budget over %1 bytes; %2 bytes queued for this session"_s.arg(budget).arg(
                bytes),
            true);
        m_counters.budgetCloses.fetch_add(1, std::memory_order_relaxed);
        ++closed;
        total -= bytes;
    }
    m_counters.largestQueue.store(
        i < queues.size() ? queues[i].first : 0, std::memory_order_relaxed);
    publishQueued();
    if (closed > 0)
        qCWarning(lcServerWs) << "send budget of" << budget << "bytes exceeded; closed" << closed
                              << "slow consumers, furthest behind first";
}

void HubWorker::closeAll(quint16 code, const QString &reason, int perTurn)
{
    m_closingAll = Hub::CloseRequest { code, reason };
    m_closePerTurn = perTurn > 0 ? perTurn : int(m_list.size()) + 1;
    closeNextBatch();
}

void HubWorker::closeNextBatch()
{
    if (!m_closingAll)
        return;
    int closed = 0;
    for (Session *s : m_list) {
        if (closed == m_closePerTurn)
            break;
        if (s->doomed || s->phase == Session::Phase::Closing)
            continue;
        if (s->phase == Session::Phase::Handshake) {
            s->closeOnOpen = m_closingAll; // as soon as it is open
            continue;
        }
        closeSession(*s, m_closingAll->code, m_closingAll->reason, true);
        ++closed;
    }
    afterTurn();
    if (closed == m_closePerTurn)
        post([this] { closeNextBatch(); }); // the next batch on a later turn
}

void HubWorker::abortAll()
{
    // What kept the sessions cut off from closing, for the operator (the first few).
    constexpr int Described = 5;
    const qint64 now = m_clock.elapsed();
    int described = 0;
    for (Session *s : m_list) {
        if (s->doomed)
            continue;
        if (described++ < Described)
            qCWarning(lcServerWs).noquote() << "cutting off" << describe(*s, now);
        doom(*s);
    }
    afterTurn();
}

QString HubWorker::describe(const Session &s, qint64 now)
{
    static constexpr std::array kPhases { "handshake", "open", "closing" };
    QString text = u"session %1 (%2): %3 bytes queued"_s.arg(s.id)
                       .arg(QLatin1StringView(kPhases.at(std::size_t(s.phase))))
                       .arg(s.queue.bytes());
    if (s.closeEnd >= 0) {
        text += s.closeLeftAt >= 0 ? u", our close frame left %1 ms ago"_s.arg(now - s.closeLeftAt)
                                   : u", our close frame not sent"_s;
        text += s.closeReceived ? u", the peer's close frame came"_s
                                : u", no close frame from the peer"_s;
    }
    if (s.phase == Session::Phase::Handshake && s.closeOnOpen)
        text += u", to be closed once open"_s;
    text += u", last heard %1 ms ago"_s.arg(now - s.lastSeen);
    return text;
}

void HubWorker::reap()
{
    if (m_doomed.empty())
        return;
    std::vector<Session *> doomed;
    doomed.swap(m_doomed);
    for (Session *s : doomed) {
        Session *last = m_list.back();
        m_list[s->index] = last;
        last->index = s->index;
        m_list.pop_back();
        setSubscribed(*s, false, 0);
        m_queued -= s->queue.bytes();
        m_sessions.erase(s->id); // closes the connection
        m_counters.sessions.fetch_sub(1, std::memory_order_relaxed);
        m_hub.sessionRemoved();
    }
    publishQueued();
}

} // namespace Ops
