#include "eventhub.h"

#include <algorithm>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerRouterRule>
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpServerWebSocketUpgradeResponse>
#endif
#include <QWebSocket>

#include "core/logging.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr int kReplayBatch = 500;

//! Bit i of a Session's channel mask is kChannels[i].
constexpr std::array<QLatin1StringView, 5> kChannels { EventHub::OrdersChannel,
    EventHub::DriversChannel, EventHub::PaymentsChannel, EventHub::AlertsChannel,
    EventHub::KpisChannel };

int channelBit(QStringView name)
{
    for (std::size_t i = 0; i < kChannels.size(); ++i) {
        if (name == kChannels[i])
            return int(i);
    }
    return -1;
}

int channelCount(quint8 mask)
{
    int count = 0;
    for (; mask != 0; mask &= quint8(mask - 1))
        ++count;
    return count;
}

QStringList channelNames(quint8 mask)
{
    QStringList names;
    for (std::size_t i = 0; i < kChannels.size(); ++i) {
        if (mask & (1u << i))
            names.append(kChannels[i]);
    }
    return names;
}

QWebSocketProtocol::CloseCode closeCode(quint16 code)
{
    return static_cast<QWebSocketProtocol::CloseCode>(code);
}

quint16 wireCode(Wire::CloseCode code)
{
    return static_cast<quint16>(code);
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
//! Matches every WebSocket upgrade request, whatever its path. QHttpServer 6.4 hands a socket to
//! its WebSocket server only when some route accepted the upgrade request; the route must write
//! no response (the handshake answers it).
class WebSocketUpgradeRule : public QHttpServerRouterRule
{
public:
    using QHttpServerRouterRule::QHttpServerRouterRule;

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *) const override
    {
        return request.method() == QHttpServerRequest::Method::Get
            && request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
    }
};
#endif

} // namespace

EventHub::EventHub(Store &store, const Auth &auth, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_auth(auth)
{
    connect(&m_store, &Store::eventLogged, this, &EventHub::onEventLogged);
    connect(&m_heartbeat, &QTimer::timeout, this, &EventHub::onHeartbeat);
    m_heartbeat.setInterval(m_heartbeatInterval);
    m_heartbeat.start();
    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this, &EventHub::onAuthDeadlines);
    m_clock.start();
}

EventHub::~EventHub() = default;

bool EventHub::channelCarries(QStringView channel, const ChangeEvent &event)
{
    // An import is a batch of new orders: it goes where orders go.
    const bool orders = event.entity == "order"_L1 || event.entity == "import"_L1;
    if (channel == KpisChannel)
        return orders || event.entity == "payment"_L1 || event.entity == "alert"_L1;
    return (channel == OrdersChannel && orders)
        || (channel == DriversChannel && event.entity == "driver"_L1)
        || (channel == PaymentsChannel && event.entity == "payment"_L1)
        || (channel == AlertsChannel && event.entity == "alert"_L1);
}

void EventHub::setMessageRateLimits(int soft, int hard)
{
    m_softMessageRate = qMax(1, soft);
    m_hardMessageRate = qMax(m_softMessageRate, hard);
}

void EventHub::setConnectionRateLimit(int count, std::chrono::milliseconds window)
{
    m_connectLimit = qMax(1, count);
    m_connectWindow = qMax(window, std::chrono::milliseconds(1));
    m_connectWindows.clear();
}

bool EventHub::admitConnection(QWebSocket *socket)
{
    const QString address = socket->peerAddress().toString();
    ConnectWindow &window = m_connectWindows[address];
    if (!window.started.isValid() || window.started.elapsed() >= m_connectWindow.count()) {
        window.started.start();
        window.count = 0;
    }
    if (++window.count <= m_connectLimit)
        return true;
    // Whole seconds until the window ends, at least one: the client's backoff honours it.
    const qint64 remainingMs = m_connectWindow.count() - window.started.elapsed();
    const qint64 retryAfter = qMax<qint64>(1, (remainingMs + 999) / 1000);
    qCInfo(lcServerWs) << "connection rate over" << m_connectLimit << "per"
                       << m_connectWindow.count() << "ms from" << address;
    QTimer::singleShot(0, socket, [this, socket, retryAfter] {
        const auto it = m_sessions.find(socket);
        if (it != m_sessions.end())
            closeSession(socket, *it, wireCode(Wire::CloseCode::RateLimited),
                u"retry_after=%1"_s.arg(retryAfter));
    });
    return false;
}

