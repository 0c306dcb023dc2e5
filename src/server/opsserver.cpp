#include "opsserver.h"

#include "core/logging.h"
#include "orderroutes.h"

using namespace Qt::StringLiterals;

namespace Ops {

OpsServer::OpsServer(QObject *parent)
    : QObject(parent)
    , m_hub(m_store, m_auth)
{
    // The upgrade route first: the first matching route wins.
    m_hub.attach(m_http);
    registerOrderRoutes(m_http, m_store, m_auth);
}

OpsServer::~OpsServer()
{
    // The simulator writes through the store and the hub listens to it: stop writers first.
    m_simulator.reset();
}

Error OpsServer::openStore(const QString &path)
{
    return m_store.open(path);
}

void OpsServer::setSessionTimeouts(std::chrono::milliseconds authTimeout,
    std::chrono::milliseconds heartbeatInterval)
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

quint16 OpsServer::listen(const QHostAddress &address, quint16 port)
{
    m_port = m_http.listen(address, port);
    if (m_port == 0)
        qCWarning(lcServerHttp) << "cannot listen on" << address.toString() << port;
    else
        qCInfo(lcServerHttp) << "listening on" << address.toString() << m_port;
    return m_port;
}

} // namespace Ops
