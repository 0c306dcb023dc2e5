#include "connectionmanager.h"

#include <QElapsedTimer>
#include <QNetworkInformation>
#include <QSslConfiguration>
#include <QTimer>
#include <QWebSocket>

#include "core/logging.h"
#include "protocol/frames.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Ops {

class ConnectionManager::Private
{
public:
    explicit Private(ConnectionManager *q)
        : q(q)
        , socket(QString(), QWebSocketProtocol::VersionLatest)
    {
        retryTimer.setSingleShot(true);
        connectTimer.setSingleShot(true);
        stableTimer.setSingleShot(true);
        deadlineTimer.setSingleShot(true);
        deadlineTimer.setTimerType(Qt::PreciseTimer);
    }

    ConnectionManager *q;
    QWebSocket socket;
    QTimer retryTimer;
    QTimer connectTimer;
    QTimer heartbeatTimer;
    QTimer stableTimer;
    //! Fires when the peer has been silent for two heartbeat intervals (re-armed lazily: a
    //! frame only restarts sinceActivity, never the timer).
    QTimer deadlineTimer;
    QElapsedTimer sinceActivity;
    qint64 lastReceivedMs = 0; //!< wall clock (ms since epoch) of the last frame or pong
    QElapsedTimer monotonic; //!< started once: the clock of deadlineDueMs
    qint64 deadlineDueMs = -1; //!< when deadlineTimer should fire, on monotonic's clock

    QUrl url;
    QString token;
    QStringList channels { u"orders"_s };
    BackoffPolicy backoff;
    std::chrono::milliseconds goingAwayJitter { 500 };
    std::chrono::milliseconds heartbeat { 2s };
    std::chrono::milliseconds connectTimeout { 10s };
    QRandomGenerator rng { QRandomGenerator::global()->generate() };

    State state = State::Disconnected;
    bool wanted = false;
    bool reachable = true;
    bool attemptActive = false; //!< a socket was opened and its end not handled yet
    bool everSubscribed = false;
    bool sentSince = false; //!< the current subscription resumes from a known position
    bool hadSession = false; //!< a previous connection reached Live: the next one resumes
    int attempt = 0;
    QDateTime nextRetryAt;
    std::optional<StreamPosition> position;
    QString user; //!< from the last `ready`
    QString role; //!< from the last `ready`

    void setState(State next)
    {
        if (state == next)
            return;
        state = next;
        qCInfo(lcRealtime) << "state" << next;
        Q_EMIT q->stateChanged(next);
    }

    //! Evidence that the peer is alive and the stream flows: any frame or pong.
    void received()
    {
        sinceActivity.restart();
        lastReceivedMs = QDateTime::currentMSecsSinceEpoch();
    }

    void armDeadline(qint64 ms)
    {
        deadlineTimer.start(int(ms));
        if (!monotonic.isValid())
            monotonic.start();
        deadlineDueMs = monotonic.elapsed() + ms;
    }

    void startHeartbeat()
    {
        heartbeatTimer.start(heartbeat);
        armDeadline(2 * heartbeat.count());
    }

    void stopHeartbeat()
    {
        heartbeatTimer.stop();
        deadlineTimer.stop();
    }

    void onDeadline()
    {
        const qint64 limit = 2 * heartbeat.count();
        const qint64 silent = sinceActivity.elapsed();
        if (silent < limit) {
            armDeadline(limit - silent);
            return;
        }
        // A deadline that fires an interval late means this thread was busy, not that the peer
        // is gone: its frames and pongs may be waiting unread, and pings were not sent on
        // time. Ping now and judge one interval later.
        const qint64 late = deadlineDueMs >= 0 ? monotonic.elapsed() - deadlineDueMs : 0;
        if (late > heartbeat.count()) {
            qCInfo(lcRealtime) << "heartbeat deadline" << late
                               << "ms late: this thread was busy; pinging again";
            socket.ping();
            armDeadline(heartbeat.count());
            return;
        }
        abortAttempt("no frame or pong for two heartbeat intervals");
    }