bool EventHub::admitFrame(QWebSocket *socket, Session &session)
{
    if (!session.rateWindow.isValid() || session.rateWindow.elapsed() >= 1000) {
        session.rateWindow.start();
        session.framesInWindow = 0;
    }
    ++session.framesInWindow;
    if (session.framesInWindow > m_hardMessageRate) {
        noteRejectedFrame(FrameRejection::RateLimited);
        qCInfo(lcServerWs) << "closing a session over" << m_hardMessageRate << "frames/s";
        closeSession(socket, session, wireCode(Wire::CloseCode::RateLimited),
            u"message rate over %1/s"_s.arg(m_hardMessageRate));
        return false;
    }
    if (session.framesInWindow > m_softMessageRate) {
        noteRejectedFrame(FrameRejection::RateLimited);
        ServerFrame frame;
        frame.kind = ServerFrame::Kind::Error;
        frame.error = Error::kindName(ErrorKind::RateLimited);
        frame.message = u"more than %1 frames/s; frame ignored"_s.arg(m_softMessageRate);
        send(socket, session, frame);
        return false;
    }
    return true;
}

EventHub::ChannelMask EventHub::channelsCarrying(const ChangeEvent &event)
{
    // Bits as in kChannels; the same rule as channelCarries().
    constexpr ChannelMask orders = 1u << 0, drivers = 1u << 1, payments = 1u << 2, alerts = 1u << 3,
                          kpis = 1u << 4;
    if (event.entity == "order"_L1 || event.entity == "import"_L1)
        return orders | kpis;
    if (event.entity == "driver"_L1)
        return drivers;
    if (event.entity == "payment"_L1)
        return payments | kpis;
    if (event.entity == "alert"_L1)
        return alerts | kpis;
    return 0;
}

bool EventHub::wants(const Session &session, ChannelMask carriers, const QString &region)
{
    if (!session.subscribed || !session.user || (session.channels & carriers) == 0)
        return false;
    return region.isEmpty() || session.user->canSeeRegion(region);
}

void EventHub::reauthorizeSessions()
{
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        Session &session = *it;
        if (!session.user || session.closing)
            continue;
        const auto user = m_auth.authenticateHash(session.tokenHash);
        if (!user) {
            qCInfo(lcServerWs) << "closing session of" << session.user->name << ": token revoked";
            closeSession(
                it.key(), session, wireCode(Wire::CloseCode::Unauthorized), u"token revoked"_s);
            continue;
        }
        session.user = user;
        for (const QString &channel : channelNames(session.channels)) {
            if (!user->canSubscribe(channel)) {
                closeSession(it.key(), session, wireCode(Wire::CloseCode::Forbidden),
                    u"channel '%1' is no longer allowed"_s.arg(channel));
                break;
            }
        }
    }
}

void EventHub::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    m_heartbeatInterval = interval;
    m_heartbeat.start(interval);
}

void EventHub::attach(QHttpServer &server)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // 6.8 asks upgrade verifiers instead of routes. Every path is accepted, as with 6.4's rule:
    // addSocket() closes sockets on other paths with a reason the client can read.
    server.addWebSocketUpgradeVerifier(this,
        [](const QHttpServerRequest &) { return QHttpServerWebSocketUpgradeResponse::accept(); });
#else
    server.route<WebSocketUpgradeRule>(Wire::SocketPath.toString(), [](QHttpServerResponder &&) {
        // Intentionally empty: the WebSocket handshake is the response.
    });
#endif
    connect(&server, &QAbstractHttpServer::newWebSocketConnection, this, [this, &server] {
        while (server.hasPendingWebSocketConnections())
            addSocket(server.nextPendingWebSocketConnection());
    });
}

