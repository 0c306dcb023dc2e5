#pragma once

#include <chrono>
#include <functional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

namespace Ops {

class ApiClient;

//! \brief "While you were away": the alerts raised while this app had no live connection to
//! the server that are still open, listed apart from the inbox until the dispatcher has looked
//! at them.
//!
//! The moment the app last had a live connection is kept per server and user in QSettings
//! (group `awayAlerts`), so it survives a restart: while live it is written every
//! touchInterval() and when the connection leaves Live (the session's "as of"). When the user
//! signs in (setIdentity()) and the connection becomes live, the open alerts raised strictly
//! after that moment are fetched (`GET /api/alerts?status=open&raisedAfter=…`) and added to the
//! list. An alert leaves the list when it is looked at (markLookedAt(), e.g. opened in the inbox)
//! or all at once (dismissAll()). A user signing in for the first time on this machine has no
//! such moment: nothing is listed.
class AwayAlerts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AwayAlerts)

public:
    using Clock = std::function<QDateTime()>;

    explicit AwayAlerts(ApiClient *api, QObject *parent = nullptr);
    ~AwayAlerts() override;

    //! The time now (default: the system's UTC clock); tests inject their own.
    void setClock(Clock clock);
    //! How often the last-live moment is written while live (default 30 s).
    void setTouchInterval(std::chrono::milliseconds interval);
    [[nodiscard]] std::chrono::milliseconds touchInterval() const;

    //! Who is signed in where: reads that user's last-live moment on that server. A new identity
    //! starts with an empty list.
    void setIdentity(const QUrl &server, const QString &user);
    //! The last moment this user had a live connection to the server (invalid: never).
    [[nodiscard]] QDateTime lastLive() const;
    //! The connection became live (fetches what was raised since lastLive()) or left Live at
    //! \a asOf (stored as the last-live moment; invalid: now).
    void setLive(bool live, const QDateTime &asOf = {});
    //! Stores now as the last-live moment (while live; the timer calls it).
    void touch();

    //! The alerts raised while away that are still to be looked at, oldest first.
    [[nodiscard]] const QList<QJsonObject> &alerts() const { return m_alerts; }
    //! The moment the listed alerts were raised after (the earliest absence's start).
    [[nodiscard]] QDateTime since() const { return m_since; }
    [[nodiscard]] bool contains(const QString &id) const;
    [[nodiscard]] bool isFetching() const { return m_fetching; }
    //! The dispatcher looked at alert \a id: it leaves the list.
    void markLookedAt(const QString &id);
    //! The dispatcher looked at all of them.
    void dismissAll();

    //! The QSettings key of \a user's last-live moment on \a server (within group awayAlerts).
    [[nodiscard]] static QString settingsKey(const QUrl &server, const QString &user);

Q_SIGNALS:
    //! The list changed (alerts added, looked at or dismissed).
    void changed();
    //! A fetch settled; \a added alerts came into the list (\a ok false: it failed, tried again
    //! at the next live connection).
    void fetched(bool ok, int added);

private:
    void fetch(const QDateTime &after);
    void store(const QDateTime &at);

    QPointer<ApiClient> m_api;
    Clock m_clock;
    QTimer m_touch;
    QString m_key;
    QDateTime m_lastLive;
    QDateTime m_unfetched; //!< a failed fetch's start: tried again at the next live connection
    QDateTime m_since;
    QList<QJsonObject> m_alerts;
    bool m_live = false;
    bool m_fetching = false;
    quint64 m_generation = 0; //!< identity changes: answers for an old identity are dropped
};

} // namespace Ops