    void startAttempt()
    {
        retryTimer.stop();
        nextRetryAt = {};
        // Never two sockets: whatever the previous attempt left is torn down first.
        if (socket.state() != QAbstractSocket::UnconnectedState) {
            attemptActive = false;
            socket.abort();
        }
        qCInfo(lcRealtime) << "connecting to"
                           << url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo) << "attempt"
                           << attempt + 1;
        connectTimer.start(connectTimeout);
        attemptActive = true;
        socket.open(url);
    }

    void connectSignals()
    {
        QObject::connect(&socket, &QWebSocket::connected, q, [this] { onConnected(); });
        // stateChanged, not disconnected(): a refused connection never was connected.
        QObject::connect(
            &socket, &QWebSocket::stateChanged, q, [this](QAbstractSocket::SocketState s) {
                if (s == QAbstractSocket::UnconnectedState && attemptActive) {
                    attemptActive = false;
                    onDisconnected();
                }
            });
        QObject::connect(&socket, &QWebSocket::textMessageReceived, q,
            [this](const QString &text) { onText(text); });
        QObject::connect(&socket, &QWebSocket::pong, q, [this] { received(); });
        QObject::connect(
            &socket, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
                // Never ignored: a certificate that does not verify is a failed attempt.
                const QString first = errors.isEmpty() ? QString() : errors.first().errorString();
                qCWarning(lcRealtime) << "TLS verification failed:" << first;
                Q_EMIT q->errorOccurred(u"Secure connection failed: %1"_s.arg(first));
            });
    }

    void onConnected()
    {
        received();
        startHeartbeat();
        setState(State::Authenticating);
        ClientFrame auth;
        auth.kind = ClientFrame::Kind::Auth;
        auth.token = token;
        socket.sendTextMessage(auth.toJson());
    }

    void onText(const QString &text)
    {
        received();
        QString error;
        const auto frame = ServerFrame::parse(text, &error);
        if (!frame) {
            qCWarning(lcRealtime) << "dropping invalid frame:" << error;
            Q_EMIT q->errorOccurred(u"Invalid message from server: %1"_s.arg(error));
            return;
        }
        switch (frame->kind) {
        case ServerFrame::Kind::Ready: {
            const bool changed = user != frame->user || role != frame->role;
            user = frame->user;
            role = frame->role;
            if (changed)
                Q_EMIT q->signedIn(user, role);
            Q_EMIT q->authenticated(user, role);
            if (!wanted || socket.state() != QAbstractSocket::ConnectedState)
                break; // closed by a handler (e.g. a role the app cannot serve)
            ClientFrame sub;
            sub.kind = ClientFrame::Kind::Subscribe;
            sub.channels = channels;
            sub.since = position;
            sentSince = position.has_value();
            socket.sendTextMessage(sub.toJson());
            break;
        }
        case ServerFrame::Kind::Subscribed: {
            connectTimer.stop();
            const bool resumed = sentSince;
            if (!position)
                position = frame->position;
            everSubscribed = true;
            hadSession = true;
            stableTimer.start();
            setState(State::Live);
            Q_EMIT q->subscribed(frame->replayed, resumed);
            break;
        }
        case ServerFrame::Kind::Event:
            onEvent(frame->event);
            break;
        case ServerFrame::Kind::Resync:
            qCInfo(lcRealtime) << "server asks for a resync:" << frame->error;
            position = frame->position;
            Q_EMIT q->resyncRequired();
            break;
        case ServerFrame::Kind::Error:
            qCWarning(lcRealtime) << "server rejected a frame:" << frame->error << frame->message;
            Q_EMIT q->errorOccurred(frame->message);
            break;
        }
    }

    void onEvent(const ChangeEvent &event)
    {
        if (position && position->epoch == event.epoch && event.seq <= position->seq) {
            qCDebug(lcRealtime) << "dropping duplicate event" << event.seq;
            return;
        }
        position = event.position();
        Q_EMIT q->eventReceived(event);
    }

    void onDisconnected()
    {
        connectTimer.stop();
        stopHeartbeat();
        stableTimer.stop();
        const auto code = socket.closeCode();
        const QString reason = socket.closeReason();
        if (!wanted) {
            setState(State::Disconnected);
            return;
        }
        if (code == QWebSocketProtocol::CloseCode(Wire::CloseCode::Unauthorized)) {
            qCWarning(lcRealtime) << "token rejected; not retrying until a new token is set";
            wanted = false;
            setState(State::Unauthorized);
            Q_EMIT q->errorOccurred(u"The server rejected the sign-in token."_s);
            return;
        }
        std::chrono::milliseconds minimum { 0 };
        if (code == QWebSocketProtocol::CloseCode(Wire::CloseCode::RateLimited)) {
            // Reason "retry_after=<seconds>" when the server says how long to wait.
            if (reason.startsWith(u"retry_after="_s))
                minimum = std::chrono::seconds(reason.mid(12).toInt());
        }
        qCInfo(lcRealtime) << "connection lost:" << code << reason << socket.errorString();
        if (!reachable) {
            setState(State::Offline); // retried when the network returns, not on a timer
            return;
        }
        if (code == QWebSocketProtocol::CloseCodeGoingAway) {
            // The server is shutting down or restarting, not failing: come back at once, to
            // wherever the URL (or a load balancer) leads now. A small jitter keeps thousands
            // of clients from arriving in the same millisecond; the backoff starts over.
            attempt = 0;
            scheduleRetry(
                0ms, std::chrono::milliseconds(rng.bounded(int(goingAwayJitter.count()) + 1)));
            return;
        }
        scheduleRetry(minimum);
    }

    void scheduleRetry(std::chrono::milliseconds minimum = 0ms,
        std::optional<std::chrono::milliseconds> exact = std::nullopt)
    {
        ++attempt;
        const auto delay = exact ? *exact : std::max(backoff.delayFor(attempt, rng), minimum);
        nextRetryAt = QDateTime::currentDateTimeUtc().addMSecs(delay.count());
        retryTimer.start(delay);
        setState(State::Reconnecting);
        qCInfo(lcRealtime) << "retry" << attempt << "in" << delay.count() << "ms";
        Q_EMIT q->reconnectScheduled(attempt, delay);
    }

    void abortAttempt(const char *why)
    {
        qCWarning(lcRealtime) << why << "- aborting the socket";
        // abort() normally reports UnconnectedState, which schedules the retry; if the socket
        // never got anywhere it may not, so the attempt is ended here.
        socket.abort();
        if (attemptActive) {
            attemptActive = false;
            onDisconnected();
        }
    }
};

