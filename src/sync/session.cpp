#include "session.h"

#include "core/logging.h"
#include "restqueryfn.h"

using namespace Qt::StringLiterals;

namespace Ops {

Session::Session(EventMap map, QObject *parent)
    : QObject(parent)
    , m_sync(&m_connection, &m_api, &m_queries, std::move(map))
    , m_actions(&m_queries, &m_api, &m_connection)
    , m_alertActions(&m_queries, &m_api)
    , m_driverActions(&m_queries, &m_api, &m_connection)
    , m_away(&m_api)
{
    m_queries.setDefaultQueryFn(restQueryFn(&m_api));
    // No server yet: the panels' queries wait for start() instead of failing on an empty URL and
    // backing off (a second of blank panels at every launch).
    m_queries.setOnline(false);
    // Every role may hold these three, and together they carry every event type (`kpis` carries
    // order, payment and alert events), so the panels' queries all hear about their changes.
    m_connection.setChannels({ u"orders"_s, u"drivers"_s, u"kpis"_s });
    connect(&m_connection, &ConnectionManager::stateChanged, this, &Session::onStateChanged);
    // A driver's token is a valid token, but every dashboard route answers 403 and every channel
    // 4003: say so once instead of retrying the subscription for ever.
    connect(&m_connection, &ConnectionManager::authenticated, this,
        [this](const QString &, const QString &role) {
            if (role != "driver"_L1)
                return;
            qCWarning(lcSync) << "the token is a driver's; the dashboard needs a staff token";
            m_driverToken = true;
            m_connection.setToken(QString()); // closes; Unauthorized until a new token
        });
    connect(&m_sync, &LiveSync::caughtUp, this, &Session::caughtUp);
    // Receipts and the away list are per user: the server names the user before going live.
    connect(&m_connection, &ConnectionManager::signedIn, this,
        [this](const QString &user, const QString &role) {
            m_alertActions.setUser(user);
            m_away.setIdentity(m_api.baseUrl(), user);
            Q_EMIT signedIn(user, role);
        });
    connect(this, &Session::freshnessChanged, &m_away, &AwayAlerts::setLive);
}

Session::~Session() = default;

void Session::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_api.setCaCertificates(certificates);
    m_connection.setCaCertificates(certificates);
}

QUrl Session::socketUrl(const QUrl &base)
{
    QUrl ws = base;
    ws.setScheme(base.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
    ws.setPath(u"/ws"_s);
    return ws;
}

void Session::start(const QUrl &base, const QString &token, const QUrl &socket)
{
    m_driverToken = false;
    m_api.setBaseUrl(base);
    m_api.setToken(token);
    m_connection.setUrl(socket.isEmpty() ? socketUrl(base) : socket);
    m_connection.setToken(token);
    m_started = true;
    qCInfo(lcSync) << "session for" << base.toString(QUrl::RemoveUserInfo);
    m_queries.setOnline(m_connection.isNetworkReachable());
    m_connection.open();
}

void Session::setToken(const QString &token)
{
    m_driverToken = false;
    m_api.setToken(token);
    m_connection.setToken(token);
    if (m_connection.state() == ConnectionManager::State::Unauthorized
        || m_connection.state() == ConnectionManager::State::Disconnected)
        m_connection.open();
}

QDateTime Session::asOf() const
{
    return isLive() ? QDateTime::currentDateTimeUtc() : m_lastCurrent;
}

void Session::onStateChanged(ConnectionManager::State state)
{
    const bool live = state == ConnectionManager::State::Live;
    if (live) {
        m_lastCurrent = QDateTime::currentDateTimeUtc();
    } else if (m_wasLive) {
        // Leaving Live: the data was current when the stream last showed it worked (its last
        // frame or pong), not when the app noticed that it stopped.
        const QDateTime last = m_connection.lastReceivedAt();
        m_lastCurrent = last.isValid() ? last : QDateTime::currentDateTimeUtc();
    }
    const bool changed = live != m_wasLive;
    m_wasLive = live;
    if (changed)
        Q_EMIT freshnessChanged(live, asOf());
    if (state == ConnectionManager::State::Unauthorized) {
        if (m_driverToken)
            Q_EMIT staffTokenRequired();
        else
            Q_EMIT unauthorized();
    }
}

} // namespace Ops
