#pragma once

#include <memory>

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

//! \brief A loopback TCP proxy that can cut, black-hole (half-open) and refuse connections.
//!
//! Clients connect to port(); each connection is forwarded to the upstream port. blackhole()
//! keeps every socket open but drops all bytes in both directions, which is what a dead NAT or
//! a pulled cable looks like to both peers: no FIN, nothing arrives.
class FaultProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultProxy)

public:
    explicit FaultProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~FaultProxy() override;

    //! Listens on 127.0.0.1 (port 0 = any). Returns the bound port.
    quint16 listen(quint16 port = 0);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }

    //! Drops every byte from now on, keeping sockets open.
    void setBlackhole(bool on) { m_blackhole = on; }
    [[nodiscard]] bool isBlackhole() const { return m_blackhole; }
    //! Delays every byte by \a ms in both directions (order is kept).
    void setDelay(int ms) { m_delayMs = ms; }
    //! Resets every proxied connection (both sides see an abrupt close).
    void cutAll();
    //! While refusing, new connections are accepted and immediately reset.
    void setRefusing(bool on) { m_refusing = on; }

    [[nodiscard]] int openConnections() const;
    [[nodiscard]] int peakConnections() const { return m_peak; }
    [[nodiscard]] int totalConnections() const { return m_total; }

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray pendingToUpstream;
    };
    void onNewConnection();
    void prune();
    void forward(QTcpSocket *to, const QByteArray &data);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    bool m_blackhole = false;
    bool m_refusing = false;
    int m_delayMs = 0;
    int m_peak = 0;
    int m_total = 0;
    QList<std::shared_ptr<Pair>> m_pairs;
};
