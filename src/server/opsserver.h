#pragma once

#include "auth.h"
#include "core/error.h"
#include "eventhub.h"
#include "simulator.h"
#include "store.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <chrono>
#include <memory>

namespace Ops {

//! \brief The whole reference server in one object: QHttpServer with the REST routes and the
//! WebSocket endpoint on the same port, the Store, Auth, the EventHub and, optionally, the
//! Simulator.
class OpsServer : public QObject
{
    Q_OBJECT

public:
    explicit OpsServer(QObject *parent = nullptr);
    ~OpsServer() override;

    //! Opens the database (see Store::open()).
    [[nodiscard]] Error openStore(const QString &path);
    //! Replaces the users; routes and hub see the new set at once.
    void setAuth(const Auth &auth) { m_auth = auth; }

    //! Auth timeout and heartbeat interval of the WebSocket sessions (tests use milliseconds).
    void setSessionTimeouts(std::chrono::milliseconds authTimeout,
        std::chrono::milliseconds heartbeatInterval);

    //! Creates and starts the simulator (replacing an earlier one).
    Simulator &startSimulator(quint32 seed, std::chrono::milliseconds interval);
    [[nodiscard]] Simulator *simulator() const { return m_simulator.get(); }

    //! Listens on \a address:\a port (0 = any free port). Returns the bound port, 0 on failure.
    [[nodiscard]] quint16 listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_port; }

    [[nodiscard]] Store &store() { return m_store; }
    [[nodiscard]] EventHub &hub() { return m_hub; }
    [[nodiscard]] const Auth &auth() const { return m_auth; }

private:
    Store m_store;
    Auth m_auth;
    EventHub m_hub;
    QHttpServer m_http;
    std::unique_ptr<Simulator> m_simulator;
    quint16 m_port = 0;
};

} // namespace Ops
