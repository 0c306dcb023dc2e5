#pragma once

#include <functional>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace Ops {

class ApiClient;
class QueryClient;

//! \brief What a dispatcher does to alerts (acknowledge, resolve, snooze), as optimistic
//! mutations on the inbox query, QueryKeys::alertInbox().
//!
//! The inbox changes at once: an acknowledged alert shows its new status, a resolved or snoozed
//! one leaves the list. The request carries `If-Match: <version shown>`; the server's answer
//! confirms the change, a refusal (403, 409 on a stale version, …) restores the inbox as it was
//! and says why. Either way every alerts query is then refetched, so the inbox ends as the server
//! has it. One change per alert at a time.
class AlertActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertActions)

public:
    enum class Action {
        Acknowledge,
        Resolve,
        Snooze,
    };
    Q_ENUM(Action)

    AlertActions(QueryClient *queries, ApiClient *api, QObject *parent = nullptr);
    ~AlertActions() override;

    //! The alert as the inbox shows it now (with optimistic changes); empty if not there.
    [[nodiscard]] QJsonObject cachedAlert(const QString &id) const;
    //! A change of this alert is waiting for the server.
    [[nodiscard]] bool isPending(const QString &id) const { return m_pending.contains(id); }
    //! Whether \a action may start on alert \a id now: the alert is in the inbox, no change of it
    //! is waiting, and only an open alert can be acknowledged.
    [[nodiscard]] bool canRun(Action action, const QString &id) const;

    //! Runs \a action on alert \a id; a snooze lasts \a snoozeMinutes (1–1440). Returns false
    //! (and changes nothing) when canRun() says no or there is no ApiClient. While this user's
    //! receipt of the alert is on its way (markSeen(), which moves its version on by one), the
    //! inbox changes at once but the request waits for the receipt's answer and expects its
    //! version, unless someone else changed the alert meanwhile.
    bool run(Action action, const QString &id, int snoozeMinutes = 30);

    //! The signed-in user, whose receipts markSeen() records (the server's `ready` names it).
    void setUser(const QString &user);
    [[nodiscard]] QString user() const { return m_user; }
    //! The dispatcher opened alert \a id: records a receipt (`POST /api/alerts/<id>/seen`) once
    //! per alert and user — not when the inbox shows this user's receipt already, nor while one
    //! is on its way or was recorded before. The inbox row takes the server's answer. Returns
    //! whether a request went out.
    bool markSeen(const QString &id);

Q_SIGNALS:
    //! The server recorded the receipt of alert \a id (\a ok) or refused it.
    void seenSettled(const QString &id, bool ok);
    //! A change of alert \a id started or settled.
    void pendingChanged(const QString &id);
    //! The server refused \a action on alert \a id; the inbox shows the alert as it was.
    void actionFailed(const QString &id, Ops::AlertActions::Action action, const QString &message);
    //! \a action on alert \a id settled (successfully or not); the inbox is being refetched.
    void actionSettled(const QString &id, Ops::AlertActions::Action action, bool ok);

private:
    QueryClient *m_queries;
    QPointer<ApiClient> m_api;
    QHash<QString, Action> m_pending;
    //! Requests waiting for this user's receipt of an alert (its answer, empty on failure).
    QHash<QString, std::function<void(const QJsonObject &answer)>> m_afterSeen;
    QSet<QString> m_seenInFlight;
    QSet<QString> m_seenSent; //!< receipts sent or recorded by this user (cleared per user)
    QString m_user;
};

} // namespace Ops