ConnectionManager::ConnectionManager(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    d->connectSignals();
    connect(&d->retryTimer, &QTimer::timeout, this, [this] { d->startAttempt(); });
    connect(&d->connectTimer, &QTimer::timeout, this,
        [this] { d->abortAttempt("connect attempt timed out"); });
    connect(&d->stableTimer, &QTimer::timeout, this, [this] { d->attempt = 0; });
    // Pings keep a quiet but healthy connection talking (the peer's WebSocket answers a ping by
    // itself); the deadline timer judges the silence.
    connect(&d->heartbeatTimer, &QTimer::timeout, this, [this] { d->socket.ping(); });
    connect(&d->deadlineTimer, &QTimer::timeout, this, [this] { d->onDeadline(); });
    d->stableTimer.setInterval(30s);
}

ConnectionManager::~ConnectionManager()
{
    d->wanted = false;
    d->attemptActive = false;
    d->socket.disconnect(this);
    d->socket.abort();
}

QString ConnectionManager::user() const
{
    return d->user;
}

QString ConnectionManager::role() const
{
    return d->role;
}

void ConnectionManager::setUrl(const QUrl &url)
{
    d->url = url;
}

QUrl ConnectionManager::url() const
{
    return d->url;
}

void ConnectionManager::setToken(const QString &token)
{
    if (d->token == token)
        return;
    d->token = token;
    if (token.isEmpty()) {
        // Signing out: a clean close, and nothing to retry with.
        const bool wasWanted = d->wanted || d->state == State::Unauthorized;
        close();
        if (wasWanted) {
            d->wanted = false;
            d->setState(State::Unauthorized);
        }
        return;
    }
    if (d->wanted || d->state == State::Unauthorized) {
        d->attempt = 0;
        d->wanted = true;
        d->setState(d->hadSession ? State::Reconnecting : State::Connecting);
        d->startAttempt();
    }
}

void ConnectionManager::setChannels(const QStringList &channels)
{
    d->channels = channels;
}

void ConnectionManager::setBackoffPolicy(const BackoffPolicy &policy)
{
    d->backoff = policy;
}

void ConnectionManager::setGoingAwayJitter(std::chrono::milliseconds jitter)
{
    d->goingAwayJitter = std::max(jitter, 0ms);
}

