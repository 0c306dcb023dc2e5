#include "opsserver.h"

#include "alertroutes.h"
#include "core/logging.h"
#include "driverroutes.h"
#include "kpiroutes.h"
#include "orderroutes.h"
#include "paymentroutes.h"

using namespace Qt::StringLiterals;

namespace Ops {

OpsServer::OpsServer(QObject *parent)
    : QObject(parent)
    , m_hub(m_store, m_auth)
{
    // The upgrade route first: the first matching route wins.
    m_hub.attach(m_http);
    registerServiceRoutes(m_http, m_store);
    registerOrderRoutes(m_http, m_store, m_auth);
    registerDriverRoutes(m_http, m_store, m_auth);
    registerPaymentRoutes(m_http, m_store, m_auth);
    registerAlertRoutes(m_http, m_store, m_auth);
    registerKpiRoutes(m_http, m_store, m_auth);
    // Another instance reset the shared log: positions of the old epoch mean nothing now. The
    // sessions reconnect, resume with their old epoch and get `resync`.
    connect(&m_store, &Store::logReset, this,
        [this] { m_hub.closeAll(Wire::CloseCode::GoingAway, u"event log reset; resubscribe"_s); });
    connect(&m_retentionTimer, &QTimer::timeout, this, [this] { trimLog(); });
    m_retentionTimer.start(std::chrono::seconds(60));
}

void OpsServer::setAuth(const Auth &auth)
{
    m_auth = auth;
    m_hub.reauthorizeSessions();
}

void OpsServer::setRetention(
    int keepEvents, std::chrono::seconds maxAge, std::chrono::milliseconds every)
{
    m_keepEvents = keepEvents;
    m_maxEventAge = maxAge;
    m_retentionTimer.start(every);
}

qint64 OpsServer::trimLog()
{
    if (!m_store.isOpen())
        return 0;
    const qint64 byCount = m_store.trimLog(m_keepEvents);
    const qint64 byAge =
        m_store.trimLogOlderThan(QDateTime::currentDateTimeUtc().addSecs(-m_maxEventAge.count()));
    return qMax<qint64>(0, byCount) + qMax<qint64>(0, byAge);
}

AlertEngine &OpsServer::startAlertEngine(std::chrono::milliseconds interval)
{
    m_alertEngine = std::make_unique<AlertEngine>(m_store);
    m_alertEngine->setInterval(interval);
    m_alertEngine->start();
    return *m_alertEngine;
}

OpsServer::~OpsServer()
{
    // The simulator writes through the store and the hub listens to it: stop writers first.
    m_simulator.reset();
    m_alertEngine.reset();
}

Error OpsServer::openStore(const QString &path)
{
    return m_store.open(path);
}

void OpsServer::setSessionTimeouts(
    std::chrono::milliseconds authTimeout, std::chrono::milliseconds heartbeatInterval)
{
    m_hub.setAuthTimeout(authTimeout);
    m_hub.setHeartbeatInterval(heartbeatInterval);
}

Simulator &OpsServer::startSimulator(quint32 seed, std::chrono::milliseconds interval)
{
    m_simulator = std::make_unique<Simulator>(m_store, seed);
    m_simulator->setInterval(interval);
    m_simulator->start();
    return *m_simulator;
}

void OpsServer::setHttpLimits(const HttpLimits &limits)
{
    m_httpLimits = limits;
    if (m_listener)
        m_listener->setLimits(limits);
}

quint16 OpsServer::listen(const QHostAddress &address, quint16 port)
{
    auto listener = std::make_unique<HttpListener>();
    listener->setLimits(m_httpLimits);
    if (!listener->listen(address, port)) {
        qCWarning(lcServerHttp) << "cannot listen on" << address.toString() << port << ":"
                                << listener->errorString();
        return 0;
    }
    m_port = listener->serverPort();
    m_listener = listener.release();
    m_listener->attachTo(m_http); // m_http owns it from here
    qCInfo(lcServerHttp) << "listening on" << address.toString() << m_port;
    return m_port;
}

} // namespace Ops