void EventHub::addSocket(std::unique_ptr<QWebSocket> owned)
{
    if (!owned)
        return;
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    socket->setMaxAllowedIncomingFrameSize(quint64(Wire::MaxFrameBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(Wire::MaxFrameBytes));

    Session &session = m_sessions[socket];
    session.serial = ++m_nextSerial;
    session.lastSeen.start();
    session.lastProgress.start();
    const bool admitted = admitConnection(socket);

    // Queued: the session must not vanish while a handler higher up the stack still uses it.
    connect(
        socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); },
        Qt::QueuedConnection);
    connect(socket, &QWebSocket::textMessageReceived, this,
        [this, socket](const QString &text) { onTextMessage(socket, text); });
    connect(socket, &QWebSocket::binaryMessageReceived, this,
        [this, socket](const QByteArray &) { onBinaryMessage(socket); });
    connect(socket, &QWebSocket::pong, this, [this, socket](quint64, const QByteArray &) {
        const auto it = m_sessions.find(socket);
        if (it == m_sessions.end())
            return;
        it->lastSeen.restart();
        it->pingEnd = -1;
        it->pingLeft.invalidate();
    });
    Q_EMIT sessionCountChanged(m_sessions.size());

    const QString path = socket->requestUrl().path();
    if (path != Wire::SocketPath) {
        qCInfo(lcServerWs) << "rejecting WebSocket on unknown path" << path;
        // Deferred: closing inside the handshake's own signal leaves Qt reading a closed socket.
        QTimer::singleShot(0, socket, [this, socket] {
            const auto it = m_sessions.find(socket);
            if (it != m_sessions.end())
                closeSession(socket, *it, QWebSocketProtocol::CloseCodePolicyViolated,
                    u"unknown path; use %1"_s.arg(Wire::SocketPath));
        });
        return;
    }
    if (!admitted)
        return;
    if (m_closingAll) {
        // An upgrade that raced the shutdown: it goes the way every other session went.
        QTimer::singleShot(0, socket, [this, socket] {
            const auto it = m_sessions.find(socket);
            if (it != m_sessions.end())
                closeSession(socket, *it, m_closingAll->first, m_closingAll->second);
        });
        return;
    }
    qCDebug(lcServerWs) << "session opened from" << socket->peerAddress().toString();

    const qint64 due = m_clock.elapsed() + m_authTimeout.count();
    if (!m_authDeadlines.empty() && due < m_authDeadlines.back().dueMs) {
        // The timeout was shortened: keep the queue sorted.
        const auto at = std::upper_bound(m_authDeadlines.begin(), m_authDeadlines.end(), due,
            [](qint64 d, const AuthDeadline &a) { return d < a.dueMs; });
        m_authDeadlines.insert(at, { due, socket, session.serial });
    } else {
        m_authDeadlines.push_back({ due, socket, session.serial });
    }
    if (!m_authTimer.isActive() || m_authDeadlines.front().socket == socket)
        m_authTimer.start(std::chrono::milliseconds(
            qMax<qint64>(0, m_authDeadlines.front().dueMs - m_clock.elapsed())));
}

void EventHub::onAuthDeadlines()
{
    const qint64 now = m_clock.elapsed();
    while (!m_authDeadlines.empty() && m_authDeadlines.front().dueMs <= now) {
        const AuthDeadline d = m_authDeadlines.front();
        m_authDeadlines.pop_front();
        const auto it = m_sessions.find(d.socket);
        if (it == m_sessions.end() || it->serial != d.serial || it->user || it->closing)
            continue;
        qCInfo(lcServerWs) << "session did not authenticate in time";
        closeSession(d.socket, *it, wireCode(Wire::CloseCode::AuthTimeout),
            u"no auth frame within %1 ms"_s.arg(m_authTimeout.count()));
    }
    if (!m_authDeadlines.empty())
        m_authTimer.start(std::chrono::milliseconds(
            qMax<qint64>(0, m_authDeadlines.front().dueMs - m_clock.elapsed())));
}

