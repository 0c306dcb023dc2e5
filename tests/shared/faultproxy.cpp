#include "faultproxy.h"

#include <QTimer>

FaultProxy::FaultProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    cutAll();
}

quint16 FaultProxy::listen(quint16 port)
{
    if (!m_server.isListening() && !m_server.listen(QHostAddress::LocalHost, port))
        return 0;
    return m_server.serverPort();
}

void FaultProxy::cutAll()
{
    // A copy: abort() emits disconnected(), whose handler prunes m_pairs.
    const auto pairs = m_pairs;
    for (const auto &pair : pairs) {
        if (pair->client)
            pair->client->abort();
        if (pair->upstream)
            pair->upstream->abort();
    }
    prune();
}

int FaultProxy::openConnections() const
{
    int n = 0;
    for (const auto &pair : m_pairs) {
        if (pair->client && pair->client->state() == QAbstractSocket::ConnectedState)
            ++n;
    }
    return n;
}

void FaultProxy::forward(QTcpSocket *to, const QByteArray &data)
{
    if (m_delayMs <= 0) {
        to->write(data);
        return;
    }
    // Timers of equal interval fire in start order, so bytes keep their order.
    QTimer::singleShot(m_delayMs, to, [to, data] { to->write(data); });
}

void FaultProxy::prune()
{
    m_pairs.removeIf([](const std::shared_ptr<Pair> &p) { return !p->client && !p->upstream; });
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(this);
        ++m_total;
        if (m_refusing) {
            client->abort();
            client->deleteLater();
            continue;
        }
        auto pair = std::make_shared<Pair>();
        pair->client = client;
        auto *upstream = new QTcpSocket(this);
        pair->upstream = upstream;
        m_pairs.append(pair);
        m_peak = std::max(m_peak, openConnections());

        std::weak_ptr<Pair> weak = pair;
        connect(client, &QTcpSocket::readyRead, this, [this, weak] {
            auto p = weak.lock();
            if (!p || !p->client)
                return;
            const QByteArray data = p->client->readAll();
            if (m_blackhole)
                return;
            if (p->upstream && p->upstream->state() == QAbstractSocket::ConnectedState)
                forward(p->upstream, data);
            else
                p->pendingToUpstream += data;
        });
        connect(upstream, &QTcpSocket::connected, this, [weak] {
            auto p = weak.lock();
            if (p && p->upstream && !p->pendingToUpstream.isEmpty())
                p->upstream->write(std::exchange(p->pendingToUpstream, {}));
        });
        connect(upstream, &QTcpSocket::readyRead, this, [this, weak] {
            auto p = weak.lock();
            if (!p || !p->upstream)
                return;
            const QByteArray data = p->upstream->readAll();
            if (!m_blackhole && p->client)
                forward(p->client, data);
        });
        const auto closeBoth = [this, weak] {
            auto p = weak.lock();
            if (!p)
                return;
            // Detach first: disconnectFromHost() may emit disconnected() and re-enter here.
            QPointer<QTcpSocket> client = std::exchange(p->client, nullptr);
            QPointer<QTcpSocket> upstream = std::exchange(p->upstream, nullptr);
            for (const QPointer<QTcpSocket> &socket : { client, upstream }) {
                if (socket) {
                    socket->disconnectFromHost();
                    socket->deleteLater();
                }
            }
            prune();
        };
        connect(client, &QTcpSocket::disconnected, this, closeBoth);
        connect(upstream, &QTcpSocket::disconnected, this, closeBoth);
        connect(
            upstream, &QTcpSocket::errorOccurred, this, [this, weak](QAbstractSocket::SocketError) {
                auto p = weak.lock();
                if (p && p->client && !m_blackhole)
                    p->client->abort();
            });
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}