void ConnectionManager::setHeartbeatInterval(std::chrono::milliseconds interval)
{
    d->heartbeat = interval;
    if (d->heartbeatTimer.isActive())
        d->startHeartbeat();
}

void ConnectionManager::setConnectTimeout(std::chrono::milliseconds timeout)
{
    d->connectTimeout = timeout;
}

void ConnectionManager::setStableAfter(std::chrono::milliseconds duration)
{
    d->stableTimer.setInterval(duration);
}

void ConnectionManager::setRandomSeed(quint32 seed)
{
    d->rng.seed(seed);
}

void ConnectionManager::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(certificates);
    d->socket.setSslConfiguration(ssl);
}

void ConnectionManager::open()
{
    if (d->wanted)
        return;
    d->wanted = true;
    d->attempt = 0;
    if (d->token.isEmpty()) {
        d->wanted = false;
        d->setState(State::Unauthorized);
        return;
    }
    if (!d->reachable) {
        d->setState(State::Offline);
        return;
    }
    d->setState(d->hadSession ? State::Reconnecting : State::Connecting);
    d->startAttempt();
}

bool ConnectionManager::monitorSystemNetwork()
{
    if (!QNetworkInformation::loadDefaultBackend()
        && !QNetworkInformation::loadBackendByFeatures(
            QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcRealtime) << "no network-information backend; relying on heartbeat and backoff";
        return false;
    }
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Reachability))
        return false;
    const auto apply = [this](QNetworkInformation::Reachability r) {
        // Unknown means the backend cannot tell: do not claim Offline on a guess.
        setNetworkReachable(r != QNetworkInformation::Reachability::Disconnected);
    };
    connect(info, &QNetworkInformation::reachabilityChanged, this, apply);
    apply(info->reachability());
    qCInfo(lcRealtime) << "following network reachability via" << info->backendName();
    return true;
}

void ConnectionManager::setNetworkReachable(bool reachable)
{
    if (d->reachable == reachable)
        return;
    d->reachable = reachable;
    qCInfo(lcRealtime) << "network" << (reachable ? "reachable" : "unreachable");
    if (!d->wanted)
        return;
    if (!reachable) {
        if (d->state == State::Reconnecting || d->state == State::Connecting) {
            d->retryTimer.stop();
            d->connectTimer.stop();
            d->nextRetryAt = {};
            if (d->socket.state() != QAbstractSocket::UnconnectedState) {
                d->attemptActive = false;
                d->socket.abort();
            }
            d->setState(State::Offline);
        }
        // A Live socket stays: the heartbeat decides whether it still works.
        return;
    }
    if (d->state == State::Offline || d->state == State::Reconnecting) {
        d->attempt = 0; // back online: try now, with a fresh backoff
        d->setState(State::Reconnecting);
        d->startAttempt();
    }
}

bool ConnectionManager::isNetworkReachable() const
{
    return d->reachable;
}

void ConnectionManager::close()
{
    d->wanted = false;
    d->retryTimer.stop();
    d->connectTimer.stop();
    d->stopHeartbeat();
    d->nextRetryAt = {};
    d->attemptActive = false;
    if (d->socket.state() != QAbstractSocket::UnconnectedState)
        d->socket.close(QWebSocketProtocol::CloseCodeNormal, u"client closed"_s);
    d->setState(State::Disconnected);
}

ConnectionManager::State ConnectionManager::state() const
{
    return d->state;
}

int ConnectionManager::attempt() const
{
    return d->attempt;
}

QDateTime ConnectionManager::nextRetryAt() const
{
    return d->nextRetryAt;
}

QDateTime ConnectionManager::lastReceivedAt() const
{
    return d->lastReceivedMs == 0 ? QDateTime()
                                  : QDateTime::fromMSecsSinceEpoch(d->lastReceivedMs, Qt::UTC);
}

std::chrono::milliseconds ConnectionManager::heartbeatInterval() const
{
    return d->heartbeat;
}

std::optional<StreamPosition> ConnectionManager::position() const
{
    return d->position;
}

void ConnectionManager::seedPosition(const StreamPosition &position)
{
    if (d->everSubscribed || !position.isValid())
        return;
    if (!d->position || d->position->epoch != position.epoch || position.seq < d->position->seq)
        d->position = position;
}

} // namespace Ops
