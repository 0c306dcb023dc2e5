#include "webhookreceiver.h"

using namespace Qt::StringLiterals;

WebhookReceiver::WebhookReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

bool WebhookReceiver::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void WebhookReceiver::goDown()
{
    m_server.close();
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->abort();
    m_stalled.clear();
}

QList<WebhookReceiver::Request> WebhookReceiver::accepted() const
{
    QList<Request> out;
    for (const Request &r : m_requests) {
        if (r.answeredWith == Mode::Accept)
            out.append(r);
    }
    return out;
}

int WebhookReceiver::stalled() const
{
    int count = 0;
    for (const auto &socket : m_stalled)
        count += socket && socket->state() == QAbstractSocket::ConnectedState;
    return count;
}

void WebhookReceiver::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                    lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return;
        request.body = buffer.mid(headEnd + 4, length);
        buffer.remove(0, headEnd + 4 + length);
        request.answeredWith = m_mode;
        m_requests.append(request);
        switch (m_mode) {
        case Mode::Accept:
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
            break;
        case Mode::Fail:
            socket->write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nfail");
            break;
        case Mode::Stall:
            m_stalled.append(socket);
            break;
        }
    }
}