void EventHub::onTextMessage(QWebSocket *socket, const QString &text)
{
    const auto it = m_sessions.find(socket);
    if (it == m_sessions.end() || it->closing)
        return;
    Session &session = *it;
    session.lastSeen.restart();
    if (!admitFrame(socket, session))
        return;

    if (text.size() > Wire::MaxFrameBytes) {
        noteRejectedFrame(FrameRejection::TooBig);
        closeSession(socket, session, wireCode(Wire::CloseCode::TooBig),
            u"frame larger than %1 bytes"_s.arg(Wire::MaxFrameBytes));
        return;
    }
    QString error;
    const auto frame = ClientFrame::parse(text, &error);
    if (!session.user) {
        // Until authenticated, anything but a valid auth frame ends the session.
        if (!frame || frame->kind != ClientFrame::Kind::Auth) {
            noteRejectedFrame(FrameRejection::NotAuthenticated);
            closeSession(socket, session, wireCode(Wire::CloseCode::Unauthorized),
                u"the first frame must be auth"_s);
            return;
        }
        handleAuth(socket, session, frame->token);
        return;
    }
    if (!frame) {
        rejectFrame(socket, session, u"bad_frame"_s, error);
        return;
    }
    switch (frame->kind) {
    case ClientFrame::Kind::Auth:
        rejectFrame(socket, session, u"bad_frame"_s, u"already authenticated"_s);
        return;
    case ClientFrame::Kind::Subscribe:
        handleSubscribe(socket, session, frame->channels, frame->since);
        return;
    case ClientFrame::Kind::Unsubscribe:
        for (const QString &channel : frame->channels) {
            if (const int bit = channelBit(channel); bit >= 0)
                session.channels &= ChannelMask(~(1u << bit));
        }
        return;
    }
}

void EventHub::onBinaryMessage(QWebSocket *socket)
{
    const auto it = m_sessions.find(socket);
    if (it == m_sessions.end() || it->closing)
        return;
    it->lastSeen.restart();
    if (!admitFrame(socket, *it))
        return;
    if (!it->user) {
        noteRejectedFrame(FrameRejection::NotAuthenticated);
        closeSession(socket, *it, wireCode(Wire::CloseCode::Unauthorized),
            u"the first frame must be auth"_s);
        return;
    }
    rejectFrame(socket, *it, u"bad_frame"_s, u"binary frames are not supported"_s);
}

void EventHub::handleAuth(QWebSocket *socket, Session &session, const QString &token)
{
    const auto user = m_auth.authenticate(token);
    if (!user) {
        qCInfo(lcServerWs) << "session rejected: invalid token";
        closeSession(socket, session, wireCode(Wire::CloseCode::Unauthorized), u"invalid token"_s);
        return;
    }
    session.user = user;
    session.tokenHash = Auth::hashToken(token);
    qCInfo(lcServerWs) << "session authenticated as" << user->name;
    ServerFrame ready;
    ready.kind = ServerFrame::Kind::Ready;
    ready.user = user->name;
    ready.role = User::roleName(user->role);
    ready.position = m_store.log().head();
    send(socket, session, ready);
}

void EventHub::handleSubscribe(QWebSocket *socket, Session &session, const QStringList &channels,
    const std::optional<StreamPosition> &since)
{
    // Authorisation is checked again on every subscribe (and so on every resume): a token
    // revoked since the session authenticated gets nothing more.
    const auto user = m_auth.authenticateHash(session.tokenHash);
    if (!user) {
        closeSession(socket, session, wireCode(Wire::CloseCode::Unauthorized), u"token revoked"_s);
        return;
    }
    session.user = user;
    for (const QString &channel : channels) {
        if (!user->canSubscribe(channel)) {
            ServerFrame error;
            error.kind = ServerFrame::Kind::Error;
            error.error = Error::kindName(ErrorKind::Forbidden);
            error.message =
                u"channel '%1' is not available to %2"_s.arg(channel, User::roleName(user->role));
            send(socket, session, error);
            closeSession(socket, session, wireCode(Wire::CloseCode::Forbidden), error.message);
            return;
        }
    }
    ChannelMask wanted = session.channels;
    for (const QString &channel : channels) {
        if (const int bit = channelBit(channel); bit >= 0) // canSubscribe() knows no other
            wanted |= ChannelMask(1u << bit);
    }
    if (channelCount(wanted) > m_maxChannels) {
        rejectFrame(socket, session, u"too_many_channels"_s,
            u"at most %1 channels per connection"_s.arg(m_maxChannels));
        return;
    }

    const StreamPosition head = m_store.log().head();
    qint64 replayed = 0;
    if (session.subscribed) {
        // Already live: a second subscribe adds channels but never replays (exactly once per
        // connection).
    } else if (!since) {
        session.lastSentSeq = head.seq;
    } else {
        QString reason;
        if (since->epoch != head.epoch)
            reason = u"epoch_changed"_s;
        else if (since->seq > head.seq)
            reason = u"ahead_of_log"_s;
        else if (since->seq + 1 < m_store.log().oldestSeq())
            reason = u"events_expired"_s;
        else if (head.seq - since->seq > m_maxReplayEvents)
            reason = u"replay_too_long"_s;
        if (!reason.isEmpty()) {
            qCInfo(lcServerWs) << "resync for" << session.user->name << reason;
            ++m_stats.resyncs;
            ServerFrame resync;
            resync.kind = ServerFrame::Kind::Resync;
            resync.error = reason;
            resync.position = head;
            session.lastSentSeq = head.seq;
            if (!send(socket, session, resync))
                return;
        } else {
            session.channels = wanted;
            session.subscribed = true;
            session.lastSentSeq = since->seq;
            // Replay up to the head read above; live events with a higher seq follow it.
            replayed = sendFromLog(socket, session, head.seq);
            ++m_stats.replays;
            m_stats.replayedEvents += replayed;
            if (session.closing)
                return;
            if (replayed > 0) {
                qint64 total = 0;
                for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
                    if (!it->closing)
                        total += it.key()->bytesToWrite();
                }
                enforceSendBudget(total);
                if (session.closing)
                    return;
            }
        }
    }
    session.channels = wanted;
    session.subscribed = true;
    ServerFrame subscribed;
    subscribed.kind = ServerFrame::Kind::Subscribed;
    subscribed.channels = channelNames(wanted);
    subscribed.channels.sort();
    subscribed.replayed = replayed;
    subscribed.position = StreamPosition { head.epoch, session.lastSentSeq };
    send(socket, session, subscribed);
    qCDebug(lcServerWs) << session.user->name << "subscribed to" << subscribed.channels
                        << "replayed" << replayed;
}

