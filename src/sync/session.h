#pragma once

#include <QDateTime>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include "alertactions.h"
#include "api/apiclient.h"
#include "awayalerts.h"
#include "driveractions.h"
#include "eventmap.h"
#include "livesync.h"
#include "orderactions.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"

namespace Ops {

//! \brief One signed-in connection to a server, shared by every window of the app.
//!
//! Owns the client stack once: ApiClient (the one QNetworkAccessManager), QueryClient (the one
//! cache), ConnectionManager (the one WebSocket), LiveSync, OrderActions, AlertActions and
//! DriverActions (so a
//! change waiting in one window is waiting in every window). Windows read from it
//! and never build their own. It also keeps the honest answer to "how fresh is what we show?":
//! live, or the moment the data was last known current.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
    Q_PROPERTY(bool live READ isLive NOTIFY freshnessChanged)

public:
    explicit Session(EventMap map = EventMap::builtIn(), QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] ApiClient *api() { return &m_api; }
    [[nodiscard]] QueryClient *queries() { return &m_queries; }
    [[nodiscard]] ConnectionManager *connection() { return &m_connection; }
    [[nodiscard]] LiveSync *sync() { return &m_sync; }
    [[nodiscard]] OrderActions *actions() { return &m_actions; }
    [[nodiscard]] AlertActions *alertActions() { return &m_alertActions; }
    [[nodiscard]] DriverActions *driverActions() { return &m_driverActions; }
    //! The alerts raised while this user was not live ("while you were away").
    [[nodiscard]] AwayAlerts *awayAlerts() { return &m_away; }
    //! The signed-in user and role, from the server's `ready`; empty before it.
    [[nodiscard]] QString user() const { return m_connection.user(); }
    [[nodiscard]] QString role() const { return m_connection.role(); }

    void setCaCertificates(const QList<QSslCertificate> &certificates);
    //! Points every part at \a base and signs in with \a token (never logged), then connects
    //! (to \a socketUrl when given, else the base URL's `/ws`).
    void start(const QUrl &base, const QString &token, const QUrl &socketUrl = {});
    //! A new token (after the old one was rejected): reconnects with it.
    void setToken(const QString &token);
    [[nodiscard]] QUrl baseUrl() const { return m_api.baseUrl(); }
    [[nodiscard]] bool isStarted() const { return m_started; }

    [[nodiscard]] bool isLive() const { return m_connection.isLive(); }
    //! When the data shown was last known current: now while live; otherwise when the last
    //! frame or pong arrived before the connection stopped being live (never the later moment
    //! the app noticed). Invalid before the first Live.
    [[nodiscard]] QDateTime asOf() const;

    //! The WebSocket URL for an http(s) base URL.
    [[nodiscard]] static QUrl socketUrl(const QUrl &base);

Q_SIGNALS:
    void freshnessChanged(bool live, const QDateTime &asOf);
    //! After a reconnect: how many missed updates were replayed (-1: refreshed everything).
    void caughtUp(qint64 replayed);
    //! The server rejected the token: ask for a new one.
    void unauthorized();
    //! The token is a driver's (role `driver`): it reaches only the driver's own API, not the
    //! dashboard's. The connection was closed; ask for a staff token.
    void staffTokenRequired();
    //! The server accepted the token: signed in as \a user with \a role.
    void signedIn(const QString &user, const QString &role);

private:
    void onStateChanged(ConnectionManager::State state);

    ApiClient m_api;
    QueryClient m_queries;
    ConnectionManager m_connection;
    LiveSync m_sync;
    OrderActions m_actions;
    AlertActions m_alertActions;
    DriverActions m_driverActions;
    AwayAlerts m_away;
    QDateTime m_lastCurrent;
    bool m_wasLive = false;
    bool m_started = false;
    bool m_driverToken = false; //!< the token was refused as a driver's
};

} // namespace Ops
