#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QStringList>
#include <QUrl>

#include "backoffpolicy.h"
#include "protocol/changeevent.h"

namespace Ops {

//! \brief The one live connection of the app: connect, authenticate in the first frame,
//! subscribe (resuming from the last event seen), heartbeat, and reconnect with backoff.
//!
//! Its state is what a badge shows, so it must never claim Live while events cannot arrive:
//! Live is entered only when the server confirmed the subscription, and left as soon as the
//! socket drops or the heartbeat finds the peer dead.
class ConnectionManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManager)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(int attempt READ attempt NOTIFY stateChanged)

public:
    enum class State {
        Disconnected, //!< not wanted (never opened, or closed deliberately)
        Connecting, //!< first connection attempt
        Authenticating, //!< socket open, waiting for the server to accept token and subscription
        Live, //!< subscribed: events flow
        Reconnecting, //!< lost or failed; a retry is scheduled or under way
        Offline, //!< the system reports no network; reconnects the moment it returns
        Unauthorized, //!< no token, or the server rejected it: no retry until a new token
    };
    Q_ENUM(State)

    explicit ConnectionManager(QObject *parent = nullptr);
    ~ConnectionManager() override;

    //! ws:// or wss:// URL of the server's socket endpoint.
    void setUrl(const QUrl &url);
    [[nodiscard]] QUrl url() const;
    //! A new token while open reconnects at once; an empty token signs out (closes, state
    //! Unauthorized). Never sent in the URL, never logged.
    void setToken(const QString &token);
    void setChannels(const QStringList &channels);
    void setBackoffPolicy(const BackoffPolicy &policy);
    //! After a close with 1001 "going away" (a server shutting down or restarting), the next
    //! attempt starts after a uniform random delay in [0, \a jitter] instead of the backoff,
    //! and the backoff starts over (default 500 ms).
    void setGoingAwayJitter(std::chrono::milliseconds jitter);
    //! Ping every \a interval (default 2 s); a peer that sent no frame and no pong for two
    //! intervals is dead, found the moment the second interval ends (not at the next ping), so a
    //! frozen server or a silently cut link leaves Live within 4 s by default. A quiet but
    //! healthy peer answers every ping, so it is never mistaken for a dead one.
    void setHeartbeatInterval(std::chrono::milliseconds interval);
    [[nodiscard]] std::chrono::milliseconds heartbeatInterval() const;
    //! An attempt that is not Live within \a timeout is aborted and counts as a failure.
    void setConnectTimeout(std::chrono::milliseconds timeout);
    //! The backoff resets only after staying Live this long (a flapping server keeps backing off).
    void setStableAfter(std::chrono::milliseconds duration);
    void setRandomSeed(quint32 seed);
    //! For wss:// URLs: trust these CA certificates in addition to the system's (e.g. a
    //! company CA, or the server's self-signed certificate).
    void setCaCertificates(const QList<QSslCertificate> &certificates);

    void open();
    //! Deliberate close: never followed by a reconnect.
    void close();

    //! Follows the system's reachability through QNetworkInformation when a backend loads;
    //! returns false (and changes nothing) where none is available.
    bool monitorSystemNetwork();
    //! Reachability from outside (QNetworkInformation, or a test): unreachable stops retrying and
    //! shows Offline; reachable again reconnects at once with a fresh backoff.
    void setNetworkReachable(bool reachable);
    [[nodiscard]] bool isNetworkReachable() const;

    [[nodiscard]] State state() const;
    [[nodiscard]] bool isLive() const { return state() == State::Live; }
    //! Consecutive failed attempts (0 after a stable connection).
    [[nodiscard]] int attempt() const;
    //! When the scheduled retry fires; invalid when none is scheduled.
    [[nodiscard]] QDateTime nextRetryAt() const;
    //! When the last frame or pong arrived (UTC): the latest moment the stream is known to have
    //! worked. Invalid before the first connection.
    [[nodiscard]] QDateTime lastReceivedAt() const;

    //! The user the server signed this connection in as, and that user's role ("dispatcher",
    //! "manager", …), from its `ready` frame; empty before the first one.
    [[nodiscard]] QString user() const;
    [[nodiscard]] QString role() const;

    //! The last event-log position delivered to the app.
    [[nodiscard]] std::optional<StreamPosition> position() const;
    //! Seeds the resume position from a REST answer before any subscription exists, so a client
    //! that fetched first and subscribes later does not miss the changes in between. Keeps the
    //! earliest such position; ignored once subscribed.
    void seedPosition(const StreamPosition &position);

Q_SIGNALS:
    void stateChanged(Ops::ConnectionManager::State state);
    void reconnectScheduled(int attempt, std::chrono::milliseconds delay);
    void errorOccurred(const QString &message);
    //! The server accepted the token (`ready`) for \a user with \a role; the subscription
    //! follows unless a handler closes the connection.
    void authenticated(const QString &user, const QString &role);
    //! As authenticated(), only when the user or role differs from the last `ready`'s.
    void signedIn(const QString &user, const QString &role);
    //! A change event, in seq order, each at most once per position.
    void eventReceived(const Ops::ChangeEvent &event);
    //! The server could not replay what was missed: everything shown may be stale.
    void resyncRequired();
    //! Subscription confirmed; \a replayed events were delivered before this signal. \a resumed
    //! is true when it continued from a known position (missed events were replayed or a
    //! resyncRequired() preceded it); false means nothing is known about what was missed.
    void subscribed(qint64 replayed, bool resumed);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ops