qint64 EventHub::sendFromLog(QWebSocket *socket, Session &session, qint64 untilSeq)
{
    qint64 sent = 0;
    while (session.lastSentSeq < untilSeq && !session.closing) {
        const QList<LoggedEvent> batch =
            m_store.log().loggedAfter(session.lastSentSeq, kReplayBatch);
        if (batch.isEmpty())
            break;
        for (const LoggedEvent &logged : batch) {
            if (logged.event.seq > untilSeq)
                return sent;
            if (!wants(session, channelsCarrying(logged.event), logged.region)) {
                session.lastSentSeq = logged.event.seq; // filtered, not missed
                continue;
            }
            if (!sendEvent(socket, session, logged.event))
                return sent;
            ++sent;
        }
    }
    // Whatever the log no longer holds up to untilSeq was skipped as unreadable.
    session.lastSentSeq = qMax(session.lastSentSeq, untilSeq);
    return sent;
}

bool EventHub::sendEvent(
    QWebSocket *socket, Session &session, const ChangeEvent &event, const QString &text)
{
    bool ok = false;
    if (text.isEmpty()) {
        ServerFrame frame;
        frame.kind = ServerFrame::Kind::Event;
        frame.event = event;
        ok = send(socket, session, frame);
    } else {
        ok = sendText(socket, session, text);
    }
    if (!ok)
        return false;
    session.lastSentSeq = event.seq;
    ++m_eventsDelivered;
    return true;
}

void EventHub::onEventLogged(const ChangeEvent &event, const QString &region)
{
    // Serialised once for every session; QWebSocket coalesces the frames written during one
    // event-loop turn into one socket write.
    QString text;
    const ChannelMask carriers = channelsCarrying(event);
    qint64 queued = 0; // over all open sessions, for the send budget
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        Session &session = *it;
        if (session.closing)
            continue;
        if (!session.subscribed || event.seq <= session.lastSentSeq) {
            queued += it.key()->bytesToWrite();
            continue;
        }
        // A gap means an event this session has not seen was committed before this one
        // (e.g. by another writer): fetch it from the log first, keeping seq order.
        if (event.seq > session.lastSentSeq + 1)
            sendFromLog(it.key(), session, event.seq - 1);
        if (session.closing)
            continue;
        if (!wants(session, carriers, region)) {
            session.lastSentSeq = event.seq;
            queued += it.key()->bytesToWrite();
            continue;
        }
        if (text.isEmpty()) {
            ServerFrame frame;
            frame.kind = ServerFrame::Kind::Event;
            frame.event = event;
            text = frame.toJson();
        }
        if (sendEvent(it.key(), session, event, text))
            queued += it.key()->bytesToWrite();
    }
    enforceSendBudget(queued);
}

void EventHub::enforceSendBudget(qint64 total)
{
    m_queuedBytes = total;
    if (total <= m_sendBudget)
        return;
    // Furthest behind first: the most bytes queued.
    QList<std::pair<qint64, QWebSocket *>> queues;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (!it->closing) {
            if (const qint64 bytes = it.key()->bytesToWrite(); bytes > 0)
                queues.append({ bytes, it.key() });
        }
    }
    std::sort(queues.begin(), queues.end(),
        [](const auto &a, const auto &b) { return a.first > b.first; });
    int closed = 0;
    for (const auto &[bytes, socket] : std::as_const(queues)) {
        if (total <= m_sendBudget)
            break;
        const auto it = m_sessions.find(socket);
        if (it == m_sessions.end() || it->closing)
            continue;
        closeSession(socket, *it, wireCode(Wire::CloseCode::SlowConsumer),
            u"server send budget over %1 bytes; %2 bytes queued for this session"_s
                .arg(m_sendBudget)
                .arg(bytes));
        ++m_stats.budgetCloses;
        ++closed;
        total -= bytes;
    }
    m_queuedBytes = total;
    qCWarning(lcServerWs) << "send budget of" << m_sendBudget << "bytes exceeded; closed" << closed
                          << "slow consumers, furthest behind first";
}

bool EventHub::send(QWebSocket *socket, Session &session, const ServerFrame &frame)
{
    return sendText(socket, session, frame.toJson());
}

bool EventHub::sendText(QWebSocket *socket, Session &session, const QString &text)
{
    if (session.closing)
        return false;
    const qint64 before = socket->bytesToWrite();
    socket->sendTextMessage(text);
    const qint64 after = socket->bytesToWrite();
    // The socket writes on the next event-loop turn, so this is the frame's size; the heartbeat
    // tells from it how much of the stream has left (queuedTotal - bytesToWrite()).
    session.queuedTotal += qMax<qint64>(0, after - before);
    if (after > m_maxBufferedBytes) {
        qCWarning(lcServerWs) << "closing slow consumer with" << socket->bytesToWrite()
                              << "bytes queued";
        closeSession(socket, session, wireCode(Wire::CloseCode::SlowConsumer),
            u"send queue over %1 bytes"_s.arg(m_maxBufferedBytes));
        return false;
    }
    return true;
}

void EventHub::rejectFrame(
    QWebSocket *socket, Session &session, const QString &error, const QString &message)
{
    noteRejectedFrame(error == "too_many_channels"_L1 ? FrameRejection::TooManyChannels
                                                      : FrameRejection::BadFrame);
    ++session.badFrames;
    qCDebug(lcServerWs) << "rejected frame:" << message;
    if (session.badFrames >= m_maxBadFrames) {
        closeSession(
            socket, session, wireCode(Wire::CloseCode::BadFrame), u"too many invalid frames"_s);
        return;
    }
    ServerFrame frame;
    frame.kind = ServerFrame::Kind::Error;
    frame.error = error;
    frame.message = message;
    send(socket, session, frame);
}

void EventHub::closeSession(
    QWebSocket *socket, Session &session, quint16 code, const QString &reason)
{
    if (session.closing)
        return;
    session.closing = true;
    session.subscribed = false;
    ++m_stats.closesByCode[code];
    // A close reason may carry at most 123 bytes.
    socket->close(closeCode(code), reason.left(100));
    // A peer that never answers the close handshake is cut off.
    QTimer::singleShot(qMax(m_heartbeatInterval, std::chrono::milliseconds(1000)), socket,
        [socket] { socket->abort(); });
}

void EventHub::onDisconnected(QWebSocket *socket)
{
    if (m_sessions.remove(socket) == 0)
        return;
    qCDebug(lcServerWs) << "session closed, code" << socket->closeCode();
    socket->deleteLater();
    Q_EMIT sessionCountChanged(m_sessions.size());
}

void EventHub::onHeartbeat()
{
    for (auto it = m_connectWindows.begin(); it != m_connectWindows.end();) {
        if (it->started.elapsed() >= m_connectWindow.count())
            it = m_connectWindows.erase(it);
        else
            ++it;
    }
    const qint64 deadline = 2 * m_heartbeatInterval.count();
    qint64 queued = 0;
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (it->closing || !checkLiveness(it.key(), *it, deadline))
            continue;
        queued += it.key()->bytesToWrite();
    }
    enforceSendBudget(queued);
}

bool EventHub::checkLiveness(QWebSocket *socket, Session &session, qint64 deadlineMs)
{
    const qint64 queued = socket->bytesToWrite();
    const qint64 written = session.queuedTotal - queued;
    if (queued == 0 || written != session.writtenSeen) {
        session.writtenSeen = written;
        session.lastProgress.restart();
    }
    if (session.pingEnd >= 0 && !session.pingLeft.isValid() && written >= session.pingEnd) {
        // Left at some point since the last sweep: from now on the pong is due.
        session.pingLeft.start();
        session.pingLeftLate = true;
    }
    const bool silent = session.lastSeen.elapsed() > deadlineMs;
    const auto abortSession = [&](const char *why, qint64 ms) {
        qCInfo(lcServerWs) << why << ms << "ms; aborting session";
        ++m_stats.heartbeatAborts;
        session.closing = true;
        session.subscribed = false;
        // abort() emits disconnected; the queued handler removes the session.
        socket->abort();
        return false;
    };
    if (queued > 0 && session.lastProgress.elapsed() > deadlineMs) {
        // Nothing of the queue left for two intervals: a dead peer (half-open, its window
        // closed) or one that talks but does not read.
        if (silent)
            return abortSession("send queue stalled and no frame for", session.lastSeen.elapsed());
        qCWarning(lcServerWs) << "closing slow consumer: send queue stalled for"
                              << session.lastProgress.elapsed() << "ms with" << queued
                              << "bytes queued";
        ++m_stats.stalledCloses;
        closeSession(socket, session, wireCode(Wire::CloseCode::SlowConsumer),
            u"send queue not draining for %1 ms"_s.arg(session.lastProgress.elapsed()));
        return false;
    }
    // A ping still queued behind data that drains says nothing about the peer: the pong is
    // due two intervals after the last frame heard and (for a ping that had to wait behind
    // data) two intervals after it was seen leaving, one when it left at once.
    if (silent && session.pingLeft.isValid()
        && session.pingLeft.elapsed() >= (session.pingLeftLate ? deadlineMs : deadlineMs / 2))
        return abortSession("no pong for", session.lastSeen.elapsed());
    if (session.pingEnd < 0) {
        socket->ping();
        const qint64 after = socket->bytesToWrite();
        session.queuedTotal += qMax<qint64>(0, after - queued);
        session.pingEnd = session.queuedTotal;
        session.pingLeftLate = false;
        if (queued == 0)
            session.pingLeft.start(); // nothing ahead of it: it leaves on this turn
        else
            session.pingLeft.invalidate();
    }
    return true;
}

void EventHub::closeAll(Wire::CloseCode code, const QString &reason)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it)
        closeSession(it.key(), *it, wireCode(code), reason);
}

void EventHub::closeAllInBatches(Wire::CloseCode code, const QString &reason, int batch)
{
    m_closingAll = std::make_pair(wireCode(code), reason);
    m_closeBatch = qMax(1, batch);
    m_heartbeat.stop();
    closeNextBatch();
}

void EventHub::closeNextBatch()
{
    if (!m_closingAll)
        return;
    int closed = 0;
    for (auto it = m_sessions.begin(); it != m_sessions.end() && closed < m_closeBatch; ++it) {
        if (it->closing)
            continue;
        closeSession(it.key(), *it, m_closingAll->first, m_closingAll->second);
        ++closed;
    }
    if (closed == m_closeBatch)
        QTimer::singleShot(0, this, &EventHub::closeNextBatch);
    else if (m_sessions.isEmpty())
        Q_EMIT sessionCountChanged(0);
}

void EventHub::abortAll()
{
    const QList<QWebSocket *> sockets = m_sessions.keys();
    for (QWebSocket *socket : sockets)
        socket->abort();
}

qsizetype EventHub::subscriptionCount() const
{
    qsizetype count = 0;
    for (const Session &session : m_sessions)
        count += session.subscribed ? channelCount(session.channels) : 0;
    return count;
}

qint64 EventHub::rejectedFrames() const
{
    qint64 total = 0;
    for (const qint64 n : m_stats.rejectedFrames)
        total += n;
    return total;
}

} // namespace Ops
